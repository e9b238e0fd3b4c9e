"""Upper bounds on the weight any schedule can place: the LP relaxation (HiGHS interior point) and a quick one."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import highspy
import numpy as np

from .problem import Problem, slots_of


@dataclass(frozen=True)
class Bound:
    value: int
    lp_value: float
    exact: bool
    # The LP's x[request, slot] (near 0 or 1 on these models): what the LP-guided greedy follows.
    fractions: dict[tuple[int, int], float] = field(default_factory=dict)


def combinatorial_bound(problem: Problem) -> int:
    """All requests that have a common slot, capped by the tables there are: valid, cheap, loose."""
    weights = sorted((w for w, f in zip(problem.weight, problem.feasible, strict=True) if f), reverse=True)
    return sum(weights[: problem.slots * problem.tables])


def lp_bound(problem: Problem, time_limit: float = 60.0) -> Bound:
    """Max weight with each x[request, slot] in [0, 1] instead of {0, 1}.

    HiGHS' interior point without crossover is quick on this model (simplex is not); since its solution is only
    nearly optimal, the bound is rebuilt from the duals as a Lagrangian bound, which is valid for any
    non-negative duals, then floored as the weights are integers.
    """
    requests, slot_list = [], []
    for i, mask in enumerate(problem.feasible):
        fixed = problem.fixed.get(i)
        for s in [fixed] if fixed is not None else slots_of(mask):
            requests.append(i)
            slot_list.append(s)
    if not requests:
        return Bound(0, 0.0, True)
    req = np.asarray(requests, dtype=np.int64)
    slot = np.asarray(slot_list, dtype=np.int64)
    n_vars, n_req, n_slots = len(req), len(problem.first), problem.slots
    first = np.asarray(problem.first, dtype=np.int64)[req]
    second = np.asarray(problem.second, dtype=np.int64)[req]
    cost = np.asarray(problem.weight, dtype=np.float64)[req]
    lower = np.zeros(n_vars)
    for n, i in enumerate(requests):
        if i in problem.fixed:
            lower[n] = 1.0
    upper = np.ones(n_vars)

    # Rows: one per request, one per (participant, slot), one per slot; columns have 4 entries (3 if a = b).
    person_rows = n_req + np.concatenate([first * n_slots + slot, second * n_slots + slot])
    slot_rows = n_req + len(problem.capacity) * n_slots + slot
    rows = np.concatenate([req, person_rows, slot_rows])
    cols = np.concatenate([np.arange(n_vars)] * 4)
    n_rows = n_req + len(problem.capacity) * n_slots + n_slots
    rhs = np.concatenate(
        [
            np.ones(n_req),
            np.repeat(np.asarray(problem.capacity, dtype=np.float64), n_slots),
            np.full(n_slots, float(problem.tables)),
        ]
    )
    row_lower = np.full(n_rows, -highspy.kHighsInf)
    for i in problem.must_place:
        row_lower[i] = 1.0
    order = np.lexsort((rows, cols))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(cols, np.arange(n_vars + 1)).astype(np.int32)

    lp = highspy.HighsLp()
    lp.num_col_ = n_vars
    lp.num_row_ = n_rows
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = rhs
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(len(rows))
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("log_to_console", False)
    solver.setOptionValue("solver", "ipm")
    solver.setOptionValue("run_crossover", "off")
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("threads", 2)
    solver.passModel(lp)
    solver.run()
    solution = solver.getSolution()
    lp_value = float(solver.getInfo().objective_function_value)
    duals = np.asarray(solution.row_dual, dtype=np.float64) if solution.dual_valid else np.zeros(n_rows)
    best = math.inf
    for y in (np.maximum(duals, 0.0), np.maximum(-duals, 0.0)):
        # Lagrangian: max over the box of c.x - y.(Ax - b) = y.b + sum of the best side of each reduced cost.
        reduced = cost - np.bincount(cols, weights=y[rows], minlength=n_vars)
        value = float(y @ rhs + np.sum(np.where(reduced > 0, reduced * upper, reduced * lower)))
        best = min(best, value)
    best = min(best, float(cost.sum()))
    exact = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    values = np.asarray(solution.col_value, dtype=np.float64) if solution.value_valid else np.zeros(n_vars)
    picked = np.flatnonzero(values > 1e-3)
    keys = zip(req[picked].tolist(), slot[picked].tolist(), strict=True)
    fractions = dict(zip(keys, values[picked].tolist(), strict=True))
    return Bound(math.floor(best + 1e-6), lp_value, exact, fractions)
