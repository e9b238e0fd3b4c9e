"""The Partnership Fair's meeting scheduler: `schedule(instance)` places accepted requests into slots and tables."""

from __future__ import annotations

import math
import time

from .bound import combinatorial_bound, lp_bound
from .cpsat import solve_cpsat
from .heuristic import compact, heuristic_schedule
from .model import Assignment, Instance, Mode, Participant, Reason, Request, Schedule, Status
from .problem import PinConflictError, Problem, build_problem, gaps_in
from .reasons import explain_unplaced
from .tables import assign_tables
from .validation import check_schedule

__all__ = [
    "Assignment",
    "Instance",
    "Participant",
    "PinConflictError",
    "Reason",
    "Request",
    "Schedule",
    "check_schedule",
    "schedule",
]

# Seconds per CP-SAT variable to build the model and load it into the solver, measured on the benchmark fairs;
# CP-SAT is skipped when the time left would go on building a model it could not then search.
BUILD_SECONDS_PER_VARIABLE = 12e-6
# HiGHS' interior point on the LP grows a little faster than linearly: about 20 us per variable at 30,000
# variables and 55 at 200,000. Below 30 % of the time limit the LP is solved first and guides the search.
LP_SECONDS_PER_VARIABLE = 50e-6


def schedule(
    instance: Instance,
    *,
    time_limit: float | None = None,
    mode: Mode = "fast",
    seed: int = 0,
    allow_moves: bool = False,
    compute_bound: bool = True,
    bound_time_limit: float = 120.0,
    workers: int = 2,
) -> Schedule:
    """Place as much request weight as possible, then keep days compact.

    `time_limit` (seconds, for everything but the LP bound) defaults to 2 in "fast" mode and 180 in
    "optimize" mode. Pinned meetings never move; published ones move only with `allow_moves` (and then stay
    placed). The LP bound takes longer than the schedule on large fairs: `compute_bound=False` skips it and
    reports the cheaper bounds only. Raises `PinConflictError` when the pins alone break a hard rule.
    """
    started = time.perf_counter()
    limit = time_limit if time_limit is not None else (2.0 if mode == "fast" else 180.0)
    deadline = started + limit
    problem = build_problem(instance, allow_moves=allow_moves)
    log: list[str] = []
    variables = sum(mask.bit_count() for mask in problem.feasible)
    bound = combinatorial_bound(problem)
    bound_time = 0.0
    guide = None
    if compute_bound and (mode == "optimize" or LP_SECONDS_PER_VARIABLE * variables < 0.3 * limit):
        # The LP both bounds and guides: its solution says which requests of over-booked people to keep.
        bound_started = time.perf_counter()
        relaxation = lp_bound(problem, time_limit=bound_time_limit)
        bound_time = time.perf_counter() - bound_started
        bound, guide = min(bound, relaxation.value), relaxation.fractions
        log.append(f"LP bound {relaxation.value} in {bound_time:.2f}s, guiding the greedy")
    left = deadline - time.perf_counter()
    share = 0.45 * left if mode == "fast" else min(15.0, 0.1 * left)
    board = heuristic_schedule(problem, time_limit=share, seed=seed, guide=guide)
    compact(board, time.perf_counter() + 0.1 * left)
    heuristic_slots, heuristic_weight = list(board.slot_of), board.weight
    log.append(f"heuristic: weight {heuristic_weight} at {time.perf_counter() - started:.2f}s")

    best_slots, best_weight, status = heuristic_slots, heuristic_weight, "heuristic"
    weight_time = time.perf_counter() - started
    reserve = 0.05 + 3e-6 * len(problem.first)
    remaining = deadline - time.perf_counter() - reserve
    if remaining > 2.5 * BUILD_SECONDS_PER_VARIABLE * variables + 0.2 and (heuristic_weight < bound or guide):
        known = bound if guide is not None else None
        cpsat_started = time.perf_counter()
        result = solve_cpsat(
            problem, heuristic_slots, time_limit=remaining, seed=seed, workers=workers, upper_bound=known
        )
        if result is not None:
            log.extend(result.log)
            bound = min(bound, math.floor(result.solver_bound + 1e-6))
            if result.optimal:
                bound = min(bound, result.weight)
            if result.weight > best_weight:
                weight_time = cpsat_started + result.weight_seconds - started
            if (result.weight, -_cost(problem, result.slot_of)) > (best_weight, -_cost(problem, best_slots)):
                best_slots, best_weight, status = result.slot_of, result.weight, "feasible"
    else:
        log.append(f"CP-SAT skipped: {variables} variables, {remaining:.2f}s left")
    solve_time = time.perf_counter() - started

    if compute_bound and guide is None and best_weight < bound:
        bound_started = time.perf_counter()
        bound = min(bound, lp_bound(problem, time_limit=bound_time_limit).value)
        bound_time = time.perf_counter() - bound_started
    if bound < best_weight:
        log.append(f"bound {bound} below a placed weight {best_weight}: floating point; using the weight")
        bound = best_weight
    if best_weight >= bound:
        status = "optimal"

    timing = {
        "wall_time": time.perf_counter() - started,
        "solve_time": solve_time,
        "weight_time": weight_time,
        "bound_time": bound_time,
    }
    result_schedule = _finish(
        instance, problem, best_slots, weight=best_weight, bound=bound, status=status, log=log, **timing
    )
    problems = check_schedule(instance, result_schedule)
    if problems and best_slots is not heuristic_slots:
        log.append(f"solver schedule rejected: {problems[:3]}")
        status = "optimal" if heuristic_weight >= bound else "heuristic"
        result_schedule = _finish(
            instance, problem, heuristic_slots, weight=heuristic_weight, bound=bound, status=status, log=log, **timing
        )
        problems = check_schedule(instance, result_schedule)
    if problems:
        raise RuntimeError(f"scheduler produced an invalid schedule: {problems[:5]}")
    return result_schedule


def _cost(problem: Problem, slot_of: list[int]) -> int:
    """The secondary objective, as CP-SAT counts it: gaps, plus one day's worth of slots per published move."""
    busy = [0] * len(problem.capacity)
    for i, s in enumerate(slot_of):
        if s >= 0:
            busy[problem.first[i]] |= 1 << s
            busy[problem.second[i]] |= 1 << s
    gaps = sum(gaps_in(mask, avail) for mask, avail in zip(busy, problem.available, strict=True))
    moves = sum(1 for i, old in problem.previous.items() if slot_of[i] != old)
    return gaps + problem.slots * moves


def _finish(
    instance: Instance,
    problem: Problem,
    slot_of: list[int],
    *,
    weight: int,
    bound: int,
    status: Status,
    log: list[str],
    wall_time: float,
    solve_time: float,
    weight_time: float,
    bound_time: float,
) -> Schedule:
    table_of = assign_tables(problem, slot_of)
    ids = problem.request_ids
    assignments = tuple(
        sorted(
            (Assignment(ids[i], s, table_of[i]) for i, s in enumerate(slot_of) if s >= 0), key=lambda a: a.request_id
        )
    )
    reasons = explain_unplaced(problem, slot_of)
    position = {rid: i for i, rid in enumerate(ids)}
    moved = []
    for rid, (slot, table) in sorted(instance.published.items()):
        i = position[rid]
        if slot_of[i] != slot or (table is not None and table_of[i] != table):
            moved.append(rid)
    busy = [0] * len(problem.capacity)
    for i, s in enumerate(slot_of):
        if s >= 0:
            busy[problem.first[i]] |= 1 << s
            busy[problem.second[i]] |= 1 << s
    return Schedule(
        assignments=assignments,
        placed_weight=weight,
        upper_bound=bound,
        unplaced={ids[i]: reason for i, reason in reasons.items()},
        status=status,
        wall_time=wall_time,
        gaps=sum(gaps_in(mask, avail) for mask, avail in zip(busy, problem.available, strict=True)),
        moved=tuple(moved),
        solve_time=solve_time,
        weight_time=weight_time,
        bound_time=bound_time,
        solver_log=tuple(log),
    )
