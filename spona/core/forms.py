"""Form fields every app shares."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spona.core.money import AmountError, format_amount, parse_amount


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
