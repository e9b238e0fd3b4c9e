"""Forms every app shares: the base of every form, which cleans control characters out of what a person
types, and the fields several apps need (amounts of money).

A one-line field (a title, a name) never holds a line break or another control character: browsers
cannot type one, but a hand-made POST can, and a title with `\r\nBcc: x` would become a forged e-mail
header. Such characters become a space. Multi-line fields keep their line breaks and tabs and lose the
rest, which no text needs and which spreadsheets (XLSX) cannot even store. Every form, formset and
admin form of the site derives from `Form` or `ModelForm` here (a test walks them all).
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spona.core.money import AmountError, format_amount, parse_amount

ONE_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
MULTI_LINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def as_one_line(value: str) -> str:
    return ONE_LINE_CONTROL.sub(" ", value).strip()


def without_control_characters(value: str) -> str:
    """Text with its line breaks and tabs, without the control characters no text needs."""
    return MULTI_LINE_CONTROL.sub("", value)


def is_one_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.PasswordInput)


class CleanTextMixin:
    """Runs once every field and the form's own clean() are done, before a ModelForm fills its instance."""

    def _post_clean(self):
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(value, str) or isinstance(field.widget, forms.PasswordInput):
                continue
            self.cleaned_data[name] = as_one_line(value) if is_one_line(field) else without_control_characters(value)
        super()._post_clean()


class Form(CleanTextMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, forms.ModelForm):
    pass


def _with_clean_text(form_class: type) -> type:
    if issubclass(form_class, CleanTextMixin):
        return form_class
    return type(form_class.__name__, (CleanTextMixin, form_class), {"__module__": form_class.__module__})


def clean_text_in_admin(site) -> None:
    """Give the admin forms of the site's own models the same cleaning as every other form (called once
    the admin modules are loaded, so a new app's admin cannot forget it)."""
    for model, model_admin in site._registry.items():
        if not model.__module__.startswith("spona."):
            continue
        for holder in [model_admin, *model_admin.inlines]:
            holder.form = _with_clean_text(holder.form)
        if getattr(model_admin, "add_form", None) is not None:
            model_admin.add_form = _with_clean_text(model_admin.add_form)


class AmountField(forms.DecimalField):
    """A sum of money as people type it ("45.000", "45.000,00", "45 000", "45,000.00"; see `parse_amount`),
    shown back with the language's thousands separator. A text box: a number box refuses "45.000" and "45 000"
    in many browsers."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_amount(str(value))
        except AmountError as error:
            raise ValidationError(
                _("Enter an amount, for example %(example)s."),
                code="invalid",
                params={"example": format_amount(Decimal("45000.50"))},
            ) from error

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_amount(value)
        return value


class SearchableSelectMultiple(forms.SelectMultiple):
    """A long list to choose several from (sectors, regions, municipalities): a plain <select multiple>, with a hint
    for it, that spona.js turns into a search with the chosen ones as chips. Its words in the reader's language ride
    on data attributes. Short lists are checkboxes (CheckboxSelectMultiple) instead."""

    template_name = "core/widgets/searchable_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-searchable": "",
                "data-placeholder": _("Type to search"),
                "data-no-results": _("No results"),
                "data-remove": _("Remove"),
            }
        )
        return context
