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


@contextmanager
def meanwhile(when: Callable[[str], bool], other: Callable[[], object]):
    """In the block, just before the first statement for which `when(sql)` is true, `other()` runs in a thread
    of its own; the block goes on once it is done (or after WAIT_FOR_OTHER seconds, when it waits for a lock the
    block holds). Yields the Outcome: whether it ran, its result or the exception it raised."""
    outcome = Outcome()
    done = threading.Event()

    def run_other():
        try:
            outcome.value = other()
        except Exception as error:  # the test reads it
            outcome.error = error
        finally:
            connections.close_all()
            done.set()

    def wrapper(execute, sql, params, many, context):
        if not outcome.ran and when(sql):
            outcome.ran = True
            threading.Thread(target=run_other).start()
            done.wait(WAIT_FOR_OTHER)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield outcome
    done.wait(WAIT_FOR_OTHER)
