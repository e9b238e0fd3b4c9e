"""The public portal: the home page and the pages of sections still being built (reads other apps)."""

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from spona.calls import selectors as calls_selectors
from spona.core.page_cache import public_page
from spona.directory.models import Organization
from spona.directory.selectors import published_organizations, with_listing_relations
from spona.learning import selectors as learning_selectors

SECTIONS = {
    "campaigns": (_("Campaigns"), _("Advocacy campaigns and coalitions.")),
    "events": (_("Events"), _("Public events of the resource center and its partners.")),
}


@public_page(area=("learning", "calls"))
def home(request: HttpRequest) -> HttpResponse:
    counts = dict(published_organizations().values_list("kind").annotate(n=Count("pk")).order_by())
    latest = with_listing_relations(published_organizations().order_by("-published_at", "-pk")[:6])
    kinds = [(value, label, counts.get(value, 0)) for value, label in Organization.Kind.choices]
    return render(
        request,
        "portal/home.html",
        {
            "kinds": kinds,
            "total": sum(counts.values()),
            "latest": latest,
            "sessions": learning_selectors.upcoming_sessions(limit=4),
            "calls": calls_selectors.closing_soon(limit=4),
            "open_calls": calls_selectors.open_calls().count(),
            "news": calls_selectors.latest_news(limit=3),
        },
    )


@public_page
def section(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SECTIONS:
        raise Http404
    title, description = SECTIONS[slug]
    return render(request, "portal/section.html", {"title": title, "description": description})
