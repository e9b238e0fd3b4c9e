"""The fair's schedule: from accepted requests to meetings in (slot, table) pairs, with the engine in
spona.fair.scheduling; staff locks, preliminary and final agendas, and late changes."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django_tasks import task

from spona.fair import notifications, scheduling
from spona.fair.models import FairEdition, FairParticipant, Mark, Meeting, MeetingRequest, ScheduleRun
from spona.fair.permissions import is_fair_staff

# Request weights: every accepted request counts; marks of either side raise it, a mutual wish most.
WEIGHT_BASE = 1
WEIGHT_MARK = {Mark.Level.MUST: 3, Mark.Level.LIKE: 1}
WEIGHT_MUTUAL = 2


def _active_participants(edition: FairEdition) -> list[FairParticipant]:
    return list(
        edition.participants.filter(status=FairParticipant.Status.REGISTERED).annotate(
            representative_count=Count("representatives")
        )
    )


def request_weights(edition: FairEdition, requests: list[MeetingRequest]) -> dict[int, int]:
    """Each request's priority, from both sides' marks; a "no thanks" from either side excludes it (0)."""
    marks = {(m.source_id, m.target_id): m.level for m in Mark.objects.filter(edition=edition)}
    weights = {}
    for request in requests:
        there = marks.get((request.sender_id, request.recipient_id))
        back = marks.get((request.recipient_id, request.sender_id))
        if Mark.Level.NO in (there, back):
            weights[request.pk] = 0
            continue
        weight = WEIGHT_BASE + WEIGHT_MARK.get(there, 0) + WEIGHT_MARK.get(back, 0)
        if there in WEIGHT_MARK and back in WEIGHT_MARK:
            weight += WEIGHT_MUTUAL
        weights[request.pk] = weight
    return weights


@dataclass
class Plan:
    instance: scheduling.Instance
    requests: dict[int, MeetingRequest]
    excluded: list[int]  # accepted requests a "no thanks" keeps out
    meetings: dict[int, tuple[int, int, bool, bool]]  # request -> (slot, table, locked, published) as they were


def build_instance(edition: FairEdition) -> Plan:
    participants = _active_participants(edition)
    active = {p.pk for p in participants}
    slots = len(edition.slots())
    accepted = list(
        MeetingRequest.objects.filter(edition=edition, status=MeetingRequest.Status.ACCEPTED).select_related(
            "sender__organization", "recipient__organization"
        )
    )
    accepted = [r for r in accepted if r.sender_id in active and r.recipient_id in active]
    weights = request_weights(edition, accepted)
    kept = [r for r in accepted if weights[r.pk] > 0]
    meetings = {m.request_id: m for m in Meeting.objects.filter(edition=edition, request_id__in=[r.pk for r in kept])}
    pinned = {pk: (m.slot, m.table) for pk, m in meetings.items() if m.locked and m.slot < slots}
    published = {pk: (m.slot, m.table) for pk, m in meetings.items() if m.published and not m.locked and m.slot < slots}
    instance = scheduling.Instance(
        slots=slots,
        tables=edition.tables,
        participants=tuple(
            scheduling.Participant(
                id=p.pk,
                capacity=max(1, p.representative_count) if p.role == FairParticipant.Role.COMPANY else 1,
                unavailable=frozenset(s for s in p.unavailable_slots if 0 <= s < slots),
            )
            for p in participants
        ),
        requests=tuple(
            scheduling.Request(id=r.pk, a=r.sender_id, b=r.recipient_id, weight=weights[r.pk]) for r in kept
        ),
        pinned=pinned,
        published=published,
    )
    return Plan(
        instance=instance,
        requests={r.pk: r for r in kept},
        excluded=[r.pk for r in accepted if weights[r.pk] == 0],
        meetings=_placed(meetings.values()),
    )


def _placed(meetings) -> dict[int, tuple[int, int, bool, bool]]:
    return {m.request_id: (m.slot, m.table, m.locked, m.published) for m in meetings}


def run_scheduler(
    *, edition: FairEdition, user, mode: str = "fast", allow_moves: bool = False, time_limit: float | None = None
) -> ScheduleRun:
    """Place the accepted requests. Locked meetings stay; published ones stay unless `allow_moves`.

    Solving takes up to the time limit and the bound, so it holds no lock and no transaction: requests,
    answers and cancellations go on meanwhile (on SQLite, every write would wait for the solve). It works on a
    snapshot; then, with the edition locked again, an assignment whose request is no longer accepted is dropped,
    and the run is refused when the schedule itself changed meanwhile (another run, a lock, a published agenda).
    """
    if not is_fair_staff(user):
        raise PermissionDenied
    with transaction.atomic():
        plan = build_instance(FairEdition.objects.select_for_update().get(pk=edition.pk))
    try:
        result = scheduling.schedule(
            plan.instance, mode=mode, allow_moves=allow_moves, time_limit=time_limit, compute_bound=True,
            bound_time_limit=20.0 if mode == "fast" else 120.0,
        )  # fmt: skip
    except scheduling.PinConflictError as error:
        raise ValidationError(
            _("The locked meetings break a rule: %(problems)s") % {"problems": "; ".join(error.problems)}
        ) from error
    with transaction.atomic():
        edition = FairEdition.objects.select_for_update().get(pk=edition.pk)
        # Locked until the schedule commits: a cancellation now waits, then takes its meeting off.
        still_accepted = set(
            MeetingRequest.objects.select_for_update(of=("self",))
            .filter(
                pk__in=list(plan.requests),
                status=MeetingRequest.Status.ACCEPTED,
                sender__status=FairParticipant.Status.REGISTERED,
                recipient__status=FairParticipant.Status.REGISTERED,
            )
            .values_list("pk", flat=True)
        )
        before = {pk: place for pk, place in plan.meetings.items() if pk in still_accepted}
        if _placed(Meeting.objects.filter(edition=edition, request_id__in=still_accepted)) != before:
            raise ValidationError(
                _(
                    "The schedule changed while the scheduler was working (another run, a lock or a published "
                    "agenda): run it again."
                )
            )
        assignments = [a for a in result.assignments if a.request_id in still_accepted]
        weights = {request.id: request.weight for request in plan.instance.requests}
        dropped_weight = sum(weights[a.request_id] for a in result.assignments if a.request_id not in still_accepted)
        apply_assignments(edition, assignments)
        unplaced = {
            str(pk): {"code": reason.code, **reason.params}
            for pk, reason in result.unplaced.items()
            if pk in still_accepted
        }
        for pk in plan.excluded:
            unplaced[str(pk)] = {"code": "no_thanks"}
        published = {pk for pk, (_slot, _table, _locked, was_published) in before.items() if was_published}
        run = ScheduleRun.objects.create(
            edition=edition,
            created_by=user,
            mode=mode,
            allow_moves=allow_moves,
            requests=len(still_accepted) + len(plan.excluded),
            placed=len(assignments),
            placed_weight=result.placed_weight - dropped_weight,
            upper_bound=result.upper_bound,
            status=result.status,
            wall_time=result.wall_time,
            gaps=result.gaps,
            moved=len([pk for pk in result.moved if pk in published]),
            unplaced=unplaced,
        )
    return run


# Slots past any fair's day, where moving meetings wait while the others take their places: one meeting per
# (edition, slot, table) holds at every statement, and a swap of two meetings would otherwise break it midway.
PARKED_SLOTS = 10_000


def apply_assignments(edition: FairEdition, assignments) -> None:
    """Make the edition's meetings the scheduler's assignments: the others go, new ones come, moved ones move."""
    Meeting.objects.filter(edition=edition).exclude(request_id__in=[a.request_id for a in assignments]).delete()
    existing = {m.request_id: m for m in Meeting.objects.filter(edition=edition)}
    moved = []
    for assignment in assignments:
        meeting = existing.get(assignment.request_id)
        if meeting is not None and (meeting.slot, meeting.table) != (assignment.slot, assignment.table):
            meeting.slot, meeting.table = assignment.slot, assignment.table
            meeting.published = False  # a moved meeting is no longer what participants were sent
            moved.append(meeting)
    Meeting.objects.filter(pk__in=[m.pk for m in moved]).update(slot=F("slot") + PARKED_SLOTS)
    Meeting.objects.bulk_update(moved, ["slot", "table", "published"])
    Meeting.objects.bulk_create(
        [
            Meeting(edition=edition, request_id=a.request_id, slot=a.slot, table=a.table)
            for a in assignments
            if a.request_id not in existing
        ]
    )


@task()
def run_scheduler_task(*, edition_id: int, user_id: int, mode: str, allow_moves: bool) -> int:
    """Optimize mode searches for minutes: it runs in the task worker, not in a web request."""
    run = run_scheduler(
        edition=FairEdition.objects.get(pk=edition_id),
        user=get_user_model().objects.get(pk=user_id),
        mode=mode,
        allow_moves=allow_moves,
    )
    return run.pk


def queue_scheduler_run(*, edition: FairEdition, user, allow_moves: bool) -> None:
    if not is_fair_staff(user):
        raise PermissionDenied
    run_scheduler_task.enqueue(edition_id=edition.pk, user_id=user.pk, mode="optimize", allow_moves=allow_moves)


@transaction.atomic
def lock_meeting(*, meeting: Meeting, user, locked: bool) -> Meeting:
    if not is_fair_staff(user):
        raise PermissionDenied
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


@transaction.atomic
def publish_agenda(*, edition: FairEdition, user, final: bool) -> int:
    """Send every participant their agenda: preliminary (may still change) or final."""
    if not is_fair_staff(user):
        raise PermissionDenied
    edition = FairEdition.objects.select_for_update().get(pk=edition.pk)
    count = Meeting.objects.filter(edition=edition).update(published=True)
    edition.schedule_state = FairEdition.ScheduleState.FINAL if final else FairEdition.ScheduleState.PRELIMINARY
    edition.save(update_fields=["schedule_state", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_agenda_published(edition.pk))
    return count


@dataclass
class AgendaRow:
    meeting: Meeting
    start: datetime.datetime
    end: datetime.datetime
    table: int  # as printed: from 1
    other: FairParticipant
    request: MeetingRequest


def agenda_for(participant: FairParticipant, *, include_unpublished: bool = False) -> list[AgendaRow]:
    """A participant's meetings in time order (what was published, unless staff look at a draft)."""
    slots = participant.edition.slots()
    meetings = Meeting.objects.filter(
        Q(request__sender=participant) | Q(request__recipient=participant),
        edition=participant.edition,
        request__status=MeetingRequest.Status.ACCEPTED,  # a meeting of a request called off is no meeting
    ).select_related("request__sender__organization", "request__recipient__organization", "request__proposal")
    if not include_unpublished:
        meetings = meetings.filter(published=True)
    rows = []
    for meeting in meetings.order_by("slot"):
        if meeting.slot >= len(slots):
            continue
        start, end = slots[meeting.slot]
        rows.append(
            AgendaRow(meeting, start, end, meeting.table + 1, meeting.request.other(participant), meeting.request)
        )
    return rows


def table_plan(edition: FairEdition) -> list[tuple[datetime.datetime, datetime.datetime, list[Meeting]]]:
    """Every slot with its meetings by table, for the organizers' printed plan."""
    by_slot: dict[int, list[Meeting]] = {}
    for meeting in (
        Meeting.objects.filter(edition=edition, request__status=MeetingRequest.Status.ACCEPTED)
        .select_related("request__sender__organization", "request__recipient__organization")
        .order_by("slot", "table")
    ):
        by_slot.setdefault(meeting.slot, []).append(meeting)
    return [(start, end, by_slot.get(index, [])) for index, (start, end) in enumerate(edition.slots())]


@dataclass
class ScheduleRow:
    """One line of the schedule page: a slot with its meetings, a break, or a run of empty slots with why."""

    kind: str  # "slot", "break" or "empty"
    start: datetime.datetime
    end: datetime.datetime
    meetings: list[Meeting]
    why: str = ""


def _why_empty(slot: int, plan: Plan) -> str:
    """Why no meeting is in an empty slot, as far as the fair's data tells."""
    if not plan.requests:
        return _("No accepted meeting requests to place yet.")
    waiting = [r for r in plan.instance.requests if r.id not in plan.meetings]
    if not waiting:
        return _("Every accepted request is placed in other slots.")
    unavailable = {p.id: p.unavailable for p in plan.instance.participants}
    if all(slot in unavailable.get(r.a, ()) or slot in unavailable.get(r.b, ()) for r in waiting):
        return _("Those still waiting for a meeting marked this time unavailable (arriving late, leaving early).")
    return _("Requests still waiting could meet here: run the scheduler.")


def schedule_rows(edition: FairEdition) -> list[ScheduleRow]:
    """The day as the schedule page shows it: each slot with meetings, breaks, and runs of empty slots
    (one row per run with the same reason), so no stretch of the day is left unexplained."""
    plan = build_instance(edition)
    rows: list[ScheduleRow] = []
    previous_end = None
    for index, (start, end, meetings) in enumerate(table_plan(edition)):
        if previous_end is not None and start > previous_end:
            rows.append(ScheduleRow("break", previous_end, start, []))
        previous_end = end
        if meetings:
            rows.append(ScheduleRow("slot", start, end, meetings))
            continue
        why = _why_empty(index, plan)
        last = rows[-1] if rows else None
        if last is not None and last.kind == "empty" and last.why == why and last.end == start:
            last.end = end
        else:
            rows.append(ScheduleRow("empty", start, end, [], why))
    return rows


def edition_figures(edition: FairEdition) -> dict[str, int]:
    """The edition's figures; `over` tells whether meetings held and partnerships mean anything yet."""
    participants = edition.participants.filter(status=FairParticipant.Status.REGISTERED)
    meetings = Meeting.objects.filter(edition=edition)
    return {
        "csos": participants.filter(role=FairParticipant.Role.CSO).count(),
        "companies": participants.filter(role=FairParticipant.Role.COMPANY).count(),
        "proposals": edition.proposals.filter(state="approved").count(),
        "requests": edition.requests.exclude(status=MeetingRequest.Status.CANCELLED).count(),
        "accepted": edition.requests.filter(status=MeetingRequest.Status.ACCEPTED).count(),
        "meetings": meetings.count(),
        "held": meetings.filter(outcomes__held=True).distinct().count(),
        "partnerships": edition.partnerships.count(),
        "over": edition.is_over(),
    }


def describe_reason(code: str, params: dict, names: dict[int, str]) -> str:
    """A scheduler's reason for leaving a request out, in words."""
    name = lambda key: names.get(params.get(key), "?")  # noqa: E731
    texts = {
        "unavailable_everywhere": lambda: _("%(name)s is unavailable in every slot.") % {"name": name("participant")},
        "no_common_slot": lambda: _("%(a)s and %(b)s have no free slot in common.") % {"a": name("a"), "b": name("b")},
        "no_tables": lambda: _("The fair has no tables or no slots."),
        "tables_full": lambda: _("Every table is taken in the slots both could meet in."),
        "participant_full": lambda: (
            _("%(name)s is over-booked: %(requests)s accepted requests for %(slots)s places in the day.")
            % {"name": name("participant"), "requests": params.get("requests"), "slots": params.get("slots")}
        ),
        "outweighed": lambda: _("Left out to place meetings of higher priority."),
        "calendars_clash": lambda: _("Their free slots are taken by other meetings of each."),
        "no_thanks": lambda: _("One side marked the other “no thanks”."),
    }
    return texts.get(code, lambda: code)()
