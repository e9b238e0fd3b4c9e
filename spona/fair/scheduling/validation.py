"""Checks a schedule against every hard rule; the scheduler never returns one that fails."""

from __future__ import annotations

from collections import Counter

from .model import Instance, Schedule


def check_schedule(instance: Instance, schedule: Schedule) -> list[str]:
    """Every broken rule in plain words; an empty list means the schedule is valid for the instance."""
    problems: list[str] = []
    people = {p.id: p for p in instance.participants}
    requests = {r.id: r for r in instance.requests}
    placed: dict[int, tuple[int, int]] = {}
    load: Counter[tuple[int, int]] = Counter()
    per_slot: Counter[int] = Counter()
    seats: Counter[tuple[int, int]] = Counter()
    for assignment in schedule.assignments:
        rid, slot, table = assignment.request_id, assignment.slot, assignment.table
        request = requests.get(rid)
        if request is None:
            problems.append(f"assignment for unknown request {rid}")
            continue
        if rid in placed:
            problems.append(f"request {rid} placed more than once")
        placed[rid] = (slot, table)
        if not 0 <= slot < instance.slots:
            problems.append(f"request {rid} in slot {slot}, out of range")
        if not 0 <= table < instance.tables:
            problems.append(f"request {rid} at table {table}, out of range")
        per_slot[slot] += 1
        seats[slot, table] += 1
        for person in (request.a, request.b):
            load[person, slot] += 1
            if slot in people[person].unavailable:
                problems.append(f"request {rid}: participant {person} is unavailable in slot {slot}")
    for (person, slot), meetings in sorted(load.items()):
        if meetings > people[person].capacity:
            problems.append(f"participant {person} is in {meetings} meetings in slot {slot}")
    for slot, meetings in sorted(per_slot.items()):
        if meetings > instance.tables:
            problems.append(f"slot {slot} has {meetings} meetings for {instance.tables} tables")
    for (slot, table), meetings in sorted(seats.items()):
        if meetings > 1:
            problems.append(f"table {table} in slot {slot} holds {meetings} meetings")
    for rid, (slot, table) in sorted(instance.pinned.items()):
        where = placed.get(rid)
        if where is None or where[0] != slot or (table is not None and where[1] != table):
            problems.append(f"pinned request {rid} not kept at slot {slot}, table {table}")
    weight = sum(requests[rid].weight for rid in placed if rid in requests)
    if weight != schedule.placed_weight:
        problems.append(f"placed weight is {weight}, the schedule says {schedule.placed_weight}")
    if schedule.placed_weight > schedule.upper_bound:
        problems.append(f"placed weight {schedule.placed_weight} above the bound {schedule.upper_bound}")
    missing = set(requests) - set(placed) - set(schedule.unplaced)
    if missing:
        problems.append(f"requests neither placed nor explained: {sorted(missing)}")
    both = set(placed) & set(schedule.unplaced)
    if both:
        problems.append(f"requests both placed and reported unplaced: {sorted(both)}")
    return problems
