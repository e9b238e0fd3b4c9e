"""Values every template needs: the navigation, the language links and the site's URL."""

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    ("directory:organization-list", _("Directory"), "directory"),
    ("portal:section", _("Trainings"), "trainings"),
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
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def site(request):
    return {
        "navigation": NAVIGATION,
        "site_url": settings.SITE_URL,
        "language_links": SimpleLazyObject(lambda: language_links(request)),
    }
