"""Search reads matches in static-rank order and expands prefixes from a vocabulary.

SQLite: FTS5 rowids become rank keys, and `document` keeps the stems of the name. PostgreSQL: an index
in rank order, compact documents (no positions) kept in their rows, and a narrow table of names and
facets. Both: a table of every indexed word. Existing entries are converted here; `manage.py
reindex_directory` rewrites them anyway.
"""

from django.db import migrations
from django.utils import timezone

FTS_TABLE = "directory_organization_fts"
FTS_COLUMNS = "title, body, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5', detail = 'column'"
VOCABULARY_TABLE = "directory_search_term"
NAMES_TABLE = "directory_search_name"
ORGANIZATION_ID_MASK = 0xFFFFFFFF


def rank_key(organization_id: int, boost: float, *, active: bool) -> int:
    # A copy of spona.directory.search._rank_key as it was when this migration was written.
    boost_bucket = 0xFFFF - min(max(round(boost * 1000), 0), 0xFFFF)
    return (0 if active else 1) << 48 | boost_bucket << 32 | organization_id


def _renumber_fts(schema_editor, new_rowid) -> None:
    """Copy the FTS5 table with new rowids (FTS5 cannot change a rowid in place)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organization_id, boost, active_until >= %s FROM directory_organizationsearch",
            [connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        mapping = [(pk, new_rowid(pk, boost, bool(active))) for pk, boost, active in cursor.fetchall()]
        cursor.execute("CREATE TEMP TABLE directory_fts_rowids (organization_id INTEGER PRIMARY KEY, new_rowid)")
        cursor.executemany("INSERT INTO directory_fts_rowids VALUES (%s, %s)", mapping)
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE}_new USING fts5({FTS_COLUMNS})")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}_new (rowid, title, body, facets) "
            f"SELECT m.new_rowid, f.title, f.body, f.facets FROM {FTS_TABLE} f "
            f"JOIN directory_fts_rowids m ON m.organization_id = f.rowid & {ORGANIZATION_ID_MASK}"
        )
        cursor.execute("DROP TABLE directory_fts_rowids")
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"ALTER TABLE {FTS_TABLE}_new RENAME TO {FTS_TABLE}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Old documents: names weighted A, descriptions C, facets and `t`-prefixed name words D
        # (lexemes without weights: documents already in the new form, after going back).
        words = "'A' = ANY (u.weights) OR 'C' = ANY (u.weights) OR u.weights = '{}'"
        facets = "u.lexeme LIKE 'z%%' AND u.weights <@ '{D}'::text[]"
        schema_editor.execute(f'CREATE TABLE {VOCABULARY_TABLE} (term text COLLATE "C" PRIMARY KEY)')
        schema_editor.execute(
            f"INSERT INTO {VOCABULARY_TABLE} (term) SELECT DISTINCT u.lexeme "
            f"FROM directory_organizationsearch s, unnest(s.document) AS u WHERE {words}"
        )
        schema_editor.execute(
            f"""
            CREATE TABLE {NAMES_TABLE} (
                organization_id bigint PRIMARY KEY,
                document tsvector NOT NULL,
                boost double precision NOT NULL,
                active_until timestamp with time zone NOT NULL,
                founding_year smallint
            )
            """
        )
        schema_editor.execute(
            f"INSERT INTO {NAMES_TABLE} (organization_id, document, boost, active_until, founding_year) "
            "SELECT s.organization_id, array_to_tsvector(ARRAY("
            f"  SELECT u.lexeme FROM unnest(s.document) AS u WHERE 'A' = ANY (u.weights) OR {facets}"
            ")), s.boost, s.active_until, s.founding_year FROM directory_organizationsearch s"
        )
        schema_editor.execute(f"CREATE INDEX {NAMES_TABLE}_gin ON {NAMES_TABLE} USING gin (document)")
        schema_editor.execute(
            "UPDATE directory_organizationsearch s SET document = array_to_tsvector(ARRAY("
            f"SELECT u.lexeme FROM unnest(s.document) AS u WHERE {words} OR {facets}))"
        )
        schema_editor.execute("DROP INDEX IF EXISTS directory_search_rank")
        schema_editor.execute(
            "CREATE INDEX directory_search_static_rank ON directory_organizationsearch (boost DESC, organization_id)"
        )
        # Documents without positions are small enough to stay in their rows: testing one while
        # walking the rank index then costs no TOAST lookup.
        schema_editor.execute("ALTER TABLE directory_organizationsearch ALTER COLUMN document SET STORAGE MAIN")
        schema_editor.execute("ALTER TABLE directory_organizationsearch RESET (toast_tuple_target)")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE TABLE {VOCABULARY_TABLE} (term TEXT PRIMARY KEY) WITHOUT ROWID")
        schema_editor.execute(f"CREATE VIRTUAL TABLE temp.fts_words USING fts5vocab(main, {FTS_TABLE}, 'col')")
        schema_editor.execute(
            f"INSERT OR IGNORE INTO {VOCABULARY_TABLE} (term) "
            "SELECT term FROM temp.fts_words WHERE col IN ('title', 'body')"
        )
        schema_editor.execute("DROP TABLE temp.fts_words")
        schema_editor.execute(
            f"UPDATE directory_organizationsearch SET document = "
            f"(SELECT f.title FROM {FTS_TABLE} f WHERE f.rowid = directory_organizationsearch.organization_id)"
        )
        _renumber_fts(schema_editor, lambda pk, boost, active: rank_key(pk, boost, active=active))


def backwards(apps, schema_editor):
    # Entries keep their new form: run `manage.py reindex_directory` after going back.
    schema_editor.execute(f"DROP TABLE {VOCABULARY_TABLE}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE {NAMES_TABLE}")
        schema_editor.execute("DROP INDEX IF EXISTS directory_search_static_rank")
        schema_editor.execute(
            "CREATE INDEX directory_search_rank ON directory_organizationsearch (active_until, boost)"
        )
        schema_editor.execute("ALTER TABLE directory_organizationsearch ALTER COLUMN document SET STORAGE EXTERNAL")
        schema_editor.execute("ALTER TABLE directory_organizationsearch SET (toast_tuple_target = 128)")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("UPDATE directory_organizationsearch SET document = NULL")
        _renumber_fts(schema_editor, lambda pk, boost, active: pk)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
