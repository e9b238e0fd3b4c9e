"""The seats-and-waitlist mechanism on its own terms, with training sessions as the offering that has seats."""

import datetime

import pytest

from spona.core.seats import seats_left
from spona.learning.models import SEATING, Registration
from tests.factories import OrganizationFactory
from tests.learning.factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_seats_left_never_goes_below_zero():
    assert (seats_left(5, 3), seats_left(5, 5), seats_left(5, 7)) == (2, 0, 0)


def test_waitlist_places_of_several_offerings_in_one_query(django_assert_num_queries):
    sessions = [TrainingSessionFactory(capacity=1) for _ in range(2)]
    waiting = {
        session.pk: [RegistrationFactory(session=session, status=Registration.Status.WAITLISTED) for _ in range(3)]
        for session in sessions
    }
    last = waiting[sessions[0].pk][-1]
    Registration.objects.filter(pk=last.pk).update(waitlisted_at=last.waitlisted_at - datetime.timedelta(days=1))

    with django_assert_num_queries(1):
        positions = SEATING.positions(Registration.objects.filter(session__in=sessions))

    first, second, joined_earliest = waiting[sessions[0].pk]
    assert [positions[r.pk] for r in (joined_earliest, first, second)] == [1, 2, 3]
    assert [positions[r.pk] for r in waiting[sessions[1].pk]] == [1, 2, 3]


def test_the_next_in_line_skips_those_whose_groups_share_is_full():
    session = TrainingSessionFactory(capacity=3, seats_per_organization=1)
    full, other = OrganizationFactory(), OrganizationFactory()
    RegistrationFactory(session=session, organization=full)
    skipped = RegistrationFactory(session=session, organization=full, status=Registration.Status.WAITLISTED)
    fits = RegistrationFactory(session=session, organization=other, status=Registration.Status.WAITLISTED)
    alone = RegistrationFactory(session=session, status=Registration.Status.WAITLISTED)
    late = RegistrationFactory(session=session, status=Registration.Status.WAITLISTED)

    chosen = SEATING.next_in_line(session.registrations.all(), capacity=3, per_group=1)

    assert [r.pk for r in chosen] == [fits.pk, alone.pk]  # two seats were free; `late` waits
    assert skipped not in chosen and late not in chosen
    assert SEATING.has_free_seat(session.registrations.all(), capacity=3, per_group=1, group_id=other.pk)
    assert not SEATING.has_free_seat(session.registrations.all(), capacity=3, per_group=1, group_id=full.pk)
