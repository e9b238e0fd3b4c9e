"""Training sessions as calendar events: the public feed, a person's own feed, and one session for "add to
calendar" (written by spona.core.calendars)."""

import datetime

from spona.core.calendars import CalendarEvent, calendar_bytes
from spona.learning.models import TrainingSession


def _location(session: TrainingSession) -> str:
    if session.format == TrainingSession.Format.ONLINE:
        return "Online"
    parts = [session.venue, session.address, session.city.name if session.city else ""]
    return ", ".join(part for part in parts if part)


def session_event(session: TrainingSession, *, url: str) -> CalendarEvent:
    return CalendarEvent(
        key=f"training-session-{session.pk}",
        start=session.local_start,
        end=session.local_end,
        summary=session.course.title,
        description=f"{session.course.summary}\n\n{url}",
        url=url,
        location=_location(session),
        status="CANCELLED" if session.status == TrainingSession.Status.CANCELLED else "CONFIRMED",
        last_modified=session.updated_at,
    )


def sessions_calendar(sessions, *, name: str, url_for, now: datetime.datetime | None = None) -> bytes:
    """`url_for(session)` gives each session's absolute URL."""
    events = [session_event(session, url=url_for(session)) for session in sessions]
    return calendar_bytes(events, name=name, product="Trainings", now=now)
