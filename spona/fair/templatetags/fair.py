"""Template tags other apps' pages use to show what came of the fair."""

from django import template
from django.db.models import Q

from spona.fair.models import Partnership

register = template.Library()


@register.simple_tag
def public_partnerships(organization) -> list[Partnership]:
    """Partnerships of the organization that both sides agreed to show."""
    return list(
        Partnership.objects.filter(Q(cso=organization) | Q(company=organization))
        .filter(cso_agrees_to_show=True, company_agrees_to_show=True)
        .select_related("cso", "company", "edition")
        .order_by("-created_at")
    )
