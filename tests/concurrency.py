"""Races with real threads, each with its own database connection and transaction (PostgreSQL: see the
`concurrency` marker in tests/conftest.py).

`at_once` releases several threads together. `meanwhile` makes a race happen at a chosen moment: it watches the
statements the code under test sends to the database (the database is the boundary faults are injected at) and,
the first time one matches, runs another person's action in a thread of its own before that statement goes."""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections

# The other thread never waits long for a lock: held past this, the lock is what the test is about.
LOCK_TIMEOUT = "2s"
WAIT_FOR_OTHER = 20  # seconds; the other thread has given up on any lock by then


def at_once(work, arguments) -> list:
    """Run `work(argument)` in one thread per argument, all released together."""
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def run(index, argument):
        try:
            barrier.wait()
            results[index] = work(argument)
        except Exception as error:  # reported to the test, which says what went wrong
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, argument)) for n, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@dataclass
class Outcome:
    ran: bool = False
    value: object = None
    error: Exception | None = None


def impatient(work: Callable[[], object]) -> Callable[[], object]:
    """`work` on a connection that gives up waiting for a lock after LOCK_TIMEOUT (PostgreSQL's lock_timeout)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        return work()

    return run


class Interleaving:
    """Another person's action, run in a thread of its own at the moment the test chooses (`now()`, from a hook
    at the database or the mail server): the code under test goes on once it is done, or after WAIT_FOR_OTHER
    seconds when it waits for a lock the code under test holds. `outcome` says whether it ran and how it went."""

    def __init__(self, other: Callable[[], object]):
        self.other = other
        self.outcome = Outcome()
        self._done = threading.Event()

    def _run(self) -> None:
        try:
            self.outcome.value = self.other()
        except Exception as error:  # the test reads it
            self.outcome.error = error
        finally:
            connections.close_all()
            self._done.set()

    def now(self) -> None:
        if not self.outcome.ran:
            self.outcome.ran = True
            threading.Thread(target=self._run).start()
            self._done.wait(WAIT_FOR_OTHER)

    def finish(self) -> Outcome:
        if self.outcome.ran:
            self._done.wait(WAIT_FOR_OTHER)
        return self.outcome


@contextmanager
def meanwhile(when: Callable[[str], bool], other: Callable[[], object]):
    """In the block, just before the first statement for which `when(sql)` is true, `other()` happens (see
    Interleaving). Yields its Outcome."""
    interleaving = Interleaving(other)

    def wrapper(execute, sql, params, many, context):
        if when(sql):
            interleaving.now()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield interleaving.outcome
    interleaving.finish()
