"""Measure search on the query set: recall@1, recall@3 and MRR, overall and per case, and what it misses."""

from django.core.management.base import BaseCommand
from django.db import transaction

from spona.core.models import Municipality
from spona.core.reference_data import load_reference_data
from spona.directory import search_evaluation


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Load the query set's organizations into the current database inside a transaction, run every query, "
        "print recall@1, recall@3 and the mean reciprocal rank, then roll everything back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missed", action="store_true", help="Also list the queries not answered in the top 3.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                if not Municipality.objects.exists():
                    load_reference_data()
                figures = search_evaluation.evaluate(search_evaluation.load_organizations())
                raise _RollBack
        except _RollBack:
            pass
        self.stdout.write(f"{len(figures.outcomes)} queries: {figures.summary()}")
        for case, outcomes in figures.by_case().items():
            self.stdout.write(f"  {case:<13} {len(outcomes):>4}  {figures.summary(outcomes)}")
        if options["missed"]:
            for outcome in figures.missed:
                rank = outcome.rank or "-"
                self.stdout.write(f"  missed [{rank}] {outcome.query!r} -> {outcome.expected} (got {outcome.found})")
