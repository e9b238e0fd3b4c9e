"""English dates in the order people here read them (day, month, year) and 24-hour times."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# A written month keeps short dates unambiguous (04/12 reads as April in the US, December here).
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y") for time in ("%H:%M", "%H:%M:%S")
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
