"""The scheduler and the people using the fair at the same time, each with its own connection (PostgreSQL).

The scheduler solves for up to its time limit plus the bound's: nobody may wait for that, and what changes
meanwhile must not be undone by the schedule it writes."""

import pytest
from django.core.exceptions import ValidationError

from spona.directory.models import Organization
from spona.fair import schedules, services
from spona.fair.models import FairParticipant, Meeting, MeetingRequest
from tests.concurrency import impatient, meanwhile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import FairEditionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _participant(edition, kind: str) -> FairParticipant:
    # No places: transactional tests empty every table, places included, when each one ends.
    organization = OrganizationFactory(kind=kind, municipality=None, legal_form=None, sectors=[])
    return FairParticipant.objects.create(
        edition=edition, organization=organization, role="company" if kind == Organization.Kind.COMPANY else "cso"
    )


def _after_the_snapshot():
    """True from the statement after the scheduler's last read of its snapshot (the meetings already placed)
    on: from then on it is solving, and the next statement is the first it sends with a solution in hand."""
    read_meetings = False

    def when(sql: str) -> bool:
        nonlocal read_meetings
        if read_meetings:
            return True
        read_meetings = 'FROM "fair_meeting"' in sql
        return False

    return when


def test_requests_and_cancellations_go_on_while_the_scheduler_solves_and_a_cancelled_one_gets_no_meeting():
    staff = UserFactory(is_staff=True, is_superuser=True)
    edition = FairEditionFactory(city=None)
    cso, other_cso = _participant(edition, "cso"), _participant(edition, "cso")
    company, other_company = _participant(edition, "company"), _participant(edition, "company")
    kept = MeetingRequest.objects.create(edition=edition, sender=cso, recipient=company, status="accepted")
    cancelled = MeetingRequest.objects.create(
        edition=edition, sender=other_cso, recipient=other_company, status="accepted"
    )
    member = UserFactory()
    MembershipFactory(user=member, organization=other_cso.organization)

    def the_others_meanwhile():
        services.cancel_request(request=cancelled, user=member)
        # Sending a request locks the edition: it must not wait for the solve.
        return services.send_request(sender=other_cso, recipient=company, user=member)

    with meanwhile(_after_the_snapshot(), impatient(the_others_meanwhile)) as other:
        run = schedules.run_scheduler(edition=edition, user=staff, time_limit=2)

    assert other.ran and other.error is None, other.error
    assert isinstance(other.value, MeetingRequest)
    assert MeetingRequest.objects.get(pk=cancelled.pk).status == MeetingRequest.Status.CANCELLED
    assert list(Meeting.objects.filter(edition=edition).values_list("request_id", flat=True)) == [kept.pk]
    assert run.placed == 1
    assert [row.request for row in schedules.agenda_for(other_cso, include_unpublished=True)] == []


def test_a_schedule_changed_while_the_scheduler_solves_is_not_overwritten():
    """Staff lock a meeting (or another run writes) while a run solves: the run is refused, not written over it."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    edition = FairEditionFactory(city=None)
    request = MeetingRequest.objects.create(
        edition=edition, sender=_participant(edition, "cso"), recipient=_participant(edition, "company"),
        status="accepted",
    )  # fmt: skip
    meeting = Meeting.objects.create(edition=edition, request=request, slot=3, table=2)

    def lock_it():
        schedules.lock_meeting(meeting=Meeting.objects.get(pk=meeting.pk), user=staff, locked=True)

    with meanwhile(_after_the_snapshot(), impatient(lock_it)) as other, pytest.raises(ValidationError) as refused:
        schedules.run_scheduler(edition=edition, user=staff, time_limit=2)

    assert other.ran and other.error is None, other.error
    assert "The schedule changed while the scheduler was working" in str(refused.value)
    assert Meeting.objects.filter(pk=meeting.pk, slot=3, table=2, locked=True).exists()
