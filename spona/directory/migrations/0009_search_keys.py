"""Search keys changed (sound changes of inflection, `d` for `đ`, a lost `j`, derived adjectives): rewrite the
index of every published organization and its vocabulary with the current normalization."""

from django.db import migrations


def reindex(apps, schema_editor):
    # The index is derived data: the current code writes it, as `manage.py reindex_directory` would.
    from spona.directory import search, services  # noqa: PLC0415 (only when the migration runs)

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search.VOCABULARY_TABLE}")
    services.reindex_organizations()


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_merge_security_and_one_of_each")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
