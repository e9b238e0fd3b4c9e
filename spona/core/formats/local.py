"""The formats Bosnian and Serbian (both scripts) share; each language's module takes them as they are."""

# "E" is the month in the genitive ("decembra"), as a date needs it; "F" the nominative ("decembar").
DATE_FORMAT = "j. E Y."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. E Y. H:i"
YEAR_MONTH_FORMAT = "F Y."
MONTH_DAY_FORMAT = "j. E"
SHORT_DATE_FORMAT = "d. m. Y."
SHORT_DATETIME_FORMAT = "d. m. Y. H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is how a date field shows its value; all are accepted (and ISO 8601 always).
DATE_INPUT_FORMATS = ["%d. %m. %Y.", "%d.%m.%Y.", "%d. %m. %Y", "%d.%m.%Y", "%d. %m. %y.", "%d.%m.%y.", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}"
    for date in ("%d. %m. %Y.", "%d.%m.%Y.", "%d. %m. %Y", "%d.%m.%Y", "%Y-%m-%d")
    for time in ("%H:%M", "%H:%M:%S")
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
