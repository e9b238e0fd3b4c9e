"""Rebuild the directory's search index (run nightly so inactive profiles sink on time)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from spona.directory import search, services


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every published organization, then optimize it (on PostgreSQL this "
        "locks the index for a few seconds at 100,000 organizations: run it at a quiet hour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-optimize",
            action="store_true",
            help="Skip reordering the index by rank and merging its segments (searches get slower over time).",
        )

    def handle(self, *args, **options):
        with tqdm(desc="search index", unit="org", disable=options["verbosity"] == 0) as bar:
            count = services.reindex_organizations(progress=bar.update)
        if not options["no_optimize"]:
            search.optimize_index()
        self.stdout.write(
            f"Indexed {count} organizations{'' if options['no_optimize'] else ' and optimized the index'}."
        )
