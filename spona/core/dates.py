"""The range of dates the site accepts, and the form fields that keep to it.

Python's datetime ends at the years 1 and 9999, so a date near either end overflows as soon as it is
moved between time zones (a deadline on 9999-12-31 23:30 UTC is in the year 10000 in Sarajevo) and
brings down every page that shows it. Nothing the center does needs dates outside these bounds, so
every date a person types (forms, filters, the admin through the models' validators, the API) is
checked against them before anything converts it.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def validate_date_in_range(value) -> None:
    """Raise ValidationError for a date or date-time outside EARLIEST..LATEST (compared by calendar
    date, without converting between time zones)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def _input_type(widget) -> str | None:
    return widget.attrs.get("type") or getattr(widget, "input_type", None)


class DateField(forms.DateField):
    """A date within the site's range (the browser's date picker is bounded the same way)."""

    default_validators = [validate_date_in_range]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if _input_type(widget) == "date":
            attrs.update(min=EARLIEST.isoformat(), max=LATEST.isoformat())
        return attrs


class DateTimeField(forms.DateTimeField):
    """A date and time within the site's range."""

    default_validators = [validate_date_in_range]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if _input_type(widget) == "datetime-local":
            attrs.update(min=f"{EARLIEST.isoformat()}T00:00", max=f"{LATEST.isoformat()}T23:59")
        return attrs


def parse_month(value: str) -> datetime.date:
    """The first day of a month written `YYYY-MM` (what <input type="month"> sends); ValueError for
    anything else, including months outside the site's range."""
    year_text, separator, month_text = value.strip()[:7].partition("-")
    if not separator or not (year_text.isdigit() and month_text.isdigit()) or len(year_text) != 4:
        raise ValueError(value)
    first = datetime.date(int(year_text), int(month_text), 1)
    if not EARLIEST <= first <= LATEST:
        raise ValueError(value)
    return first


def parse_day(value: str) -> datetime.date:
    """A date written `YYYY-MM-DD`, within the site's range; ValueError for anything else."""
    day = datetime.date.fromisoformat(value)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(value)
    return day
