"""Dates, times, numbers and money as each language writes them (spona/core/formats, spona/core/money)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from spona.core.forms import AmountField
from spona.core.money import AmountError, format_money, format_money_range, parse_amount
from spona.core.time_zones import zone_name

SARAJEVO = zoneinfo.ZoneInfo("Europe/Sarajevo")
MOMENT = datetime.datetime(2026, 12, 4, 13, 5, tzinfo=SARAJEVO)

EXPECTED = {
    "en": {
        "DATE_FORMAT": "4 December 2026",
        "DATETIME_FORMAT": "4 December 2026, 13:05",
        "SHORT_DATE_FORMAT": "4 Dec 2026",
        "SHORT_DATETIME_FORMAT": "4 Dec 2026, 13:05",
        "YEAR_MONTH_FORMAT": "December 2026",
        "MONTH_DAY_FORMAT": "4 December",
        "TIME_FORMAT": "13:05",
    },
    "bs": {
        "DATE_FORMAT": "4. decembra 2026.",
        "DATETIME_FORMAT": "4. decembra 2026. 13:05",
        "SHORT_DATE_FORMAT": "04. 12. 2026.",
        "SHORT_DATETIME_FORMAT": "04. 12. 2026. 13:05",
        "YEAR_MONTH_FORMAT": "decembar 2026.",
        "MONTH_DAY_FORMAT": "4. decembra",
        "TIME_FORMAT": "13:05",
    },
    "sr-latn": {
        "DATE_FORMAT": "4. decembra 2026.",
        "DATETIME_FORMAT": "4. decembra 2026. 13:05",
        "SHORT_DATE_FORMAT": "04. 12. 2026.",
        "SHORT_DATETIME_FORMAT": "04. 12. 2026. 13:05",
        "YEAR_MONTH_FORMAT": "decembar 2026.",
        "MONTH_DAY_FORMAT": "4. decembra",
        "TIME_FORMAT": "13:05",
    },
    "sr": {
        "DATE_FORMAT": "4. децембра 2026.",
        "DATETIME_FORMAT": "4. децембра 2026. 13:05",
        "SHORT_DATE_FORMAT": "04. 12. 2026.",
        "SHORT_DATETIME_FORMAT": "04. 12. 2026. 13:05",
        "YEAR_MONTH_FORMAT": "децембар 2026.",
        "MONTH_DAY_FORMAT": "4. децембра",
        "TIME_FORMAT": "13:05",
    },
}


@pytest.mark.parametrize("language", EXPECTED)
def test_named_formats_of_every_language(language):
    with translation.override(language):
        shown = {name: formats.date_format(MOMENT, name) for name in EXPECTED[language] if name != "TIME_FORMAT"}
        shown["TIME_FORMAT"] = formats.time_format(MOMENT, "TIME_FORMAT")
    assert shown == EXPECTED[language]


@pytest.mark.parametrize("language", EXPECTED)
def test_every_month_is_lower_case_in_bosnian_and_serbian_and_never_gets_two_dots(language):
    with translation.override(language):
        dates = [formats.date_format(datetime.date(2026, month, 1), "DATE_FORMAT") for month in range(1, 13)]
    assert not any(".." in date for date in dates)
    if language != "en":
        assert all(date.split()[1].islower() for date in dates)
    if language == "bs":
        assert dates[5:8] == ["1. juna 2026.", "1. jula 2026.", "1. augusta 2026."]


@pytest.mark.parametrize(
    ("language", "typed"), [("bs", "4. 12. 2026."), ("bs", "04.12.2026."), ("sr", "4.12.2026"), ("en", "04/12/2026")]
)
def test_dates_are_read_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("language", "low", "high", "currency", "expected"),
    [
        ("bs", 2500, 25000, "BAM", "2.500 – 25.000\u00a0KM"),
        ("sr-latn", 2500, 25000, "BAM", "2.500 – 25.000\u00a0KM"),
        ("sr", 2500, 25000, "BAM", "2.500 – 25.000\u00a0КМ"),
        ("en", 2500, 25000, "BAM", "BAM\u00a02,500 – 25,000"),
        ("en", 2500, 25000, "EUR", "€2,500 – 25,000"),
        ("bs", 1200000, 1200000, "RSD", "1.200.000\u00a0din."),
        ("sr-latn", None, 3000, "RSD", "3.000\u00a0RSD"),
    ],
)
def test_money_ranges(language, low, high, currency, expected):
    with translation.override(language):
        assert format_money_range(low, high, currency) == expected


def test_cents_show_only_when_there_are_any():
    with translation.override("bs"):
        assert format_money(Decimal("2500.50"), "EUR") == "2.500,50\u00a0€"
        assert format_money(Decimal("2500.00"), "EUR") == "2.500\u00a0€"
    with translation.override("en"):
        assert format_money(Decimal("2500.50"), "USD") == "$2,500.50"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("45.000", "45000"),
        ("45.000,00", "45000.00"),
        ("45000", "45000"),
        ("45 000", "45000"),
        ("45\u00a0000", "45000"),
        ("45,000.00", "45000.00"),
        ("45,000", "45000"),
        ("1.234.567", "1234567"),
        ("45,5", "45.5"),
        ("45.50", "45.50"),
        ("45.000 KM", "45000"),
    ],
)
@pytest.mark.parametrize("language", ["bs", "en", "sr"])
def test_amounts_are_read_as_people_type_them(language, typed, amount):
    with translation.override(language):
        assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["45.00.0", "4,5.000", "abc", "1..0", ""])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(AmountError):
        parse_amount(typed)


def test_the_money_field_reads_local_input_and_shows_it_back_grouped():
    field = AmountField(max_digits=12, decimal_places=2, required=False)
    with translation.override("bs"):
        assert field.clean("45.000,00") == Decimal("45000.00")
        assert field.prepare_value(Decimal("45000")) == "45.000"
        with pytest.raises(forms.ValidationError) as error:
            field.clean("četrdeset")
        assert error.value.messages == ["Unesite iznos, na primjer 45.000,50."]
        with pytest.raises(forms.ValidationError) as error:
            field.clean("45,1234")
        assert error.value.messages == ["Unesite najviše 2 decimale."]
    with translation.override("en"):
        assert field.prepare_value(Decimal("45000.5")) == "45,000.50"
        assert 'inputmode="decimal"' in field.widget.render("amount", "45000")


def test_a_zone_is_named_only_when_it_is_not_the_sites():
    with translation.override("bs"):
        assert zone_name("Europe/Belgrade", MOMENT) == ""
        assert zone_name("Europe/Sarajevo", MOMENT) == ""
        assert zone_name("Europe/London", MOMENT) == "Griničko vrijeme"
    with translation.override("en"):
        assert zone_name("America/New_York", MOMENT) == "Eastern Standard Time"
    with translation.override("sr"):
        assert zone_name("Europe/London", MOMENT) == "Средње време по Гриничу"


def test_template_tags():
    template = Template(
        "{% load local_formats %}{% money_range low high 'BAM' %}|{% money_amount fee 'EUR' %}|{{ big|amount }}"
    )
    with translation.override("bs"):
        shown = template.render(Context({"low": 2500, "high": 25000, "fee": Decimal(45), "big": 1234567}))
    assert shown == "2.500 – 25.000\u00a0KM|45\u00a0€|1.234.567"
