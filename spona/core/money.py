"""Amounts in the currencies of the region, compared in euros (rates in SPONA["EUR_PER_UNIT"])."""

from decimal import Decimal

from django.conf import settings


def to_eur(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    rate = Decimal(str(settings.SPONA["EUR_PER_UNIT"][currency]))
    return (amount * rate).quantize(Decimal("0.01"))
