"""The scheduler as staff use it: accepted requests become meetings that keep every rule, marks set
priorities, locks and published meetings stay put, late changes, agendas, figures and surveys."""

import datetime
from collections import Counter

import pytest
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar

from spona.fair import agendas, schedules, services, surveys
from spona.fair.models import FairEdition, Mark, Meeting, MeetingOutcome, MeetingRequest, Representative
from spona.fair.scheduling.model import Assignment
from tests.factories import MembershipFactory, UserFactory
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairEditionFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
)

pytestmark = pytest.mark.django_db


def _accepted(sender, recipient) -> MeetingRequest:
    return MeetingRequestFactory(sender=sender, recipient=recipient, edition=sender.edition)


def _check_rules(edition: FairEdition) -> None:
    meetings = list(Meeting.objects.filter(edition=edition).select_related("request__sender", "request__recipient"))
    slots = len(edition.slots())
    assert len({(m.slot, m.table) for m in meetings}) == len(meetings)
    per_slot = Counter(m.slot for m in meetings)
    assert all(count <= edition.tables for count in per_slot.values())
    busy = Counter()
    for meeting in meetings:
        assert 0 <= meeting.slot < slots and 0 <= meeting.table < edition.tables
        for side in (meeting.request.sender, meeting.request.recipient):
            assert meeting.slot not in side.unavailable_slots
            busy[side.pk, meeting.slot] += 1
    for (participant_id, _slot), count in busy.items():
        capacity = max(1, Representative.objects.filter(participant_id=participant_id).count())
        assert count <= capacity


def test_the_day_structure_gives_the_slots():
    edition = FairEditionFactory(day_start=datetime.time(10), day_end=datetime.time(16), meeting_minutes=20)
    slots = edition.slots()
    assert len(slots) == 15  # 10:00–12:00 and 13:00–16:00 in 20-minute meetings, lunch skipped
    assert slots[5][1].time() == datetime.time(12, 0) and slots[6][0].time() == datetime.time(13, 0)


def test_a_run_places_every_accepted_request_it_can_and_keeps_every_rule(staff_user):
    edition = FairEditionFactory(tables=3)
    csos = [FairParticipantFactory(edition=edition) for _ in range(6)]
    companies = [CompanyParticipantFactory(edition=edition, unavailable_slots=[0, 1, 2]) for _ in range(3)]
    for cso in csos:
        for company in companies:
            _accepted(cso, company)
    waiting = FairParticipantFactory(edition=edition)
    MeetingRequestFactory(sender=waiting, recipient=companies[0], edition=edition, status="pending")  # not placed
    run = schedules.run_scheduler(edition=edition, user=staff_user, time_limit=2)
    assert run.requests == 18 and run.placed == 18 and run.placed_weight <= run.upper_bound + 1e-6
    _check_rules(edition)


def test_marks_set_priorities_and_no_thanks_keeps_a_meeting_out(staff_user):
    edition = FairEditionFactory()
    cso, company, other = (
        FairParticipantFactory(edition=edition),
        CompanyParticipantFactory(edition=edition),
        FairParticipantFactory(edition=edition),
    )
    wanted, refused = _accepted(cso, company), _accepted(other, company)
    Mark.objects.create(edition=edition, source=cso, target=company, level="must")
    Mark.objects.create(edition=edition, source=company, target=cso, level="like")
    Mark.objects.create(edition=edition, source=company, target=other, level="no")
    weights = schedules.request_weights(edition, [wanted, refused])
    assert weights == {wanted.pk: 1 + 3 + 1 + 2, refused.pk: 0}
    run = schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    assert Meeting.objects.filter(request=wanted).exists() and not Meeting.objects.filter(request=refused).exists()
    assert run.unplaced == {str(refused.pk): {"code": "no_thanks"}}


def test_representatives_hold_meetings_side_by_side(staff_user):
    edition = FairEditionFactory(day_start=datetime.time(10), day_end=datetime.time(10, 20), breaks=[])  # one slot
    company = CompanyParticipantFactory(edition=edition)
    first, second = (_accepted(FairParticipantFactory(edition=edition), company) for _ in range(2))
    run = schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    assert run.placed == 1
    reason = next(iter(run.unplaced.values()))
    assert reason["code"] == "participant_full"
    names = {company.pk: company.organization.name}
    assert "over-booked" in schedules.describe_reason(
        reason["code"], {k: v for k, v in reason.items() if k != "code"}, names
    )
    Representative.objects.create(participant=company, name="Druga predstavnica")
    Representative.objects.create(participant=company, name="Prva predstavnica")
    assert schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1).placed == 2
    assert set(Meeting.objects.values_list("slot", flat=True)) == {0}
    _check_rules(edition)
    assert {first.pk, second.pk} == set(Meeting.objects.values_list("request_id", flat=True))


def test_locked_and_published_meetings_stay_put_through_a_late_change(staff_user):
    edition = FairEditionFactory(tables=2)
    companies = [CompanyParticipantFactory(edition=edition) for _ in range(2)]
    csos = [FairParticipantFactory(edition=edition) for _ in range(4)]
    for cso in csos[:3]:
        for company in companies:
            _accepted(cso, company)
    schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    locked = Meeting.objects.first()
    schedules.lock_meeting(meeting=locked, user=staff_user, locked=True)
    schedules.publish_agenda(edition=edition, user=staff_user, final=False)
    before = {m.request_id: (m.slot, m.table) for m in Meeting.objects.all()}
    late = _accepted(csos[3], companies[0])  # a new request after publishing
    run = schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    after = {m.request_id: (m.slot, m.table) for m in Meeting.objects.all()}
    assert all(after[pk] == place for pk, place in before.items())
    assert late.pk in after and run.moved == 0
    assert Meeting.objects.get(pk=locked.pk).locked
    _check_rules(edition)


def test_a_cancelled_participant_frees_its_slots_without_moving_the_rest(staff_user):
    edition = FairEditionFactory()
    company = CompanyParticipantFactory(edition=edition)
    csos = [FairParticipantFactory(edition=edition) for _ in range(3)]
    for cso in csos:
        _accepted(cso, company)
    schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    schedules.publish_agenda(edition=edition, user=staff_user, final=True)
    kept = {m.request_id: (m.slot, m.table) for m in Meeting.objects.exclude(request__sender=csos[0])}
    services.cancel_participation(participant=csos[0], user=staff_user)
    schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    assert {m.request_id: (m.slot, m.table) for m in Meeting.objects.all()} == kept


def test_agendas_show_published_meetings_as_html_pdf_and_icalendar(client, staff_user, member_user, organization):
    edition = FairEditionFactory()
    cso = FairParticipantFactory(edition=edition, organization=organization)
    company = CompanyParticipantFactory(edition=edition)
    _accepted(cso, company)
    schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    assert schedules.agenda_for(cso) == []  # not published yet
    assert len(schedules.agenda_for(cso, include_unpublished=True)) == 1
    schedules.publish_agenda(edition=edition, user=staff_user, final=True)
    rows = schedules.agenda_for(cso)
    assert rows[0].other == company and rows[0].table >= 1
    assert agendas.agenda_pdf(cso, rows).startswith(b"%PDF")
    calendar = Calendar.from_ical(agendas.agenda_calendar(cso, rows, url="https://x"))
    event = next(iter(calendar.walk("VEVENT")))
    assert company.organization.name in str(event["summary"])
    assert event.decoded("dtstart") == rows[0].start
    client.force_login(member_user)
    page = client.get(f"/en/fair/participants/{cso.pk}/agenda/").content.decode()
    assert company.organization.name in page


def test_figures_of_an_edition(staff_user):
    edition = FairEditionFactory()
    cso, company = FairParticipantFactory(edition=edition), CompanyParticipantFactory(edition=edition)
    _accepted(cso, company)
    MeetingRequestFactory(
        sender=FairParticipantFactory(edition=edition), recipient=company, edition=edition, status="declined"
    )
    schedules.run_scheduler(edition=edition, user=staff_user, time_limit=1)
    meeting = Meeting.objects.get()
    MeetingOutcome.objects.create(meeting=meeting, participant=cso, outcome="valuable")
    figures = schedules.edition_figures(edition)
    assert figures == {
        "csos": 2,
        "companies": 1,
        "proposals": 0,
        "requests": 2,
        "accepted": 1,
        "meetings": 1,
        "held": 1,
        "partnerships": 0,
        "over": False,
    }


def test_surveys_go_out_once_the_day_after_and_six_months_later(organization, member_user):
    today = timezone.localdate()
    edition = FairEditionFactory(date=today - datetime.timedelta(days=1))
    FairParticipantFactory(edition=edition, organization=organization)
    now = timezone.now()
    assert surveys.send_surveys(now=now) == 1
    assert surveys.send_surveys(now=now) == 0  # re-run: nothing twice
    later = now + datetime.timedelta(days=183)
    assert surveys.send_surveys(now=later) == 1
    assert surveys.send_surveys(now=later) == 0


def test_survey_e_mails_reach_the_members(organization, member_user, mail):
    edition = FairEditionFactory(date=timezone.localdate() - datetime.timedelta(days=1))
    FairParticipantFactory(edition=edition, organization=organization)
    MembershipFactory(user=UserFactory(email="second@example.org"), organization=organization)
    with mail.committing():
        surveys.send_surveys()
    assert sorted(r[0] for r in mail.recipients) == ["member@example.org", "second@example.org"]
    assert "/fair/participants/" in mail.outbox[0].body


def test_meetings_that_swap_places_are_written_without_two_at_one_table_at_any_moment(staff_user):
    edition = FairEditionFactory()
    first = _accepted(FairParticipantFactory(edition=edition), CompanyParticipantFactory(edition=edition))
    second = _accepted(FairParticipantFactory(edition=edition), CompanyParticipantFactory(edition=edition))
    third = _accepted(FairParticipantFactory(edition=edition), CompanyParticipantFactory(edition=edition))
    Meeting.objects.create(edition=edition, request=first, slot=0, table=0, published=True)
    Meeting.objects.create(edition=edition, request=second, slot=0, table=1)

    schedules.apply_assignments(
        edition, [Assignment(first.pk, 0, 1), Assignment(second.pk, 0, 0), Assignment(third.pk, 1, 0)]
    )

    placed = {m.request_id: (m.slot, m.table, m.published) for m in Meeting.objects.filter(edition=edition)}
    assert placed == {first.pk: (0, 1, False), second.pk: (0, 0, False), third.pk: (1, 0, False)}


@pytest.fixture
def placed_meeting():
    request = MeetingRequestFactory()
    return Meeting.objects.create(request=request, edition=request.edition, slot=2, table=1)


def test_the_database_holds_one_meeting_per_table_and_slot(placed_meeting):
    other = MeetingRequestFactory(
        sender=FairParticipantFactory(edition=placed_meeting.edition),
        recipient=CompanyParticipantFactory(edition=placed_meeting.edition),
    )
    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            request=other, edition=placed_meeting.edition, slot=placed_meeting.slot, table=placed_meeting.table
        )


def test_the_same_table_and_slot_are_free_at_another_fair(placed_meeting):
    elsewhere = FairEditionFactory()
    other = MeetingRequestFactory(
        sender=FairParticipantFactory(edition=elsewhere), recipient=CompanyParticipantFactory(edition=elsewhere)
    )
    Meeting.objects.create(request=other, edition=elsewhere, slot=placed_meeting.slot, table=placed_meeting.table)
    assert Meeting.objects.filter(slot=placed_meeting.slot, table=placed_meeting.table).count() == 2


def test_agendas_and_the_table_plan_show_only_meetings_of_requests_still_accepted(staff_user):
    edition = FairEditionFactory()
    cso, company = FairParticipantFactory(edition=edition), CompanyParticipantFactory(edition=edition)
    request = _accepted(cso, company)
    Meeting.objects.create(edition=edition, request=request, slot=0, table=0, published=True)
    assert [row.request for row in schedules.agenda_for(cso)] == [request]

    MeetingRequest.objects.filter(pk=request.pk).update(status=MeetingRequest.Status.CANCELLED)

    assert schedules.agenda_for(cso) == [] and schedules.agenda_for(company, include_unpublished=True) == []
    assert all(meetings == [] for _start, _end, meetings in schedules.table_plan(edition))
