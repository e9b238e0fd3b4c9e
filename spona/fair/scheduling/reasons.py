"""Why each request was left out, as codes with parameters (see `Reason`), read off the final schedule."""

from __future__ import annotations

from .model import Reason
from .problem import Problem, slots_of


def explain_unplaced(problem: Problem, slot_of: list[int]) -> dict[int, Reason]:
    n, ids = problem.slots, problem.participant_ids
    load = [0] * (len(problem.capacity) * n)
    per_slot = [0] * n
    held: dict[int, list[int]] = {}
    demand = [0] * len(problem.capacity)
    for i, s in enumerate(slot_of):
        a, b = problem.first[i], problem.second[i]
        demand[a] += 1
        demand[b] += 1
        if s < 0:
            continue
        per_slot[s] += 1
        for p in (a, b):
            load[p * n + s] += 1
            held.setdefault(p * n + s, []).append(i)
    tables_full = sum(1 << s for s in range(n) if per_slot[s] >= problem.tables)

    def full_mask(p: int) -> int:
        return sum(1 << s for s in range(n) if load[p * n + s] >= problem.capacity[p])

    def blocked(i: int, open_common: int) -> Reason:
        """Over-booked first (the root cause), then heavier meetings, then a full side, else a clash."""
        a, b = problem.first[i], problem.second[i]
        full = {}
        for person in (a, b):
            if open_common & ~full_mask(person) == 0:
                room = problem.capacity[person] * problem.available[person].bit_count()
                full[person] = {"participant": ids[person], "requests": demand[person], "slots": room}
        for params in full.values():
            if params["requests"] > params["slots"]:
                return Reason("participant_full", params)
        blockers = [j for t in slots_of(open_common) for p in (a, b) for j in held.get(p * n + t, []) if j != i]
        if blockers and all(problem.weight[j] > problem.weight[i] for j in blockers):
            return Reason("outweighed", {"a": ids[a], "b": ids[b]})
        if full:
            return Reason("participant_full", next(iter(full.values())))
        return Reason("calendars_clash", {"a": ids[a], "b": ids[b]})

    reasons: dict[int, Reason] = {}
    for i, s in enumerate(slot_of):
        if s >= 0:
            continue
        a, b = problem.first[i], problem.second[i]
        common = problem.feasible[i]
        if not problem.available[a] or not problem.available[b]:
            person = a if not problem.available[a] else b
            reasons[i] = Reason("unavailable_everywhere", {"participant": ids[person]})
        elif problem.tables == 0:
            reasons[i] = Reason("no_tables")
        elif not common:
            reasons[i] = Reason("no_common_slot", {"a": ids[a], "b": ids[b]})
        elif not common & ~tables_full:
            reasons[i] = Reason("tables_full", {"slots": common.bit_count()})
        else:
            reasons[i] = blocked(i, common & ~tables_full)
    return reasons
