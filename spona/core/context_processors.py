"""Values every template needs: the navigation and the site's URL."""

from django.conf import settings
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


def site(request):
    return {"navigation": NAVIGATION, "site_url": settings.SITE_URL}
