"""Tables for meetings whose slots are decided: locked tables first, then each person keeps one table if possible."""

from __future__ import annotations

from .problem import Problem


def assign_tables(problem: Problem, slot_of: list[int]) -> list[int]:
    """A table per placed request (-1 when unplaced); the slots are valid so every slot has enough tables.

    The "anchor" of a meeting is whichever side has more meetings (usually the company): it keeps the table it
    got first whenever that table is free, so visitors come to it rather than it wandering the hall.
    """
    n_slots, tables = problem.slots, problem.tables
    table_of = [-1] * len(slot_of)
    meetings = [0] * len(problem.capacity)
    in_slot: list[list[int]] = [[] for _ in range(n_slots)]
    for i, s in enumerate(slot_of):
        if s >= 0:
            in_slot[s].append(i)
            meetings[problem.first[i]] += 1
            meetings[problem.second[i]] += 1

    def anchor(i: int) -> int:
        a, b = problem.first[i], problem.second[i]
        return a if (meetings[a], -a) >= (meetings[b], -b) else b

    home: dict[int, int] = {}
    for s in range(n_slots):
        taken: set[int] = set()
        rest = []
        for i in in_slot[s]:
            table = problem.fixed_table.get(i)
            if table is not None:
                table_of[i] = table
                taken.add(table)
            else:
                rest.append(i)
        later = []
        for i in rest:
            table = problem.preferred_table.get(i)
            if table is not None and problem.previous.get(i) == s and table not in taken:
                table_of[i] = table
                taken.add(table)
            else:
                later.append(i)
        waiting = []
        for i in sorted(later, key=lambda i: (anchor(i) not in home, i)):
            table = home.get(anchor(i))
            if table is not None and table not in taken:
                table_of[i] = table
                taken.add(table)
            else:
                waiting.append(i)
        reserved = {home[anchor(i)] for i in in_slot[s] if anchor(i) in home}
        spare = [t for t in range(tables) if t not in taken and t not in reserved]
        spare += [t for t in range(tables) if t not in taken and t in reserved]
        for i, table in zip(waiting, spare, strict=False):
            table_of[i] = table
            home.setdefault(anchor(i), table)
    return table_of
