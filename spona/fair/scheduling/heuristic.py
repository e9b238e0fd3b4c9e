"""Fast schedules without a solver: a priority greedy, then Kempe-chain insertions and ejections that only gain."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from .problem import Problem, gaps_in, slots_of


class Board:
    """Who meets in which slot, with the bitmasks kept current so every test is a few integer operations.

    Every change is logged, so a tentative move is undone with `undo_to(mark)`; the log is cleared between moves.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slots = problem.slots
        self.first = problem.first
        self.second = problem.second
        self.weight_of = problem.weight
        self.capacity = problem.capacity
        self.available = problem.available
        people = len(problem.capacity)
        self.load = [0] * (people * max(problem.slots, 1))
        self.at: list[list[int]] = [[] for _ in range(people * max(problem.slots, 1))]
        self.free = list(problem.available)
        self.busy = [0] * people
        self.count = [0] * problem.slots
        self.open = problem.all_slots if problem.tables > 0 else 0
        self.slot_of = [-1] * len(problem.first)
        self.weight = 0
        self.log: list[tuple[int, int]] = []
        self.logging = True

    def place(self, i: int, s: int) -> None:
        bit = 1 << s
        self.slot_of[i] = s
        for p in (self.first[i], self.second[i]):
            k = p * self.slots + s
            self.at[k].append(i)
            load = self.load[k] + 1
            self.load[k] = load
            self.busy[p] |= bit
            if load >= self.capacity[p]:
                self.free[p] &= ~bit
        self.count[s] += 1
        if self.count[s] >= self.problem.tables:
            self.open &= ~bit
        self.weight += self.weight_of[i]
        if self.logging:
            self.log.append((i, -1))

    def remove(self, i: int) -> None:
        s = self.slot_of[i]
        bit = 1 << s
        self.slot_of[i] = -1
        for p in (self.first[i], self.second[i]):
            k = p * self.slots + s
            self.at[k].remove(i)
            load = self.load[k] - 1
            self.load[k] = load
            if load == 0:
                self.busy[p] &= ~bit
            if load < self.capacity[p]:
                self.free[p] |= bit & self.available[p]
        self.count[s] -= 1
        if self.count[s] < self.problem.tables:
            self.open |= bit
        self.weight -= self.weight_of[i]
        if self.logging:
            self.log.append((i, s))

    def mark(self) -> int:
        return len(self.log)

    def undo_to(self, mark: int) -> None:
        tail = self.log[mark:]
        del self.log[mark:]
        self.logging = False
        for i, before in reversed(tail):
            if before == -1:
                self.remove(i)
            else:
                self.place(i, before)
        self.logging = True

    def valid(self) -> bool:
        """Cheap check after a tentative chain: nobody over capacity and no slot over its tables."""
        return all(c <= self.problem.tables for c in self.count)

    def pick_slot(self, i: int, mask: int) -> int:
        """The candidate slot next to the most of both people's meetings, so days stay compact."""
        busy_a, busy_b = self.busy[self.first[i]], self.busy[self.second[i]]
        near_a = (busy_a << 1) | (busy_a >> 1)
        near_b = (busy_b << 1) | (busy_b >> 1)
        for preferred in (mask & near_a & near_b, mask & (near_a | near_b), mask):
            if preferred:
                return (preferred & -preferred).bit_length() - 1
        raise ValueError("empty slot mask")

    def direct(self, i: int) -> bool:
        mask = self.free[self.first[i]] & self.free[self.second[i]] & self.open
        if not mask:
            return False
        self.place(i, self.pick_slot(i, mask))
        return True

    def over(self, p: int, s: int) -> bool:
        return self.load[p * self.slots + s] > self.capacity[p]

    def chain(self, p: int, j: int, s: int, t: int, limit: int) -> bool:
        """Move meeting j of p from s to t (p has room in t), pushing the clashes it causes back and forth
        between s and t along an alternating path (a Kempe chain), until someone has room."""
        fixed = self.problem.fixed
        cur, src, dst, holder = j, s, t, p
        for _ in range(limit):
            if cur in fixed:
                return False
            other = self.second[cur] if self.first[cur] == holder else self.first[cur]
            if not self.available[other] >> dst & 1:
                return False
            self.remove(cur)
            self.place(cur, dst)
            if not self.over(other, dst):
                return True
            options = [k for k in self.at[other * self.slots + dst] if k != cur and k not in fixed]
            if not options:
                return False
            cur, src, dst, holder = options[0], dst, src, other
        return False

    def vacate(self, p: int, s: int, limit: int) -> bool:
        """Free one place for p in slot s by chaining one of p's meetings there into a slot where p has room."""
        targets = self.free[p] & ~(1 << s)
        if not targets:
            return False
        k = p * self.slots + s
        for j in list(self.at[k]):
            if j in self.problem.fixed:
                continue
            other = self.second[j] if self.first[j] == p else self.first[j]
            direct = targets & self.free[other] & self.open
            candidates = slots_of(direct) + slots_of(targets & ~direct & self.available[other])
            for t in candidates[:8]:
                mark = self.mark()
                if self.chain(p, j, s, t, limit) and self.load[k] < self.capacity[p]:
                    return True
                self.undo_to(mark)
        return False

    def insert_by_chains(self, i: int, limit: int = 40) -> bool:
        """Place unplaced request i by clearing, with Kempe chains, a slot both could use."""
        a, b = self.first[i], self.second[i]
        if not self.free[a] or not self.free[b]:
            return False
        for s in slots_of(self.problem.feasible[i]):
            bit = 1 << s
            mark = self.mark()
            ok = True
            for p in (a, b):
                if not self.free[p] & bit and not self.vacate(p, s, limit):
                    ok = False
                    break
            if ok and not self.open & bit:
                ok = self.make_table_room(s)
            if ok and self.free[a] & self.free[b] & self.open & bit and self.valid():
                self.place(i, s)
                return True
            self.undo_to(mark)
        return False

    def make_table_room(self, s: int) -> bool:
        """Move one movable meeting out of slot s to any slot where both its people have room."""
        for j in [j for j in self.meetings_in(s) if j not in self.problem.fixed]:
            mask = self.free[self.first[j]] & self.free[self.second[j]] & self.open & ~(1 << s)
            if mask:
                self.remove(j)
                self.place(j, self.pick_slot(j, mask))
                return True
        return False

    def meetings_in(self, s: int) -> list[int]:
        return [i for i, slot in enumerate(self.slot_of) if slot == s]

    def gaps(self) -> int:
        return sum(gaps_in(busy, avail) for busy, avail in zip(self.busy, self.available, strict=True))


def first_fit(problem: Problem) -> Board:
    """The plain baseline: requests in the order given, each in the first slot where both are free."""
    board = Board(problem)
    for i, s in problem.fixed.items():
        board.place(i, s)
    for i in range(len(problem.first)):
        if board.slot_of[i] == -1:
            mask = board.free[problem.first[i]] & board.free[problem.second[i]] & board.open
            if mask:
                board.place(i, (mask & -mask).bit_length() - 1)
    return board


def greedy(problem: Problem, guide: Mapping[tuple[int, int], float] | None = None) -> Board:
    """Pins and kept published meetings first, then by weight, then the requests with the fewest options.

    With `guide` (the LP's x[request, slot]), requests the LP places go first, each in the LP's favourite slot
    when it is still free: the LP has already settled which requests of an over-booked participant to keep.
    """
    board = Board(problem)
    for i, s in problem.fixed.items():
        board.place(i, s)
    for i in problem.must_place:
        board.place(i, problem.previous[i])
    demand = [0] * len(problem.capacity)
    for a, b in zip(problem.first, problem.second, strict=True):
        demand[a] += 1
        demand[b] += 1
    room = [c * avail.bit_count() for c, avail in zip(problem.capacity, problem.available, strict=True)]
    pressure = [d / r if r else 1e9 for d, r in zip(demand, room, strict=True)]
    share = [0.0] * len(problem.first)
    favourite = [-1] * len(problem.first)
    for (i, s), value in (guide or {}).items():
        share[i] += value
        if favourite[i] < 0 or value > guide[i, favourite[i]]:
            favourite[i] = s
    order = sorted(
        (i for i in range(len(problem.first)) if board.slot_of[i] == -1 and problem.feasible[i]),
        key=lambda i: (
            -round(share[i], 2),
            -problem.weight[i],
            problem.feasible[i].bit_count(),
            max(pressure[problem.first[i]], pressure[problem.second[i]]),
            i,
        ),
    )
    for i in order:
        s = favourite[i]
        if s >= 0 and (board.free[problem.first[i]] & board.free[problem.second[i]] & board.open) >> s & 1:
            board.place(i, s)
        else:
            board.direct(i)
    return board


def improve(board: Board, deadline: float, seed: int = 0) -> None:
    """Insert left-out requests by Kempe chains, then by ejecting meetings of no more weight, keeping gains only."""
    problem = board.problem
    rng = random.Random(seed)
    for _ in range(50):
        if time.perf_counter() > deadline:
            return
        before = board.weight
        waiting = [i for i, s in enumerate(board.slot_of) if s == -1 and problem.feasible[i]]
        rng.shuffle(waiting)
        waiting.sort(key=lambda i: -problem.weight[i])
        for n, i in enumerate(waiting):
            if n % 64 == 0 and time.perf_counter() > deadline:
                return
            if board.slot_of[i] != -1:
                continue
            if not (board.direct(i) or board.insert_by_chains(i)):
                eject(board, i, rng)
            board.log.clear()
        if board.weight == before:
            return


def eject(board: Board, i: int, rng: random.Random) -> bool:
    """Place i in place of the lightest meeting(s) blocking it in some slot, when that gains weight overall:
    the ejected meetings are re-placed elsewhere if possible, or the room they leave takes another request
    (an augmenting path of the underlying b-matching)."""
    problem = board.problem
    a, b, w = board.first[i], board.second[i], board.weight_of[i]
    fixed, must_place, weight_of, n = problem.fixed, problem.must_place, board.weight_of, board.slots
    candidates = slots_of(problem.feasible[i])
    rng.shuffle(candidates)
    for s in candidates:
        bit = 1 << s
        blockers: list[int] = []
        for p in (a, b):
            if board.free[p] & bit:
                continue
            movable = [j for j in board.at[p * n + s] if j not in fixed and j not in must_place]
            if not movable:
                blockers = []
                break
            lightest = min(movable, key=lambda j: (weight_of[j], rng.random()))
            if lightest not in blockers:
                blockers.append(lightest)
        else:
            if not blockers or sum(weight_of[j] for j in blockers) > w:
                continue
            before, mark = board.weight, board.mark()
            for j in blockers:
                board.remove(j)
            if not board.free[a] & board.free[b] & board.open & bit:
                board.undo_to(mark)
                continue
            board.place(i, s)
            for j in blockers:
                if board.direct(j) or board.insert_by_chains(j):
                    continue
                for c in (board.first[j], board.second[j]):
                    if c in (a, b):
                        continue
                    waiting = [k for k in problem.incident[c] if board.slot_of[k] == -1 and k != j]
                    waiting.sort(key=lambda k: -weight_of[k])
                    for k in waiting[:6]:
                        if board.direct(k) or board.insert_by_chains(k):
                            break
            if board.weight > before:
                return True
            board.undo_to(mark)
    return False


def heuristic_schedule(
    problem: Problem,
    *,
    time_limit: float = 1.0,
    seed: int = 0,
    guide: Mapping[tuple[int, int], float] | None = None,
) -> Board:
    """Greedy (LP-guided when `guide` is given) then local improvement, within `time_limit` seconds."""
    deadline = time.perf_counter() + time_limit
    board = greedy(problem, guide)
    board.log.clear()
    improve(board, deadline, seed)
    board.log.clear()
    return board


def compact(board: Board, deadline: float) -> None:
    """Move single meetings to slots where both people have room when that closes gaps in their days; published
    meetings still where they were stay there (a move costs more than a gap)."""
    problem, n = board.problem, board.slots
    movable = [
        i for i, s in enumerate(board.slot_of) if s >= 0 and i not in problem.fixed and problem.previous.get(i, -1) != s
    ]
    for _ in range(20):
        changed = False
        for count, i in enumerate(movable):
            if count % 256 == 0 and time.perf_counter() > deadline:
                return
            s = board.slot_of[i]
            a, b = board.first[i], board.second[i]
            options = board.free[a] & board.free[b] & board.open & ~(1 << s)
            if not options:
                continue
            busy_a, busy_b = board.busy[a], board.busy[b]
            rest_a = busy_a & ~(1 << s) if board.load[a * n + s] == 1 else busy_a
            rest_b = busy_b & ~(1 << s) if board.load[b * n + s] == 1 else busy_b
            avail_a, avail_b = board.available[a], board.available[b]
            current = gaps_in(busy_a, avail_a) + gaps_in(busy_b, avail_b)
            best, best_slot = current, -1
            for t in slots_of(options):
                bit = 1 << t
                value = gaps_in(rest_a | bit, avail_a) + gaps_in(rest_b | bit, avail_b)
                if value < best:
                    best, best_slot = value, t
            if best_slot >= 0:
                board.remove(i)
                board.place(i, best_slot)
                changed = True
        board.log.clear()
        if not changed:
            return
