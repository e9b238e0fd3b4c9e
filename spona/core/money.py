"""Amounts in the currencies of the region: compared in euros (rates in SPONA["EUR_PER_UNIT"]), written and read
the way each UI language writes numbers ("2.500 KM" in Bosnian and Serbian, "BAM 2,500" in English).

Currency symbols and their place come from the Unicode CLDR (through Babel): BAM is "KM" locally, RSD "din." in
Bosnian and "RSD" in Serbian.
"""

import re
from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, get_currency_symbol
from django.conf import settings

from spona.core.models import current_script_language

NBSP = "\N{NO-BREAK SPACE}"
BABEL_LOCALES = {"en": "en", "bs": "bs", "sr-latn": "sr_Latn", "sr": "sr_Cyrl"}


def to_eur(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    rate = Decimal(str(settings.SPONA["EUR_PER_UNIT"][currency]))
    return (amount * rate).quantize(Decimal("0.01"))


def babel_locale() -> str:
    """The CLDR locale of the active UI language."""
    return BABEL_LOCALES[current_script_language()]


def format_amount(value: Decimal | int | float) -> str:
    """A number with the language's thousands separator; cents only when there are any."""
    value = Decimal(str(value))
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return format_decimal(value, format=pattern, locale=babel_locale())


def _symbol_first() -> bool:
    pattern = Locale.parse(babel_locale()).currency_formats["standard"].pattern
    return pattern.strip().startswith("¤")


def _with_symbol(number: str, currency: str) -> str:
    symbol = get_currency_symbol(currency, locale=babel_locale())
    if _symbol_first():
        # CLDR separates a symbol made of letters from the digits ("BAM 2,500"), not one like "€" ("€2,500").
        return f"{symbol}{NBSP if symbol[-1].isalpha() else ''}{number}"
    return f"{number}{NBSP}{symbol}"


def format_money(value: Decimal | int | float | None, currency: str) -> str:
    if value is None:
        return ""
    return _with_symbol(format_amount(value), currency)


def format_money_range(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """ "2.500 – 25.000 KM": the symbol once; one end alone when the other is missing."""
    if low is None or high is None or low == high:
        return format_money(high if low is None else low, currency)
    return _with_symbol(f"{format_amount(low)} – {format_amount(high)}", currency)


# What people type around a number: spaces of every kind and apostrophes between groups, a currency's name.
_IGNORED = re.compile(r"[\s\u00a0\u202f'’]")
_CURRENCIES = r"(?:km|км|bam|rsd|din\.?|дин\.?|eur|€|usd|us\$|\$)"
_CURRENCY = re.compile(rf"^{_CURRENCIES}|{_CURRENCIES}$")
_GROUPED = re.compile(r"\d{1,3}(?:X\d{3})+")


class AmountError(ValueError):
    pass


def parse_amount(text: str) -> Decimal:
    """Read an amount as people type it: "45.000", "45.000,00", "45000", "45 000", "45,000.00".

    Money has two decimals at most, so a lone "." or "," followed by exactly three digits groups thousands
    in every language ("45.000" and "45,000" are forty-five thousand), and is the decimal point otherwise
    ("45,5", "45.50"). With both, the last one is the decimal point.
    """
    cleaned = _CURRENCY.sub("", _IGNORED.sub("", text.strip().lower()))
    sign = ""
    if cleaned[:1] in {"-", "−"}:
        sign, cleaned = "-", cleaned[1:]
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _separator, fraction = cleaned.rpartition(decimal)
        if group in whole and not _GROUPED.fullmatch(whole.replace(group, "X")):
            raise AmountError(text)
        number = f"{whole.replace(group, '')}.{fraction}"
    elif "," in cleaned or "." in cleaned:
        separator = "," if "," in cleaned else "."
        if _GROUPED.fullmatch(cleaned.replace(separator, "X")):
            number = cleaned.replace(separator, "")
        elif cleaned.count(separator) == 1:
            number = cleaned.replace(separator, ".")
        else:
            raise AmountError(text)
    else:
        number = cleaned
    if not re.fullmatch(r"\d+(?:\.\d+)?", number):
        raise AmountError(text)
    return Decimal(sign + number)
