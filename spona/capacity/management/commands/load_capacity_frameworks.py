"""Load the assessment frameworks shipped with Spona: a new published version of each one whose data file
changed since it was last loaded (published versions themselves never change)."""

from django.core.management.base import BaseCommand

from spona.capacity import services


class Command(BaseCommand):
    help = "Load the shipped capacity assessment frameworks (a new version when a file changed)."

    def handle(self, *args, **options):
        versions = services.load_shipped_frameworks()
        if options["verbosity"] == 0:
            return
        for version in versions:
            self.stdout.write(f"Loaded {version}.")
        if not versions:
            self.stdout.write("The frameworks are up to date.")
