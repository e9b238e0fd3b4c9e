"""iCalendar (RFC 5545) feeds of events: training sessions, call deadlines, fair agendas.

Times carry their own time zone (a TZID, with the VTIMEZONE the icalendar package adds), so calendar apps
place them right on both sides of a daylight-saving change. Each event's UID is its kind and key at the site's
host, the same in every feed, so an app that holds a session twice (the public feed and a person's own) shows
it once and follows its changes.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    key: str  # unique on the site, such as "training-session-12"
    start: datetime.datetime  # aware, in the event's own time zone
    end: datetime.datetime
    summary: str
    description: str = ""
    url: str = ""
    location: str = ""
    status: str = ""  # CONFIRMED or CANCELLED, when the feed says
    last_modified: datetime.datetime | None = None


def _host() -> str:
    return settings.SITE_URL.split("://")[-1]


def calendar_bytes(
    events: Iterable[CalendarEvent], *, name: str, product: str, now: datetime.datetime | None = None
) -> bytes:
    """A whole calendar: `product` names what wrote it ("Trainings"), `name` is what apps call the feed."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Spona//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp, host = now or timezone.now(), _host()
    for item in events:
        event = Event()
        event.add("uid", f"{item.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        for field, value in (
            ("description", item.description),
            ("url", item.url),
            ("location", item.location),
            ("status", item.status),
            ("last-modified", item.last_modified),
        ):
            if value:
                event.add(field, value)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str, download: bool = False) -> HttpResponse:
    """A feed calendar apps subscribe to (inline), or one file to add (`download`)."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response
