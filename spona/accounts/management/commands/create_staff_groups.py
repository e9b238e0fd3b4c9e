"""Create or update the staff groups and their back-office permissions."""

from django.core.management.base import BaseCommand

from spona.accounts.staff_groups import ensure_staff_groups


class Command(BaseCommand):
    help = "Create the staff groups (Directory moderators, Reference data editors) with their permissions."

    def handle(self, *args, **options):
        for name, count in ensure_staff_groups().items():
            if options["verbosity"]:
                self.stdout.write(f"{name}: {count} permissions")
