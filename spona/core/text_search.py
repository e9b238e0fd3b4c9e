"""A small full-text index for content other than the directory (calls, news): FTS5 on SQLite, a
tsvector with a GIN index on PostgreSQL.

Documents and queries go through spona.core.normalization, so search forgives diacritics and script
(`удружење`, `udruzenje` and `udruženja` are one stem). Each index is a table of its own, named after the
model's table, holding (object id, document); services write it when they save an object, and a query
becomes a subquery of matching ids to filter any queryset with. Words of four letters or more also match
as prefixes ("udruž" finds "udruženje").
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BigIntegerField, F, Func, QuerySet
from django.db.models.expressions import RawSQL

from spona.core.normalization import query_terms, stems

PREFIX_MIN = 4


def index_table(model) -> str:
    return f"{model._meta.db_table}_fts"


def create_index(schema_editor, table: str) -> None:
    """For migrations: create the index table on the current database."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE TABLE {table} (object_id bigint PRIMARY KEY, document tsvector NOT NULL)")
        schema_editor.execute(f"CREATE INDEX {table}_document ON {table} USING gin (document)")
    else:
        # Prefix indexes of 4 and 6 characters make prefix queries as fast as whole words.
        schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(document, prefix='4 6', detail=none)")


def drop_index(schema_editor, table: str) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def document_of(*texts: str) -> str:
    return " ".join(stem for text in texts if text for stem in stems(text))


def write_documents(table: str, documents: Iterable[tuple[int, str]]) -> None:
    """Index (object id, text) pairs, replacing what each object had."""
    rows = [(object_id, document_of(text)) for object_id, text in documents]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {table} (object_id, document) VALUES (%s, to_tsvector('simple', %s)) "
                "ON CONFLICT (object_id) DO UPDATE SET document = EXCLUDED.document",
                rows,
            )
        else:
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(object_id,) for object_id, _ in rows])
            cursor.executemany(f"INSERT INTO {table} (rowid, document) VALUES (%s, %s)", rows)


def remove_documents(table: str, object_ids: Iterable[int]) -> None:
    column = "object_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {table} WHERE {column} = %s", [(pk,) for pk in object_ids])


def clear_index(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def _pg_tsquery(terms: list[str]) -> str:
    return " & ".join(f"'{term}':*" if len(term) >= PREFIX_MIN else f"'{term}'" for term in terms)


def _fts5_match(terms: list[str]) -> str:
    return " AND ".join(f'"{term}"*' if len(term) >= PREFIX_MIN else f'"{term}"' for term in terms)


def matching(queryset: QuerySet, table: str, text: str) -> QuerySet:
    """`queryset` narrowed to the objects whose document holds every word of `text` (all of them when
    `text` has no words)."""
    terms = query_terms(text or "")
    if not terms:
        return queryset
    # Terms are [0-9a-z]+ (see normalization), so they are safe inside the query syntax.
    if connection.vendor == "postgresql":
        sql = f"SELECT object_id FROM {table} WHERE document @@ to_tsquery('simple', %s)"
        return queryset.filter(pk__in=RawSQL(sql, [_pg_tsquery(terms)]))
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
    # `+id` keeps SQLite from driving the query by the matches (a common word matches nearly every row, and
    # each would be looked up and then sorted): the list's own index leads, and the matches, read once, are
    # a set each row is checked against.
    unindexed_pk = Func(F("pk"), template="+%(expressions)s", output_field=BigIntegerField())
    return queryset.alias(text_match_pk=unindexed_pk).filter(text_match_pk__in=RawSQL(sql, [_fts5_match(terms)]))
