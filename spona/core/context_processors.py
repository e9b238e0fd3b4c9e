"""Values every template needs: the navigation, the language links and the site's URL."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from spona.core.page_cache import current_generation

# (URL name, its arguments, label, section): the section marks the current page's link.
NAVIGATION = [
    ("directory:organization-list", (), _("Directory"), "directory"),
    ("learning:session-list", (), _("Trainings"), "learning"),
    ("calls:call-list", (), _("Calls"), "calls"),
    ("calls:news-list", (), _("News"), "news"),
    ("fair:edition-list", (), _("Partnership Fair"), "fair"),
    ("capacity:framework-list", (), _("Capacity building"), "capacity"),
    ("portal:section", ("campaigns",), _("Campaigns"), "campaigns"),
    ("portal:section", ("events",), _("Events"), "events"),
]


def current_section(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name == "portal":
        return match.kwargs.get("slug", "")
    if match.app_name == "calls":
        return "news" if (match.url_name or "").startswith("news") else "calls"
    return match.app_name


def navigation(request) -> list[tuple[str, str, str, bool]]:
    section = current_section(request)
    return [(reverse(name, args=args), label, slug, slug == section) for name, args, label, slug in NAVIGATION]


def language_links(request) -> list[dict]:
    """This page in every language: plain links (the language is the URL's prefix), so they work
    without JavaScript, need no form or cookie, and let search engines find every version."""
    path = request.get_full_path()
    current = get_language()
    prefix = f"/{current}/"
    links = []
    for code, _name in settings.LANGUAGES:
        # Every page's address differs between languages only by its prefix (no translated paths).
        url = f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else translate_url(path, code)
        links.append(
            {"code": code, "name": get_language_info(code)["name_local"], "url": url, "current": code == current}
        )
    return links


def site(request):
    return {
        "navigation": SimpleLazyObject(lambda: navigation(request)),
        "site_url": settings.SITE_URL,
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        # For {% cache %} fragments of public content: a change to it starts a new generation.
        "content_generation": SimpleLazyObject(current_generation),
        # The same for fragments of the learning area (seats left change with every registration).
        "learning_generation": SimpleLazyObject(lambda: current_generation("learning")),
        "calls_generation": SimpleLazyObject(lambda: current_generation("calls")),
    }
