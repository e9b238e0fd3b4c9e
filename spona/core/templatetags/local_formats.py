"""Amounts of money and time zones as each language writes them: {% money_amount %}, {% money_range %}, the
`amount` filter and {% zone_name %}."""

from django import template

from spona.core import money, time_zones

register = template.Library()


@register.simple_tag
def money_amount(value, currency: str) -> str:
    """ "2.500 KM" in Bosnian and Serbian, "BAM 2,500" in English."""
    return money.format_money(value, currency)


@register.simple_tag
def money_range(low, high, currency: str) -> str:
    """ "2.500 – 25.000 KM"; one amount when the other is missing."""
    return money.format_money_range(low, high, currency)


@register.filter
def amount(value) -> str:
    """A number with the language's thousands separator ("45.000", "45,000")."""
    return "" if value is None else money.format_amount(value)


@register.simple_tag
def zone_name(zone: str, moment=None) -> str:
    """The name of a time zone other than the site's, in the active language; "" for the site's own."""
    return time_zones.zone_name(zone, moment)
