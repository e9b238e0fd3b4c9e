"""Input and output records of the fair's meeting scheduler: plain frozen data, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["optimal", "feasible", "heuristic"]
Mode = Literal["fast", "optimize"]


@dataclass(frozen=True)
class Participant:
    """A CSO or a company; `capacity` meetings at once (several representatives), never in `unavailable` slots."""

    id: int
    capacity: int = 1
    unavailable: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "unavailable", frozenset(self.unavailable))
        if self.capacity < 0:
            raise ValueError(f"participant {self.id}: negative capacity")


@dataclass(frozen=True)
class Request:
    """An accepted meeting request between participants `a` and `b`; higher `weight` is placed first."""

    id: int
    a: int
    b: int
    weight: int = 1

    def __post_init__(self) -> None:
        if self.a == self.b:
            raise ValueError(f"request {self.id}: a participant cannot meet themselves")
        if self.weight < 1:
            raise ValueError(f"request {self.id}: weight must be at least 1")


@dataclass(frozen=True)
class Instance:
    """One fair to schedule.

    `pinned` are meetings staff locked: always kept in their slot (and table when given).
    `published` is the schedule participants were already sent (request id -> (slot, table)): a re-run keeps
    those meetings where they are, unless `schedule(..., allow_moves=True)`; a published meeting that a late
    change made impossible where it is (someone now unavailable) is moved, or reported unplaced.
    """

    slots: int
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    pinned: Mapping[int, tuple[int, int | None]] = field(default_factory=dict)
    published: Mapping[int, tuple[int, int | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "requests", tuple(self.requests))
        object.__setattr__(self, "pinned", dict(self.pinned))
        object.__setattr__(self, "published", dict(self.published))
        if self.slots < 0 or self.tables < 0:
            raise ValueError("slots and tables cannot be negative")
        people = {p.id for p in self.participants}
        if len(people) != len(self.participants):
            raise ValueError("participant ids must be unique")
        request_ids = {r.id for r in self.requests}
        if len(request_ids) != len(self.requests):
            raise ValueError("request ids must be unique")
        for request in self.requests:
            if request.a not in people or request.b not in people:
                raise ValueError(f"request {request.id}: unknown participant")
        for name, places in (("pinned", self.pinned), ("published", self.published)):
            for request_id, (slot, table) in places.items():
                if request_id not in request_ids:
                    raise ValueError(f"{name}: unknown request {request_id}")
                if not 0 <= slot < self.slots:
                    raise ValueError(f"{name}: request {request_id} in slot {slot} out of range")
                if table is not None and not 0 <= table < self.tables:
                    raise ValueError(f"{name}: request {request_id} at table {table} out of range")


@dataclass(frozen=True)
class Assignment:
    request_id: int
    slot: int
    table: int


@dataclass(frozen=True)
class Reason:
    """Why a request was left out, as a code with parameters so the Django layer can phrase and translate it.

    Codes (params):
    - "unavailable_everywhere" (participant): that participant is unavailable in every slot.
    - "no_common_slot" (a, b): both have free slots, but never the same one.
    - "no_tables": the fair has no tables.
    - "tables_full" (slots): every slot both could use already has all its tables taken.
    - "participant_full" (participant, requests, slots): that participant is booked in every slot the pair could
      use; `requests` is how many requests they have, `slots` how many meetings they can hold (over-booked when
      requests > slots, which is reported first).
    - "outweighed" (a, b): left out to place higher-priority meetings: every meeting of the two in their common
      slots weighs more.
    - "calendars_clash" (a, b): each common slot is taken by one of the two; no arrangement found that fits all.
    """

    code: str
    params: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    """The result: `placed_weight` <= `upper_bound` always; `status` "optimal" means no schedule has more weight
    (proven by CP-SAT or by reaching the LP bound), "feasible" a CP-SAT schedule, "heuristic" the heuristic's.

    Times in seconds: `wall_time` the whole call; `solve_time` until the schedule was settled (including the LP
    when it was solved first to guide the search); `weight_time` until the final weight was reached (and
    proven, when optimal), the rest going on fewer gaps; `bound_time` the LP bound alone.
    `gaps` counts free slots between people's first and last meetings; `moved` lists published requests whose
    slot or table changed, or that are no longer placed.
    """

    assignments: tuple[Assignment, ...]
    placed_weight: int
    upper_bound: int
    unplaced: Mapping[int, Reason]
    status: Status
    wall_time: float
    gaps: int = 0
    moved: tuple[int, ...] = ()
    solve_time: float = 0.0
    weight_time: float = 0.0
    bound_time: float = 0.0
    solver_log: tuple[str, ...] = ()

    @property
    def placed(self) -> int:
        return len(self.assignments)

    def by_request(self) -> dict[int, Assignment]:
        return {assignment.request_id: assignment for assignment in self.assignments}
