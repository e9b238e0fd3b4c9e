"""The exact model on OR-Tools CP-SAT: weight first, then (keeping that weight) fewer gaps and moves."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .problem import Problem, slots_of


@dataclass
class CpSatResult:
    slot_of: list[int]
    weight: int
    optimal: bool
    solver_bound: float
    log: list[str]
    weight_seconds: float = 0.0


class _Model:
    """x[i, s] for each movable request i and each slot s where both people are available and have room left
    after the fixed meetings; fixed meetings are constants that only reduce the room."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        n = problem.slots
        fixed_load: dict[int, int] = {}
        per_slot = [0] * n
        for i, s in problem.fixed.items():
            per_slot[s] += 1
            for p in (problem.first[i], problem.second[i]):
                fixed_load[p * n + s] = fixed_load.get(p * n + s, 0) + 1
        self.fixed_load = fixed_load
        room = [problem.tables - c for c in per_slot]
        self.vars: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
        by_person_slot: dict[int, list[cp_model.IntVar]] = {}
        by_slot: list[list[cp_model.IntVar]] = [[] for _ in range(n)]
        new_bool = self.model.new_bool_var
        for i, mask in enumerate(problem.feasible):
            if i in problem.fixed or not mask:
                continue
            a, b = problem.first[i], problem.second[i]
            options = []
            for s in slots_of(mask):
                if room[s] <= 0:
                    continue
                if fixed_load.get(a * n + s, 0) >= problem.capacity[a]:
                    continue
                if fixed_load.get(b * n + s, 0) >= problem.capacity[b]:
                    continue
                x = new_bool("")
                options.append((s, x))
                by_person_slot.setdefault(a * n + s, []).append(x)
                by_person_slot.setdefault(b * n + s, []).append(x)
                by_slot[s].append(x)
            if not options:
                continue
            self.vars[i] = options
            if i in problem.must_place:
                self.model.add_exactly_one([x for _, x in options])
            elif len(options) > 1:
                self.model.add_at_most_one([x for _, x in options])
        for key, xs in by_person_slot.items():
            limit = problem.capacity[key // n] - fixed_load.get(key, 0)
            if len(xs) <= limit:
                continue
            if limit == 1:
                self.model.add_at_most_one(xs)
            else:
                self.model.add(sum(xs) <= limit)
        for s, xs in enumerate(by_slot):
            if len(xs) > room[s]:
                self.model.add(cp_model.LinearExpr.sum(xs) <= room[s])
        self.by_person_slot = by_person_slot
        self.fixed_weight = sum(problem.weight[i] for i in problem.fixed)
        items = [(x, problem.weight[i]) for i, options in self.vars.items() for _, x in options]
        self.weight_expr = cp_model.LinearExpr.weighted_sum([x for x, _ in items], [w for _, w in items])

    def hint(self, slot_of: list[int]) -> None:
        self.model.clear_hints()
        for i, options in self.vars.items():
            for s, x in options:
                self.model.add_hint(x, slot_of[i] == s)

    def read(self, solver: cp_model.CpSolver) -> list[int]:
        slot_of = [-1] * len(self.problem.first)
        for i, s in self.problem.fixed.items():
            slot_of[i] = s
        for i, options in self.vars.items():
            for s, x in options:
                if solver.boolean_value(x):
                    slot_of[i] = s
        return slot_of

    def secondary_objective(self, slot_of: list[int]) -> cp_model.LinearExpr:
        """Idle slots between someone's first and last meeting, plus (heavier) published meetings moved.

        The helper variables are hinted from `slot_of` too, or CP-SAT would not see the hint as a solution."""
        problem, model, n = self.problem, self.model, self.problem.slots
        booked = {(p, s) for i, s in enumerate(slot_of) if s >= 0 for p in (problem.first[i], problem.second[i])}
        self.values: dict[int, bool] = {}
        terms: list[cp_model.IntVar] = []
        for p in range(len(problem.capacity)):
            busy: list[cp_model.IntVar | int] = []
            for s in range(n):
                xs = self.by_person_slot.get(p * n + s, [])
                if self.fixed_load.get(p * n + s, 0):
                    busy.append(1)
                elif not xs:
                    busy.append(0)
                else:
                    flag = model.new_bool_var("")
                    for x in xs:
                        model.add_implication(x, flag)
                    model.add_bool_or(xs).only_enforce_if(flag)
                    busy.append(flag)
                    self._hint(flag, (p, s) in booked)
            if sum(1 for v in busy if not _is(v, 0)) < 3:
                continue
            before = self._running_or(busy)
            after = self._running_or(busy[::-1])[::-1]
            for s in range(n):
                if not problem.available[p] >> s & 1 or _is(busy[s], 1):
                    continue
                pre, post = before[s], after[s]
                if _is(pre, 0) or _is(post, 0):
                    continue
                gap = model.new_bool_var("")
                self._hint(gap, all(self._value(v) for v in (pre, post)) and not self._value(busy[s]))
                clause = [gap] + [v.Not() for v in (pre, post) if not isinstance(v, int)]
                if not isinstance(busy[s], int):
                    clause.append(busy[s])
                model.add_bool_or(clause)
                terms.append(gap)
        moves: list[tuple[cp_model.IntVar, int]] = []
        for i, old in problem.previous.items():
            kept = [x for s, x in self.vars.get(i, []) if s == old]
            if kept:
                moves.append((kept[0], n))
        penalty = sum(w for _, w in moves)
        return (
            cp_model.LinearExpr.sum(terms)
            + penalty
            - cp_model.LinearExpr.weighted_sum([x for x, _ in moves], [w for _, w in moves])
        )

    def _hint(self, var: cp_model.IntVar, value: bool) -> None:
        self.model.add_hint(var, value)
        self.values[var.index] = value

    def _value(self, term: object) -> bool:
        return bool(term) if isinstance(term, int) else self.values[term.index]

    def _running_or(self, busy: list) -> list:
        """Element s: someone has a meeting strictly before s (0, 1 or a variable the objective keeps low)."""
        out: list = []
        acc: object = 0
        for value in busy:
            out.append(acc)
            if _is(acc, 1) or _is(value, 1):
                acc = 1
            elif not isinstance(value, int):
                nxt = self.model.new_bool_var("")
                self.model.add_implication(value, nxt)
                if not isinstance(acc, int):
                    self.model.add_implication(acc, nxt)
                self._hint(nxt, self._value(value) or self._value(acc))
                acc = nxt
        return out


def _is(value: object, constant: int) -> bool:
    """Whether a term is that constant (comparing a CP-SAT variable with == would build a constraint)."""
    return isinstance(value, int) and value == constant


def _solver(time_limit: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve (probing above all) takes seconds on these models and finds little: the search is LNS
    # around the hint, which needs the time more.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    return solver


def solve_cpsat(
    problem: Problem,
    hint: list[int],
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    secondary: bool = True,
    upper_bound: int | None = None,
) -> CpSatResult | None:
    """Maximise weight from the hint; if time is left, keep that weight and minimise gaps and moves.

    `upper_bound` (a proven bound on the total weight, e.g. the LP's) is added as a cut, so CP-SAT can stop
    with OPTIMAL as soon as it reaches it; when the hint already does, the weight phase is skipped.
    """
    deadline = time.perf_counter() + time_limit
    built = _Model(problem)
    built.hint(hint)
    primary = built.weight_expr
    hint_weight = sum(problem.weight[i] for i, s in enumerate(hint) if s >= 0) - built.fixed_weight
    log: list[str] = []
    if upper_bound is not None and hint_weight >= upper_bound - built.fixed_weight:
        found, optimal, solver_bound, slot_of = hint_weight, True, float(hint_weight), list(hint)
        log.append("weight phase: skipped, the hint reaches the bound")
    else:
        if upper_bound is not None:
            built.model.add(primary <= upper_bound - built.fixed_weight)
        built.model.maximize(primary)
        solver = _solver(deadline - time.perf_counter(), seed, workers)
        status = solver.solve(built.model)
        log.append(f"weight phase: {solver.status_name(status)} in {solver.wall_time:.2f}s")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        slot_of = built.read(solver)
        optimal = status == cp_model.OPTIMAL
        found = round(solver.objective_value)
        solver_bound = solver.best_objective_bound
    result = CpSatResult(slot_of, found + built.fixed_weight, optimal, solver_bound + built.fixed_weight, log)
    result.weight_seconds = time.perf_counter() - (deadline - time_limit)
    if not secondary or deadline - time.perf_counter() < 0.3:
        return result
    built.model.add(primary >= found)
    built.hint(slot_of)
    built.model.minimize(built.secondary_objective(slot_of))
    solver = _solver(deadline - time.perf_counter(), seed, workers)
    status = solver.solve(built.model)
    log.append(f"gaps phase: {solver.status_name(status)} in {solver.wall_time:.2f}s")
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.slot_of = built.read(solver)
    return result
