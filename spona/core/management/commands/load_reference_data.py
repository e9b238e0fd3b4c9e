"""Load (or refresh) places and taxonomies from the data files shipped with Spona."""

from django.conf import settings
from django.core.management.base import BaseCommand

from spona.core.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load sectors, SDGs, legal forms, capacity domains and the places of Bosnia and Herzegovina and Serbia."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-kosovo",
            action="store_true",
            default=settings.SPONA["INCLUDE_KOSOVO_PLACES"],
            help="Also load Kosovo's municipalities as Serbian law lists them.",
        )

    def handle(self, *args, with_kosovo: bool, **options):
        summary = load_reference_data(include_kosovo=with_kosovo)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"{summary.sectors} sectors, {summary.goals} goals, {summary.legal_forms} legal forms, "
            f"{summary.capacity_domains} capacity domains, "
            f"{summary.regions} regions, {summary.municipalities} municipalities"
        )
