"""No overbooking, ever: people taking the last seats at the same moment, from several threads,
each with its own database connection and transaction, on PostgreSQL (the production database)."""

import pytest

from spona.learning import services
from spona.learning.models import Registration
from tests.concurrency import at_once
from tests.factories import UserFactory
from tests.learning.factories import TrainingSessionFactory

# On SQLite the site's database file serializes writers (BEGIN IMMEDIATE); on PostgreSQL the session's row lock
# does. The tests need PostgreSQL (see the `concurrency` marker in tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

THREADS = 8


def _online_session(**fields):
    # Online: transactional tests empty every table, places included, when each one ends.
    return TrainingSessionFactory(format="online", city=None, venue="", **fields)


def test_the_last_seat_goes_to_exactly_one_of_many_taking_it_at_once():
    session = _online_session(capacity=1)
    people = [UserFactory() for _ in range(THREADS)]

    results = at_once(
        lambda person: services.register_for_session(session=session, participant=person, registered_by=person),
        people,
    )

    assert all(isinstance(result, Registration) for result in results), results
    statuses = sorted(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["confirmed"] + ["waitlisted"] * (THREADS - 1)


def test_two_seats_and_eight_people_give_two_seats_and_six_waitlist_places():
    session = _online_session(capacity=2)
    people = [UserFactory() for _ in range(THREADS)]

    at_once(
        lambda person: services.register_for_session(session=session, participant=person, registered_by=person),
        people,
    )

    seats = Registration.objects.filter(session=session, status__in=Registration.SEAT_STATUSES).count()
    waiting = Registration.objects.filter(session=session, status=Registration.Status.WAITLISTED).count()
    assert (seats, waiting) == (2, THREADS - 2)


def test_the_same_person_clicking_twice_at_once_gets_one_registration():
    session = _online_session(capacity=5)
    person = UserFactory()

    results = at_once(
        lambda _n: services.register_for_session(session=session, participant=person, registered_by=person),
        list(range(4)),
    )

    assert Registration.objects.filter(session=session, participant=person).count() == 1
    refused = [result for result in results if isinstance(result, services.RegistrationError)]
    assert len(refused) == 3, results


def test_cancellations_at_once_promote_each_waiting_person_once():
    session = _online_session(capacity=3)
    holders = [UserFactory() for _ in range(3)]
    seats = [services.register_for_session(session=session, participant=p, registered_by=p) for p in holders]
    waiting = [UserFactory() for _ in range(3)]
    for person in waiting:
        services.register_for_session(session=session, participant=person, registered_by=person)

    at_once(lambda seat: services.cancel_registration(registration=seat, user=seat.participant), seats)

    statuses = Registration.objects.filter(session=session, participant__in=waiting).values_list("status", flat=True)
    assert sorted(statuses) == ["confirmed"] * 3
    assert Registration.objects.filter(session=session, status__in=Registration.SEAT_STATUSES).count() == 3
