"""Generate demo organizations (and index them): `--orgs 100000` for a benchmark-sized directory."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from spona.directory import demo, services


class Command(BaseCommand):
    help = "Create realistic demo organizations with local names and places, then index them."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=200, help="How many organizations (default 200).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--words",
            type=int,
            nargs=2,
            default=(80, 200),
            metavar=("MIN", "MAX"),
            help="Length range of each description in words.",
        )

    def handle(self, *args, orgs: int, seed: int, words, **options):
        started = time.perf_counter()
        with tqdm(total=orgs, desc="organizations", unit="org", disable=options["verbosity"] == 0) as bar:
            created = demo.create_demo_organizations(
                count=orgs, seed=seed, description_words=tuple(words), progress=bar.update
            )
        seeded = time.perf_counter()
        with tqdm(total=created, desc="search index", unit="org", disable=options["verbosity"] == 0) as bar:
            indexed = services.reindex_organizations(progress=bar.update)
        done = time.perf_counter()
        self.stdout.write(
            f"Created {created} organizations in {seeded - started:.1f} s; indexed {indexed} in {done - seeded:.1f} s."
        )
