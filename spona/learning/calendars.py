"""iCalendar (RFC 5545) output of training sessions: the public feed, a person's own feed, and one
session for "add to calendar". Times carry their time zone (TZID with a VTIMEZONE), so calendar
apps place them right on both sides of a daylight-saving change."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from spona.learning.models import TrainingSession

PRODUCT_ID = "-//Spona//Trainings//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(session: TrainingSession) -> str:
    if session.format == TrainingSession.Format.ONLINE:
        return "Online"
    parts = [session.venue, session.address, session.city.name if session.city else ""]
    return ", ".join(part for part in parts if part)


def session_event(session: TrainingSession, *, url: str, now: datetime.datetime | None = None) -> Event:
    event = Event()
    event.add("uid", f"training-session-{session.pk}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", session.local_start)
    event.add("dtend", session.local_end)
    event.add("summary", session.course.title)
    event.add("description", f"{session.course.summary}\n\n{url}")
    event.add("url", url)
    location = _location(session)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if session.status == TrainingSession.Status.CANCELLED else "CONFIRMED")
    event.add("last-modified", session.updated_at)
    return event


def sessions_calendar(sessions, *, name: str, url_for, now: datetime.datetime | None = None) -> bytes:
    """`url_for(session)` gives each session's absolute URL."""
    calendar = _calendar(name)
    for session in sessions:
        calendar.add_component(session_event(session, url=url_for(session), now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
