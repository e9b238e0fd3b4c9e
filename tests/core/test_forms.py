"""Every form of the site cleans control characters out of what a person types, and the widgets forms share
(spona/core/forms.py)."""

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.utils import translation

import spona
from spona.core.forms import CleanTextMixin, Form, SearchableSelectMultiple, as_one_line, without_control_characters


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Poziv\r\nBcc: x@example.org", "Poziv Bcc: x@example.org"),
        ("Tab\tu\x0bnaslovu\x1b[31m", "Tab u naslovu [31m"),
        ("Red\u2028drugi", "Red drugi"),
        ("  Čisto  ", "Čisto"),
    ],
)
def test_a_one_line_value_keeps_one_line(typed, kept):
    assert as_one_line(typed) == kept


def test_a_multi_line_value_keeps_its_lines_and_tabs_only():
    assert without_control_characters("Prvi red\r\n\tdrugi\x0b\x07 red\x7f") == "Prvi red\r\n\tdrugi red"


class _Example(Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput)
    code = forms.CharField(widget=forms.HiddenInput)


def test_a_form_cleans_each_field_by_its_kind():
    form = _Example({"title": "A\r\nBcc: x", "body": "Red\r\ndrugi\x0b", "secret": "p\ta\ts", "code": "1\n2"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "A Bcc: x", "body": "Red\r\ndrugi", "secret": "p\ta\ts", "code": "1 2"}


def _every_form_class_of_the_site() -> list[type]:
    for module in pkgutil.walk_packages(spona.__path__, "spona."):
        if ".migrations" not in module.name and not module.name.endswith(".benchmark"):
            importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("spona.") and subclass.__module__ != "spona.core.forms":
                found.append(subclass)
    return found


def test_every_form_of_the_site_derives_from_the_cleaning_base():
    forms_found = _every_form_class_of_the_site()

    assert len(forms_found) > 25
    assert [form for form in forms_found if not issubclass(form, CleanTextMixin)] == []


@pytest.mark.django_db
def test_every_admin_form_of_the_sites_models_cleans_too(rf, staff_user):
    request = rf.get("/")
    request.user = staff_user
    unclean = []
    for model, model_admin in admin.site._registry.items():
        if model.__module__.startswith("spona."):
            forms_used = [model_admin.get_form(request)] + [
                inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
            ]
            unclean += [f"{model.__name__}: {form}" for form in forms_used if not issubclass(form, CleanTextMixin)]
    assert unclean == []


def test_a_searchable_list_is_a_plain_multiple_select_with_its_words_in_the_readers_language():
    widget = SearchableSelectMultiple(choices=[("youth", "Mladi"), ("culture", "Kultura")])
    with translation.override("bs"):
        html = widget.render("sector", ["youth"], attrs={"id": "id_sector"})
    assert '<select name="sector" id="id_sector"' in html and "multiple" in html
    assert 'data-searchable=""' in html
    assert 'data-placeholder="Upišite za pretragu"' in html and 'data-no-results="Nema rezultata"' in html
    assert '<option value="youth" selected>Mladi</option>' in html
    assert 'class="help select-hint">Držite Ctrl' in html  # for the plain list, hidden once it is a search
