"""The registry of personal data: every model that holds personal fields is declared, and the privacy page
is written from the declarations."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from spona.privacy.registry import registry
from tests.factories import UserFactory

PERSONAL_FIELD_NAMES = {"phone", "full_name", "participant_name", "first_name", "last_name"}


def _holds_personal_fields(model) -> bool:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model._meta.label == settings.AUTH_USER_MODEL:
            return True
        if isinstance(field, models.EmailField) or field.name in PERSONAL_FIELD_NAMES:
            return True
    return False


def test_every_model_with_personal_fields_is_declared():
    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if _holds_personal_fields(model) and model not in registry.declared_models()
    ]
    assert undeclared == [], "declare them in their app's personal_data.py (see spona/privacy/registry.py)"


def test_every_holding_names_a_declared_category_and_the_categories_say_everything():
    assert {holding.category for holding in registry.holdings} <= set(registry.categories)
    for category in registry.categories.values():
        assert all(str(text) for text in (category.title, category.what, category.why, category.who, category.kept))


@pytest.mark.django_db
def test_every_holding_finds_rows_of_its_own_model():
    user = UserFactory()
    for holding in registry.holdings:
        assert holding.rows(user).model is holding.model, holding.model


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "bs", "sr-latn", "sr"])
def test_the_privacy_page_says_what_each_part_declares(client, language):
    page = client.get(f"/{language}/privacy/").content.decode()

    with translation.override(language):
        for category in registry.categories.values():
            assert escape(str(category.title)) in page and escape(str(category.kept)) in page
        for purpose in registry.consents.values():
            assert escape(str(purpose.title)) in page
        assert reverse("privacy:contact-removal") in page and reverse("privacy:my-data") in page
    assert settings.SPONA["PRIVACY_EMAIL"] in page
