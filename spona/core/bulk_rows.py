"""Writing many plain rows at once: COPY on PostgreSQL, one prepared INSERT on SQLite.

For tables written by the hundred thousand (alert deliveries), where model instances and parameterised
INSERTs would cost more than the rest of the work. The rows go in the caller's transaction, and the table's
constraints hold as for any INSERT: a duplicate raises IntegrityError.
"""

from collections.abc import Iterable, Sequence

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`; returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own cursor (psycopg 3) streams the rows; Django's error classes as for any query.
            copy_sql = f"COPY {quote(table)} ({column_list}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({column_list}) VALUES ({placeholders})", rows)
    return len(rows)
