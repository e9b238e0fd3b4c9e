"""Realistic synthetic fairs and the benchmark of the meeting scheduler on them (no database involved)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from spona.fair.scheduling import schedule
from spona.fair.scheduling.heuristic import first_fit
from spona.fair.scheduling.model import Instance, Participant, Request, Schedule
from spona.fair.scheduling.problem import build_problem


def generate_instance(participants: int, seed: int) -> Instance:
    """A fair of `participants`: a third companies, the rest CSOs, each sending 5 to 15 requests to the other
    side, drawn by Zipf-like popularity (a few companies and CSOs everybody wants to meet); 16 to 24 slots;
    some people arrive late or leave early; some companies bring two or three representatives; weight 1, or 2
    when the sender marked it important, and 3 when both sides asked for the meeting."""
    rng = np.random.default_rng(seed)
    slots = int(rng.integers(16, 25))
    companies = max(1, participants // 3)
    csos = max(1, participants - companies)
    people = []
    for n in range(companies + csos):
        is_company = n < companies
        capacity = 1
        if is_company:
            capacity = int(rng.choice([1, 2, 3], p=[0.7, 0.22, 0.08]))
        unavailable: set[int] = set()
        roll = rng.random()
        if roll < 0.15:
            unavailable.update(range(int(rng.integers(1, slots // 3 + 1))))
        elif roll < 0.30:
            unavailable.update(range(slots - int(rng.integers(1, slots // 3 + 1)), slots))
        people.append(Participant(id=n + 1, capacity=capacity, unavailable=frozenset(unavailable)))

    def popularity(size: int) -> np.ndarray:
        weights = 1.0 / np.arange(1, size + 1) ** 0.9
        rng.shuffle(weights)
        return weights / weights.sum()

    company_pop, cso_pop = popularity(companies), popularity(csos)
    asked: dict[tuple[int, int], int] = {}
    for n in range(companies + csos):
        if n < companies:
            offset, pool, p = companies, csos, cso_pop
        else:
            offset, pool, p = 0, companies, company_pop
        count = min(pool, int(rng.integers(5, 16)))
        for target in rng.choice(pool, size=count, replace=False, p=p):
            pair = (min(n, offset + int(target)), max(n, offset + int(target)))
            important = 2 if rng.random() < 0.2 else 1
            asked[pair] = 3 if pair in asked else important
    requests = [Request(id=k + 1, a=a + 1, b=b + 1, weight=w) for k, ((a, b), w) in enumerate(sorted(asked.items()))]
    order = rng.permutation(len(requests))
    requests = [requests[k] for k in order]
    tables = max(1, round(len(requests) / slots))
    return Instance(slots=slots, tables=tables, participants=tuple(people), requests=tuple(requests))


@dataclass(frozen=True)
class BenchmarkRow:
    label: str
    participants: int
    requests: int
    slots: int
    tables: int
    placed: int
    placed_weight: int
    upper_bound: int
    wall_time: float
    weight_time: float
    bound_time: float
    status: str
    gaps: int
    first_fit_weight: int

    @property
    def ratio(self) -> float:
        return 100.0 * self.placed_weight / self.upper_bound if self.upper_bound else 100.0

    @property
    def first_fit_ratio(self) -> float:
        return 100.0 * self.first_fit_weight / self.upper_bound if self.upper_bound else 100.0


def run_one(label: str, instance: Instance, *, time_limit: float, mode: str, seed: int) -> BenchmarkRow:
    """One scheduler run; its solve time includes the LP only when the LP guided the search (small fairs and
    optimize mode), otherwise the LP is computed afterwards, for the bound alone, and timed apart."""
    result: Schedule = schedule(instance, time_limit=time_limit, mode=mode, seed=seed)
    problem = build_problem(instance)
    return BenchmarkRow(
        label=label,
        participants=len(instance.participants),
        requests=len(instance.requests),
        slots=instance.slots,
        tables=instance.tables,
        placed=result.placed,
        placed_weight=result.placed_weight,
        upper_bound=result.upper_bound,
        wall_time=result.solve_time,
        weight_time=result.weight_time,
        bound_time=result.bound_time,
        status=result.status,
        gaps=result.gaps,
        first_fit_weight=first_fit(problem).weight,
    )


def run_benchmark(
    sizes: Iterable[int],
    *,
    seed: int = 1,
    optimize_seconds: float = 0.0,
    optimize_size: int = 1000,
    time_limit: float | None = None,
    progress: Callable[[BenchmarkRow], None] | None = None,
) -> list[BenchmarkRow]:
    """Fast mode at each size (10 s up to 200 participants, 2 s up to 1,000, 5 s above, or `time_limit`), then
    optionally optimize mode at `optimize_size`."""
    rows = []
    jobs = [(f"fast {n}", n, time_limit or (10.0 if n <= 200 else 2.0 if n <= 1000 else 5.0), "fast") for n in sizes]
    if optimize_seconds > 0:
        jobs.append((f"optimize {optimize_size}", optimize_size, optimize_seconds, "optimize"))
    for label, size, limit, mode in jobs:
        row = run_one(label, generate_instance(size, seed), time_limit=limit, mode=mode, seed=seed)
        rows.append(row)
        if progress:
            progress(row)
    return rows


HEADER = (
    f"{'run':<14}{'people':>7}{'requests':>9}{'slots':>6}{'tables':>7}{'placed':>8}{'weight':>8}{'bound':>8}"
    f"{'%bound':>8}{'time s':>8}{'to wt s':>8}{'status':>10}{'gaps':>7}{'first-fit %':>12}{'LP s':>7}"
)


def format_row(row: BenchmarkRow) -> str:
    return (
        f"{row.label:<14}{row.participants:>7}{row.requests:>9}{row.slots:>6}{row.tables:>7}{row.placed:>8}"
        f"{row.placed_weight:>8}{row.upper_bound:>8}{row.ratio:>8.2f}{row.wall_time:>8.2f}{row.weight_time:>8.2f}{row.status:>10}"
        f"{row.gaps:>7}{row.first_fit_ratio:>12.2f}{row.bound_time:>7.1f}"
    )
