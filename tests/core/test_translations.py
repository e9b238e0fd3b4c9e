"""The catalogs are complete, and the messages of Django and allauth that their own catalogs lack are ours."""

from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, pgettext

LOCALE = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", ["bs", "sr_Latn", "sr"])
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_is_translated(language, domain):
    with (LOCALE / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("bs", "Unesite najviše 2 decimale."),
        ("sr-latn", "Unesite najviše 2 decimale."),
        ("sr", "Унесите највише 2 децимале."),
    ],
)
def test_django_validator_messages_are_in_the_users_language(language, expected):
    field = forms.DecimalField(decimal_places=2)
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            field.clean(Decimal("1.234"))
        assert error.value.messages == [expected]


def test_password_rules_are_bosnian():
    with translation.override("bs"):
        with pytest.raises(ValidationError) as error:
            validate_password("12345678")
        assert error.value.messages == ["Ova lozinka je previše česta.", "Ova lozinka se sastoji samo od cifara."]


@pytest.mark.parametrize(
    ("language", "message", "expected"),
    [
        ("bs", "Skip to main content", "Preskoči na glavni sadržaj"),
        ("bs", "View site", "Otvori stranicu"),
        ("bs", "Change", "Izmijeni"),
        ("bs", "Accounts", "Računi"),
        ("sr", "Accounts", "Налози"),
        ("bs", "Sites", "Stranice"),
        ("bs", "Task Results", "Rezultati zadataka"),
        ("bs", "Recover %(name)s", "Vrati: %(name)s"),
    ],
)
def test_admin_and_third_party_app_names(language, message, expected):
    with translation.override(language):
        assert gettext(message) == expected


def test_serbian_sign_up_page_says_prijavite():
    message = "Already have an account? Then please %(link)ssign in%(end_link)s."
    with translation.override("sr-latn"):
        assert "prijavite" in gettext(message).lower()
    with translation.override("sr"):
        assert "пријавите" in gettext(message).lower()


@pytest.mark.parametrize(
    ("language", "expected"), [("bs", "decembra"), ("sr-latn", "decembra"), ("sr", "децембра"), ("en", "December")]
)
def test_months_in_dates_are_genitive_and_lower_case(language, expected):
    with translation.override(language):
        assert pgettext("alt. month", "December") == expected
