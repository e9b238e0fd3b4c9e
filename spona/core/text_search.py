"""A small full-text index for content other than the directory (calls, news): FTS5 on SQLite, a
tsvector with a GIN index on PostgreSQL.

Documents and queries go through spona.core.normalization, so search forgives diacritics and script
(`удружење`, `udruzenje` and `udruženja` are one stem). Each index is a table of its own, named after the
model's table, holding (object id, document); services write it when they save an object, and a query
becomes a subquery of matching ids to filter any queryset with. Words of four letters or more also match
as prefixes ("udruž" finds "udruženje").

The query text of both engines is written here, for these indexes and the directory's (spona.directory.search):
a query is a list of parts that must all match, each a set of words any of which will do, or a prefix.
"""

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class QueryPart:
    """One condition of a full-text query: any of `words`, or any word starting with `prefix`. `columns` limits
    it to some columns of an FTS5 table ("title", "{title body}"); PostgreSQL's documents have none.

    Words and prefixes are normalized terms, [0-9a-z]+ (spona.core.normalization), or facet tokens of the same
    letters, so quoting them cannot break out of either engine's query syntax."""

    words: tuple[str, ...] = ()
    prefix: str = ""
    columns: str = ""

    def matches(self, word: str) -> bool:
        return word in self.words or bool(self.prefix and word.startswith(self.prefix))


def word_or_prefix(term: str) -> QueryPart:
    """A query word as typed: longer ones also match as prefixes."""
    return QueryPart(prefix=term) if len(term) >= PREFIX_MIN else QueryPart(words=(term,))


def pg_tsquery(parts: Iterable[QueryPart]) -> str:
    """PostgreSQL's to_tsquery text: every part, each any of its words (or its prefix)."""
    written = []
    for part in parts:
        if part.prefix:
            written.append(f"'{part.prefix}':*")
        elif len(part.words) == 1:
            written.append(f"'{part.words[0]}'")
        else:
            written.append("(" + " | ".join(f"'{word}'" for word in part.words) + ")")
    return " & ".join(written)


def fts5_match(parts: Iterable[QueryPart]) -> str:
    """SQLite FTS5's MATCH text for the same query."""
    written = []
    for part in parts:
        expression = f'"{part.prefix}"*' if part.prefix else " OR ".join(f'"{word}"' for word in part.words)
        written.append(f"({part.columns} : ({expression}))" if part.columns else f"({expression})")
    return " AND ".join(written)


def matching(queryset: QuerySet, table: str, text: str) -> QuerySet:
    """`queryset` narrowed to the objects whose document holds every word of `text` (all of them when
    `text` has no words)."""
    parts = [word_or_prefix(term) for term in query_terms(text or "")]
    if not parts:
        return queryset
    if connection.vendor == "postgresql":
        sql = f"SELECT object_id FROM {table} WHERE document @@ to_tsquery('simple', %s)"
        return queryset.filter(pk__in=RawSQL(sql, [pg_tsquery(parts)]))
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
    # `+id` keeps SQLite from driving the query by the matches (a common word matches nearly every row, and
    # each would be looked up and then sorted): the list's own index leads, and the matches, read once, are
    # a set each row is checked against.
    unindexed_pk = Func(F("pk"), template="+%(expressions)s", output_field=BigIntegerField())
    return queryset.alias(text_match_pk=unindexed_pk).filter(text_match_pk__in=RawSQL(sql, [fts5_match(parts)]))
