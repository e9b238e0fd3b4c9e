"""Faults and interleavings injected at the database: the statements the code under test sends are watched
(Django's execute_wrapper), and a test fails one of them or does something just before or after it, as a
crash or another process would. Statements the test's own callbacks send pass untouched."""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection


@contextmanager
def around_statements(
    when: Callable[[str], bool], *, before: Callable[[], None] | None = None, after: Callable[[], None] | None = None
):
    """Call `before()` just before, and `after()` just after, each statement for which `when(sql)` is true."""
    busy = False

    def wrapper(execute, sql, params, many, context):
        nonlocal busy
        if busy or not when(sql):
            return execute(sql, params, many, context)
        busy = True
        try:
            if before:
                before()
            result = execute(sql, params, many, context)
            if after:
                after()
            return result
        finally:
            busy = False

    with connection.execute_wrapper(wrapper):
        yield


@contextmanager
def failing(when: Callable[[str], bool], error: Exception, *, at: int = 1):
    """The `at`-th statement for which `when(sql)` is true fails with `error` (the database went away)."""
    seen = 0

    def wrapper(execute, sql, params, many, context):
        nonlocal seen
        if when(sql):
            seen += 1
            if seen == at:
                raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def reads(table: str) -> Callable[[str], bool]:
    return lambda sql: sql.startswith("SELECT") and f'FROM "{table}"' in sql


def inserts_into(table: str) -> Callable[[str], bool]:
    return lambda sql: sql.startswith(f'INSERT INTO "{table}"')


@contextmanager
def refusing_rows(table: str, *, where: str, message: str):
    """PostgreSQL refuses to insert rows of `table` for which the SQL condition `where` (on NEW) holds, as a full
    disk would: a trigger, so the fault reaches every connection and every process, forked ones included. Only
    for transactional tests (the trigger is created and dropped outside any test transaction's reach)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION spona_test_refuse() RETURNS trigger AS $$ BEGIN "
            f"IF {where} THEN RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER spona_test_refuse BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION spona_test_refuse()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER spona_test_refuse ON {table}")
            cursor.execute("DROP FUNCTION spona_test_refuse()")
