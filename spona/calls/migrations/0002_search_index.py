"""Full-text indexes of calls and news (see spona.core.text_search)."""

from django.db import migrations

from spona.core.text_search import create_index, drop_index

TABLES = ("calls_call_fts", "calls_newspost_fts")


def forwards(apps, schema_editor):
    for table in TABLES:
        create_index(schema_editor, table)


def backwards(apps, schema_editor):
    for table in TABLES:
        drop_index(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
