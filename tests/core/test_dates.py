"""The range of dates the site accepts (spona/core/dates.py)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from spona.core import dates


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1900, 1, 1),
        datetime.date(2100, 12, 31),
        datetime.datetime(2100, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 4, 13, 0),
    ],
)
def test_dates_inside_the_range_pass(value):
    dates.validate_date_in_range(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1, 1, 1),
        datetime.date(1899, 12, 31),
        datetime.date(2101, 1, 1),
        datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime.max,
    ],
)
def test_dates_outside_the_range_are_refused(value):
    with pytest.raises(ValidationError) as error:
        dates.validate_date_in_range(value)
    assert error.value.code == "date_out_of_range"


def test_the_form_field_refuses_the_far_future_before_any_time_zone_conversion():
    field = dates.DateTimeField()

    with pytest.raises(ValidationError):
        field.clean("9999-12-31T23:59")
    assert field.clean("2030-01-01T10:00").year == 2030


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", datetime.date(2026, 3, 1)),
        (" 2100-12 ", datetime.date(2100, 12, 1)),
        ("2026-3", datetime.date(2026, 3, 1)),
    ],
)
def test_months_are_parsed(text, expected):
    assert dates.parse_month(text) == expected


@pytest.mark.parametrize(
    "text", ["9999-12", "0001-01", "1899-12", "2026-13", "2026-00", "sutra", "", "-2026-01", "20261-1"]
)
def test_months_outside_the_range_or_malformed_are_refused(text):
    with pytest.raises(ValueError):
        dates.parse_month(text)


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "2026-02-30", "x"])
def test_days_outside_the_range_or_malformed_are_refused(text):
    with pytest.raises(ValueError):
        dates.parse_day(text)


def test_every_date_a_person_or_the_admin_can_enter_is_bounded():
    """A model's validators also run in the admin and in every ModelForm."""
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("spona.")
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField)  # DateTimeField too
        and field.editable
        and not (field.auto_now or field.auto_now_add)
        and dates.validate_date_in_range not in field.validators
    ]
    assert unbounded == []
