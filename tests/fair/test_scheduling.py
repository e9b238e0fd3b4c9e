"""The fair's meeting scheduler: hard rules on random instances, optimality on tiny ones, reasons, late changes."""

import io
import itertools

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spona.fair.benchmark import generate_instance
from spona.fair.scheduling import (
    Assignment,
    Instance,
    Participant,
    PinConflictError,
    Request,
    Schedule,
    check_schedule,
    schedule,
)
from spona.fair.scheduling.cpsat import solve_cpsat
from spona.fair.scheduling.heuristic import first_fit, heuristic_schedule
from spona.fair.scheduling.problem import build_problem, gaps_in
from spona.fair.scheduling.tables import assign_tables

REASON_CODES = {
    "unavailable_everywhere",
    "no_common_slot",
    "no_tables",
    "tables_full",
    "participant_full",
    "outweighed",
    "calendars_clash",
}


@st.composite
def instances(draw, max_requests: int = 8, max_slots: int = 5) -> Instance:
    """Small fairs with everything that can go wrong: no tables, nobody available, duplicate pairs, pins."""
    slots = draw(st.integers(0, max_slots))
    tables = draw(st.integers(0, 3))
    count = draw(st.integers(2, 6))
    people = [
        Participant(
            id=10 + n,
            capacity=draw(st.sampled_from([0, 1, 1, 1, 2, 3])),
            unavailable=frozenset(draw(st.sets(st.integers(0, max(slots - 1, 0)), max_size=slots))),
        )
        for n in range(count)
    ]
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda pair: pair[0] != pair[1])
    chosen = draw(st.lists(pairs, max_size=max_requests))
    requests = [
        Request(id=100 + k, a=10 + a, b=10 + b, weight=draw(st.integers(1, 3))) for k, (a, b) in enumerate(chosen)
    ]
    pinned: dict[int, tuple[int, int | None]] = {}
    load: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    seats: set[tuple[int, int]] = set()
    by_id = {p.id: p for p in people}
    for request in requests:
        if slots == 0 or tables == 0 or not draw(st.booleans()) or not draw(st.booleans()):
            continue
        slot = draw(st.integers(0, slots - 1))
        table = draw(st.one_of(st.none(), st.integers(0, tables - 1)))
        fits = (
            per_slot.get(slot, 0) < tables
            and all(slot not in by_id[p].unavailable for p in (request.a, request.b))
            and all(load.get((p, slot), 0) < by_id[p].capacity for p in (request.a, request.b))
            and (table is None or (slot, table) not in seats)
        )
        if fits:
            pinned[request.id] = (slot, table)
            per_slot[slot] = per_slot.get(slot, 0) + 1
            for p in (request.a, request.b):
                load[p, slot] = load.get((p, slot), 0) + 1
            if table is not None:
                seats.add((slot, table))
    return Instance(slots=slots, tables=tables, participants=people, requests=requests, pinned=pinned)


def brute_force_weight(instance: Instance) -> int:
    """The best weight by trying every slot (or none) for every request; tables only count per slot."""
    by_id = {p.id: p for p in instance.participants}
    options = [
        [-1]
        + [
            s
            for s in range(instance.slots)
            if instance.tables > 0 and all(s not in by_id[p].unavailable for p in (r.a, r.b))
        ]
        for r in instance.requests
    ]
    best = 0
    for choice in itertools.product(*options):
        if any(
            choice[k] != instance.pinned[r.id][0] for k, r in enumerate(instance.requests) if r.id in instance.pinned
        ):
            continue
        load: dict[tuple[int, int], int] = {}
        per_slot: dict[int, int] = {}
        ok = True
        for request, slot in zip(instance.requests, choice, strict=True):
            if slot < 0:
                continue
            per_slot[slot] = per_slot.get(slot, 0) + 1
            for p in (request.a, request.b):
                load[p, slot] = load.get((p, slot), 0) + 1
                ok = ok and load[p, slot] <= by_id[p].capacity
            ok = ok and per_slot[slot] <= instance.tables
        if ok:
            best = max(best, sum(r.weight for r, s in zip(instance.requests, choice, strict=True) if s >= 0))
    return best


def assert_valid(instance: Instance, result: Schedule) -> None:
    assert check_schedule(instance, result) == []
    placed = result.by_request()
    for request_id, (slot, table) in instance.pinned.items():
        assert placed[request_id].slot == slot
        if table is not None:
            assert placed[request_id].table == table
    assert result.placed_weight <= result.upper_bound
    assert {reason.code for reason in result.unplaced.values()} <= REASON_CODES


def as_schedule(instance: Instance, slot_of: list[int]) -> Schedule:
    """Wrap a bare slot list from one solver part so `check_schedule` can judge it."""
    problem = build_problem(instance)
    tables = assign_tables(problem, slot_of)
    assignments = tuple(Assignment(problem.request_ids[i], s, tables[i]) for i, s in enumerate(slot_of) if s >= 0)
    weight = sum(problem.weight[i] for i, s in enumerate(slot_of) if s >= 0)
    unplaced = {problem.request_ids[i]: None for i, s in enumerate(slot_of) if s < 0}
    return Schedule(assignments, weight, weight, unplaced, "heuristic", 0.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_schedule_keeps_every_hard_rule(instance):
    result = schedule(instance, time_limit=0.5, seed=1)
    assert_valid(instance, result)
    assert set(result.unplaced) == {r.id for r in instance.requests} - set(result.by_request())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_requests=14))
def test_the_heuristic_alone_keeps_every_hard_rule(instance):
    board = heuristic_schedule(build_problem(instance), time_limit=0.2, seed=2)
    assert check_schedule(instance, as_schedule(instance, board.slot_of)) == []


# A ceiling, not a wait: the solvers stop as soon as they prove a tiny fair's optimum (milliseconds), and a
# busy machine must not turn a proof into a time-out.
PROOF_CEILING = 60.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_requests=6, max_slots=3))
def test_tiny_fairs_are_solved_to_the_brute_force_optimum(instance):
    best = brute_force_weight(instance)
    result = schedule(instance, time_limit=PROOF_CEILING, bound_time_limit=PROOF_CEILING)
    assert result.placed_weight == best
    assert result.status == "optimal"
    assert result.upper_bound >= best
    # CP-SAT alone, from an empty hint, finds and proves the same optimum.
    problem = build_problem(instance)
    empty = [problem.fixed.get(i, -1) for i in range(len(problem.first))]
    alone = solve_cpsat(problem, empty, time_limit=PROOF_CEILING, secondary=False)
    assert alone is not None, "CP-SAT found no schedule"
    assert alone.optimal
    assert alone.weight == best


def fair(slots, tables, people, requests, **extra) -> Instance:
    participants = [p if isinstance(p, Participant) else Participant(id=p) for p in people]
    return Instance(
        slots=slots,
        tables=tables,
        participants=participants,
        requests=[Request(id=k, a=a, b=b, weight=w) for k, (a, b, w) in requests.items()],
        **extra,
    )


def test_reasons_for_unplaced_requests():
    instance = fair(
        slots=3,
        tables=5,
        people=[
            Participant(1, unavailable=frozenset({0, 1, 2})),
            2,
            Participant(3, unavailable=frozenset({1, 2})),
            Participant(4, unavailable=frozenset({0})),
            5,
            6,
            7,
            8,
        ],
        requests={
            1: (1, 2, 1),  # 1 never there
            2: (3, 4, 1),  # 3 only in slot 0, 4 never then
            3: (5, 6, 3),  # 5 is wanted by four people for three slots; the weight-1 one loses
            4: (5, 7, 3),
            5: (5, 8, 3),
            6: (5, 2, 1),
        },
    )
    result = schedule(instance, time_limit=1.0)
    assert_valid(instance, result)
    assert result.unplaced[1].code == "unavailable_everywhere"
    assert result.unplaced[1].params == {"participant": 1}
    assert result.unplaced[2].code == "no_common_slot"
    assert result.unplaced[6].code == "participant_full"
    assert result.unplaced[6].params == {"participant": 5, "requests": 4, "slots": 3}
    assert result.placed_weight == 9


def test_no_tables_and_full_tables_are_reasons():
    none = schedule(fair(2, 0, [1, 2], {1: (1, 2, 1)}), time_limit=0.5)
    assert none.unplaced[1].code == "no_tables"
    assert none.upper_bound == 0
    full = schedule(fair(1, 1, [1, 2, 3, 4], {1: (1, 2, 2), 2: (3, 4, 1)}), time_limit=0.5)
    assert full.unplaced == {2: full.unplaced[2]}
    assert full.unplaced[2].code == "tables_full"


def test_outweighed_when_the_common_slots_went_to_heavier_meetings():
    # 1 and 2 are free in both slots, but 1 must meet 3 in slot 0 (3's only one) and 2 must meet 4 in slot 1.
    instance = fair(
        slots=2,
        tables=4,
        people=[1, 2, Participant(3, unavailable=frozenset({1})), Participant(4, unavailable=frozenset({0}))],
        requests={1: (1, 3, 3), 2: (2, 4, 3), 3: (1, 2, 1)},
    )
    result = schedule(instance, time_limit=0.5)
    assert result.placed_weight == 6
    assert result.unplaced[3].code == "outweighed"
    assert result.unplaced[3].params == {"a": 1, "b": 2}


def published_fair(**extra) -> Instance:
    """A published day of four meetings in four slots; then person 5 asks to meet 1 and 4 becomes unavailable
    in slot 3, where 1 met 4."""
    people = [1, 2, 3, Participant(4, unavailable=frozenset({3})), Participant(5, unavailable=frozenset({1, 2, 3, 4}))]
    requests = {1: (1, 2, 1), 2: (1, 3, 1), 3: (2, 3, 1), 4: (1, 4, 1), 5: (5, 1, 3)}
    published = {1: (0, 0), 2: (1, 0), 3: (2, 1), 4: (3, 0)}
    return fair(slots=5, tables=2, people=people, requests=requests, published=published, **extra)


def test_a_late_change_does_not_move_published_meetings():
    instance = published_fair()
    result = schedule(instance, time_limit=1.0)
    assert_valid(instance, result)
    placed = result.by_request()
    for request_id in (1, 2, 3):
        assert (placed[request_id].slot, placed[request_id].table) == instance.published[request_id]
    # 1 and 4 can no longer meet in slot 3: that meeting alone moves, next to 1's other meetings.
    assert placed[4].slot == 2
    assert result.moved == (4,)
    # 5 is only there in slot 0, where 1 meets 2 as published: it stays out.
    assert result.unplaced[5].code == "participant_full"


def test_allow_moves_lets_published_meetings_move_for_a_heavier_request():
    instance = published_fair()
    result = schedule(instance, time_limit=1.0, allow_moves=True)
    assert_valid(instance, result)
    placed = result.by_request()
    assert set(placed) == {1, 2, 3, 4, 5}
    assert placed[5].slot == 0
    assert 1 in result.moved
    assert result.placed_weight == 7


def test_pinned_meetings_stay_even_with_allow_moves():
    instance = published_fair(pinned={1: (0, 1)})
    result = schedule(instance, time_limit=1.0, allow_moves=True)
    assert_valid(instance, result)
    assert (result.by_request()[1].slot, result.by_request()[1].table) == (0, 1)
    assert 5 in result.unplaced


def test_pins_that_break_a_rule_are_refused():
    instance = fair(2, 1, [Participant(1, unavailable=frozenset({0})), 2], {1: (1, 2, 1)}, pinned={1: (0, None)})
    with pytest.raises(PinConflictError) as error:
        schedule(instance)
    assert "unavailable" in error.value.problems[0]


def test_the_gap_objective_closes_gaps_first_fit_leaves():
    # First fit: 1-2 in slot 0, 2-3 in slot 1, then 1-4 in slot 2 (4 is away in slot 1): a gap for 1.
    instance = fair(
        slots=3,
        tables=3,
        people=[1, 2, 3, Participant(4, unavailable=frozenset({1}))],
        requests={1: (1, 2, 1), 2: (2, 3, 1), 3: (1, 4, 1)},
    )
    problem = build_problem(instance)
    baseline = first_fit(problem)
    assert sum(gaps_in(busy, avail) for busy, avail in zip(baseline.busy, problem.available, strict=True)) == 1
    result = schedule(instance, time_limit=1.0)
    assert result.placed == 3
    assert result.gaps == 0


def test_capacity_above_one_allows_parallel_meetings():
    requests = {1: (1, 2, 1), 2: (1, 3, 1), 3: (1, 4, 1)}
    two = schedule(fair(1, 3, [Participant(1, capacity=2), 2, 3, 4], requests), time_limit=0.5)
    assert two.placed == 2
    assert {a.table for a in two.assignments} == {0, 1}
    one = schedule(fair(1, 3, [1, 2, 3, 4], requests), time_limit=0.5)
    assert one.placed == 1
    assert all(reason.code == "participant_full" for reason in one.unplaced.values())


def test_the_generator_makes_realistic_fairs():
    instance = generate_instance(300, seed=4)
    assert 16 <= instance.slots <= 24
    assert len(instance.participants) == 300
    assert abs(instance.tables - len(instance.requests) / instance.slots) <= 1
    assert {r.weight for r in instance.requests} == {1, 2, 3}
    assert any(p.capacity > 1 for p in instance.participants)
    assert any(0 in p.unavailable for p in instance.participants)
    assert any(instance.slots - 1 in p.unavailable for p in instance.participants)
    assert generate_instance(300, seed=4) == instance


def test_the_benchmark_command_prints_the_table():
    out = io.StringIO()
    call_command("benchmark_fair", sizes="40", time_limit=1.0, seed=2, stdout=out)
    lines = out.getvalue().splitlines()
    assert "%bound" in lines[0]
    assert lines[1].startswith("fast 40")
    assert len(lines[1].split()) == 16
