"""Search keys changed (see spona.core.normalization): rewrite the documents of every call and news post."""

from django.db import migrations


def reindex(apps, schema_editor):
    # The index is derived data: the current code writes it.
    from spona.calls import services  # noqa: PLC0415 (only when the migration runs)

    services.reindex_items()


class Migration(migrations.Migration):
    dependencies = [("calls", "0010_merge_security_and_one_of_each")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
