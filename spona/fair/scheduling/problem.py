"""The instance turned into dense indexes and slot bitmasks, the form every solver of this package works on."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Instance


class PinConflictError(ValueError):
    """The meetings staff locked break a hard rule by themselves; `problems` says which, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Problem:
    """Participants and requests by position; a slot set is an int whose bit s stands for slot s."""

    slots: int
    tables: int
    participant_ids: list[int]
    capacity: list[int]
    available: list[int]
    request_ids: list[int]
    first: list[int]
    second: list[int]
    weight: list[int]
    feasible: list[int]
    incident: list[list[int]]
    fixed: dict[int, int]
    fixed_table: dict[int, int]
    preferred_table: dict[int, int]
    must_place: set[int]
    previous: dict[int, int]

    @property
    def all_slots(self) -> int:
        return (1 << self.slots) - 1


def popcount(mask: int) -> int:
    return mask.bit_count()


def slots_of(mask: int) -> list[int]:
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def gaps_in(busy: int, available: int) -> int:
    """Free available slots between someone's first and last meeting (unavailable slots are their own choice)."""
    if not busy:
        return 0
    low = busy & -busy
    span = (1 << busy.bit_length()) - low
    return (span & available & ~busy).bit_count()


def pin_conflicts(instance: Instance) -> list[str]:
    """Hard rules the pinned meetings break among themselves (they are kept whatever the solver does)."""
    people = {p.id: p for p in instance.participants}
    requests = {r.id: r for r in instance.requests}
    problems = []
    load: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    tables_taken: set[tuple[int, int]] = set()
    for request_id, (slot, table) in sorted(instance.pinned.items()):
        request = requests[request_id]
        per_slot[slot] = per_slot.get(slot, 0) + 1
        for person in (request.a, request.b):
            if slot in people[person].unavailable:
                problems.append(f"request {request_id}: participant {person} is unavailable in slot {slot}")
            load[person, slot] = load.get((person, slot), 0) + 1
        if table is not None:
            if (slot, table) in tables_taken:
                problems.append(f"request {request_id}: table {table} in slot {slot} is pinned twice")
            tables_taken.add((slot, table))
    for (person, slot), meetings in sorted(load.items()):
        if meetings > people[person].capacity:
            problems.append(f"participant {person} has {meetings} pinned meetings in slot {slot}")
    for slot, meetings in sorted(per_slot.items()):
        if meetings > instance.tables:
            problems.append(f"slot {slot} has {meetings} pinned meetings for {instance.tables} tables")
    return problems


def build_problem(instance: Instance, *, allow_moves: bool = False) -> Problem:
    """Index the instance; published meetings become fixed (or, with `allow_moves`, must stay placed).

    A published meeting that no longer fits where it is (someone became unavailable, capacity or tables shrank)
    is neither fixed nor required: it competes like any request, first in line for its weight.
    """
    problems = pin_conflicts(instance)
    if problems:
        raise PinConflictError(problems)
    slots, tables = instance.slots, instance.tables
    every = (1 << slots) - 1
    index = {p.id: n for n, p in enumerate(instance.participants)}
    capacity = [p.capacity for p in instance.participants]
    available = []
    for p in instance.participants:
        mask = every if p.capacity > 0 else 0
        for slot in p.unavailable:
            if 0 <= slot < slots:
                mask &= ~(1 << slot)
        available.append(mask)
    first = [index[r.a] for r in instance.requests]
    second = [index[r.b] for r in instance.requests]
    weight = [r.weight for r in instance.requests]
    feasible = [available[a] & available[b] if tables > 0 else 0 for a, b in zip(first, second, strict=True)]
    incident: list[list[int]] = [[] for _ in instance.participants]
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        incident[a].append(i)
        incident[b].append(i)
    position = {r.id: i for i, r in enumerate(instance.requests)}
    fixed = {position[rid]: slot for rid, (slot, _) in instance.pinned.items()}
    fixed_table = {position[rid]: table for rid, (_, table) in instance.pinned.items() if table is not None}
    load: dict[tuple[int, int], int] = {}
    per_slot = [0] * slots
    for i, slot in fixed.items():
        per_slot[slot] += 1
        for person in (first[i], second[i]):
            load[person, slot] = load.get((person, slot), 0) + 1
    must_place: set[int] = set()
    previous: dict[int, int] = {}
    preferred_table: dict[int, int] = {}
    published = sorted(
        ((position[rid], place) for rid, place in instance.published.items() if position[rid] not in fixed),
        key=lambda item: (-weight[item[0]], item[0]),
    )
    for i, (slot, table) in published:
        previous[i] = slot
        if table is not None:
            preferred_table[i] = table
        a, b = first[i], second[i]
        fits = (
            feasible[i] >> slot & 1
            and per_slot[slot] < tables
            and load.get((a, slot), 0) < capacity[a]
            and load.get((b, slot), 0) < capacity[b]
        )
        if not fits:
            continue
        per_slot[slot] += 1
        load[a, slot] = load.get((a, slot), 0) + 1
        load[b, slot] = load.get((b, slot), 0) + 1
        if allow_moves:
            must_place.add(i)
        else:
            fixed[i] = slot
    return Problem(
        slots=slots,
        tables=tables,
        participant_ids=[p.id for p in instance.participants],
        capacity=capacity,
        available=available,
        request_ids=[r.id for r in instance.requests],
        first=first,
        second=second,
        weight=weight,
        feasible=feasible,
        incident=incident,
        fixed=fixed,
        fixed_table=fixed_table,
        preferred_table=preferred_table,
        must_place=must_place,
        previous=previous,
    )
