"""PostgreSQL: an index of the names table in static-rank order, so the few matches in names a page
needs are read in that order instead of sorting every name that matches."""

from django.db import migrations

NAMES_TABLE = "directory_search_name"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAMES_TABLE}_static_rank ON {NAMES_TABLE} (boost DESC, organization_id)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAMES_TABLE}_static_rank")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_static_rank")]

    operations = [migrations.RunPython(forwards, backwards)]
