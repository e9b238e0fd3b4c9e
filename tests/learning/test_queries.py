"""Pages and exports of education cost the same number of queries however many rows they show: a query per
row (a waitlist place, the days attended, seats) fails these tests."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spona.core.seats import SeatsNotCounted
from spona.learning import selectors
from spona.learning.models import Attendance, Registration, TrainingSession
from tests.factories import UserFactory
from tests.learning.factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _people(session: TrainingSession, count: int, status: str) -> list[Registration]:
    return [RegistrationFactory(session=session, status=status) for _ in range(count)]


def _attended(registrations: list[Registration], day: datetime.date) -> None:
    for registration in registrations:
        Attendance.objects.create(registration=registration, day=day, status=Attendance.Status.PRESENT)


@pytest.mark.parametrize("url_name", ["learning:session-participants", "learning:session-export"])
def test_the_participants_page_and_export_cost_the_same_for_more_people(client, staff_user, url_name):
    session = TrainingSessionFactory(capacity=2)
    _attended(_people(session, 2, Registration.Status.CONFIRMED), session.days()[0])
    _people(session, 1, Registration.Status.WAITLISTED)
    client.force_login(staff_user)
    args = [session.pk, "csv"] if url_name.endswith("export") else [session.pk]
    url = reverse(url_name, args=args)
    _queries(client, url)
    few = _queries(client, url)

    _people(session, 5, Registration.Status.WAITLISTED)
    _attended(_people(session, 3, Registration.Status.PENDING), session.days()[0])

    assert _queries(client, url) == few


def test_my_trainings_cost_the_same_for_more_registrations(client, member_user):
    def register(status: str) -> None:
        session = TrainingSessionFactory(capacity=1)
        RegistrationFactory(session=session)
        RegistrationFactory(session=session, participant=member_user, status=status)

    register(Registration.Status.WAITLISTED)
    register(Registration.Status.CONFIRMED)
    client.force_login(member_user)
    url = reverse("learning:my-registrations")
    _queries(client, url)
    few = _queries(client, url)

    for _ in range(3):
        register(Registration.Status.WAITLISTED)
        register(Registration.Status.CONFIRMED)

    assert _queries(client, url) == few


def test_waitlist_places_and_days_attended_are_what_the_rules_say(client, staff_user):
    session = TrainingSessionFactory(capacity=1)
    seated = RegistrationFactory(session=session)
    first, second = _people(session, 2, Registration.Status.WAITLISTED)
    Registration.objects.filter(pk=first.pk).update(waitlisted_at=second.waitlisted_at - datetime.timedelta(hours=1))
    day = session.days()[0]
    Attendance.objects.create(registration=seated, day=day, status=Attendance.Status.LATE)  # late counts
    client.force_login(staff_user)

    page = client.get(reverse("learning:session-participants", args=[session.pk]))
    positions = {registration.pk: registration.position for registration in page.context["registrations"]}
    rows = client.get(reverse("learning:session-export", args=[session.pk, "csv"])).content.decode("utf-8-sig")

    assert positions == {seated.pk: None, first.pk: 1, second.pk: 2}
    by_email = {line.split(",")[1]: line.split(",") for line in rows.splitlines()[1:]}
    assert (by_email[seated.participant.email][4], by_email[seated.participant.email][7]) == ("", "1")
    assert by_email[first.participant.email][4] == "1" and by_email[second.participant.email][4] == "2"


def test_seats_left_is_read_from_the_listing_never_counted_row_by_row(django_assert_num_queries):
    session = TrainingSessionFactory(capacity=3)
    RegistrationFactory(session=session)
    counted = selectors.with_card_relations(TrainingSession.objects.filter(pk=session.pk)).get()
    with django_assert_num_queries(0):
        assert counted.seats_left == 2
    with pytest.raises(SeatsNotCounted):
        TrainingSession.objects.get(pk=session.pk).seats_left  # noqa: B018


def test_feedback_on_my_trainings_opens_on_the_last_day_for_those_who_attended(client):
    person = UserFactory()
    start = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    sessions = [TrainingSessionFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=6)) for _ in range(2)]
    attended, absent = (RegistrationFactory(session=session, participant=person) for session in sessions)
    _attended([attended], sessions[0].days()[0])
    client.force_login(person)
    with time_machine.travel(start + datetime.timedelta(hours=7), tick=False):
        mine = client.get(reverse("learning:my-registrations")).context["registrations"]
    assert {registration.pk: registration.feedback_open for registration in mine} == {
        attended.pk: True,
        absent.pk: False,
    }
