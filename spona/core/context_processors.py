"""Values every template needs: the navigation, the language links and the site's URL."""

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from spona.core.page_cache import current_generation

NAVIGATION = [
    ("directory:organization-list", _("Directory"), "directory"),
    ("learning:session-list", _("Trainings"), "learning"),
    ("portal:section", _("Calls"), "calls"),
    ("portal:section", _("News"), "news"),
    ("portal:section", _("Partnership Fair"), "fair"),
    ("portal:section", _("Campaigns"), "campaigns"),
    ("portal:section", _("Events"), "events"),
]


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
        "navigation": NAVIGATION,
        "site_url": settings.SITE_URL,
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        # For {% cache %} fragments of public content: a change to it starts a new generation.
        "content_generation": SimpleLazyObject(current_generation),
        # The same for fragments of the learning area (seats left change with every registration).
        "learning_generation": SimpleLazyObject(lambda: current_generation("learning")),
    }
