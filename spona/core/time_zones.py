"""Naming a time zone for people: only when it is not the site's own, and then by its name in their language."""

import datetime
import zoneinfo

from babel.dates import get_timezone_name
from django.conf import settings
from django.utils import timezone

from spona.core.money import babel_locale


def differs_from_site(zone: str, moment: datetime.datetime) -> bool:
    """Whether clocks in `zone` show another time than the site's (TIME_ZONE) at `moment`: Belgrade and
    Sarajevo never do, London always does."""
    other = moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    return other != moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).utcoffset()


def zone_name(zone: str, moment: datetime.datetime | None = None) -> str:
    """The zone's name in the active language at `moment` ("Griničko vrijeme", "Eastern Standard Time"), or ""
    when it is the site's own time. Never the database name ("Europe/London")."""
    moment = moment or timezone.now()
    if not zone or not differs_from_site(zone, moment):
        return ""
    return get_timezone_name(moment.astimezone(zoneinfo.ZoneInfo(zone)), width="long", locale=babel_locale())
