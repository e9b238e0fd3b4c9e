"""Rebuild the directory's search index (run nightly so inactive profiles sink on time)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from spona.directory import services


class Command(BaseCommand):
    help = "Rebuild the search index of every published organization."

    def handle(self, *args, **options):
        with tqdm(desc="search index", unit="org", disable=options["verbosity"] == 0) as bar:
            count = services.reindex_organizations(progress=bar.update)
        self.stdout.write(f"Indexed {count} organizations.")
