"""Date, time and number formats of each UI language (FORMAT_MODULE_PATH); Django's own are used for the rest.

Named formats only: templates and code ask for DATE_FORMAT, SHORT_DATETIME_FORMAT and so on, never for a format
string, so each language writes dates its own way: "4. decembra 2026." (the month in the genitive, lower case),
"4 December 2026" in English, 24-hour times everywhere.
"""
