"""The engine-specific parts of the search index: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

FTS_TABLE = "directory_organization_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX directory_search_gin ON directory_organizationsearch USING gin (document)"
        )
        # Keep the vectors out of the main rows, so counting and ordering candidates reads few pages.
        schema_editor.execute("ALTER TABLE directory_organizationsearch ALTER COLUMN document SET STORAGE EXTERNAL")
        schema_editor.execute("ALTER TABLE directory_organizationsearch SET (toast_tuple_target = 128)")
        schema_editor.execute("CREATE INDEX directory_search_rank ON directory_organizationsearch (active_until, boost)")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, body, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5', detail = 'column')"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_search_gin")
        schema_editor.execute("DROP INDEX IF EXISTS directory_search_rank")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
