"""iCalendar feeds parse with the icalendar package and keep the right times across DST changes."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from spona.learning import services
from spona.learning.models import Registration, TrainingSession
from tests.factories import UserFactory
from tests.learning.factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

SARAJEVO = zoneinfo.ZoneInfo("Europe/Sarajevo")


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _session_on(day: datetime.date, **fields) -> TrainingSession:
    return TrainingSessionFactory(
        starts_at=datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=SARAJEVO),
        ends_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=SARAJEVO),
        **fields,
    )


def test_sessions_on_both_sides_of_a_dst_change_keep_their_local_times(client, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC))
    winter = _session_on(datetime.date(2027, 3, 26))  # CET, UTC+1
    summer = _session_on(datetime.date(2027, 3, 29))  # CEST, UTC+2: the clocks went forward on the 28th

    events = {event["uid"]: event for event in _events(client.get(reverse("learning:calendar-feed")))}

    by_session = {session.pk: events[f"training-session-{session.pk}@127.0.0.1:8000"] for session in (winter, summer)}
    for session in (winter, summer):
        start = by_session[session.pk].decoded("dtstart")
        assert (start.hour, start.minute) == (9, 30)
        assert start.utcoffset() == session.starts_at.astimezone(SARAJEVO).utcoffset()
        assert start == session.starts_at
    assert by_session[winter.pk].decoded("dtstart").utcoffset() == datetime.timedelta(hours=1)
    assert by_session[summer.pk].decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)
    calendar = Calendar.from_ical(client.get(reverse("learning:calendar-feed")).content)
    assert [zone["tzid"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Sarajevo"]


def test_one_session_downloads_as_an_attachment_with_its_details(client):
    session = TrainingSessionFactory(venue="Hotel Europe", address="Vladislava Skarića 5")

    response = client.get(reverse("learning:session-calendar", args=[session.pk]))

    (event,) = _events(response)
    assert "attachment" in response["Content-Disposition"]
    assert str(event["summary"]) == session.course.title
    assert "Hotel Europe" in str(event["location"])
    assert session.get_absolute_url() in str(event["url"])
    assert event.decoded("dtend") == session.ends_at


def test_a_cancelled_session_says_so_in_the_calendar(client):
    session = TrainingSessionFactory(status=TrainingSession.Status.CANCELLED)

    (event,) = _events(client.get(reverse("learning:session-calendar", args=[session.pk])))

    assert str(event["status"]) == "CANCELLED"


def test_drafts_are_not_in_any_calendar(client):
    draft = TrainingSessionFactory(status=TrainingSession.Status.DRAFT)

    assert _events(client.get(reverse("learning:calendar-feed"))) == []
    assert client.get(reverse("learning:session-calendar", args=[draft.pk])).status_code == 404


def test_a_person_s_feed_holds_their_seats_and_waitlist_places_only(client):
    person = UserFactory()
    seat = RegistrationFactory(participant=person)
    waiting = RegistrationFactory(participant=person, status=Registration.Status.WAITLISTED)
    RegistrationFactory(participant=person, status=Registration.Status.CANCELLED)
    RegistrationFactory()  # someone else's
    feed = services.calendar_feed_for(person)

    events = _events(client.get(reverse("learning:my-calendar", args=[feed.token])))

    assert sorted(str(event["uid"]) for event in events) == sorted(
        f"training-session-{r.session_id}@127.0.0.1:8000" for r in (seat, waiting)
    )


def test_a_renewed_feed_address_ends_the_old_one(client):
    person = UserFactory()
    old = services.calendar_feed_for(person).token

    new = services.renew_calendar_feed(user=person).token

    assert client.get(reverse("learning:my-calendar", args=[old])).status_code == 404
    assert client.get(reverse("learning:my-calendar", args=[new])).status_code == 200
    assert client.get(reverse("learning:my-calendar", args=["x" * 500])).status_code == 404
