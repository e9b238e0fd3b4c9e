"""Remove what is kept past its period, by each app's retention rule (run it daily: see README)."""

from django.core.management.base import BaseCommand

from spona.privacy.registry import registry
from spona.privacy.services import apply_retention


class Command(BaseCommand):
    help = "Apply every retention rule with the period staff set for it (admin: Personal data › Retention periods)."

    def handle(self, *args, **options):
        for code, count in apply_retention().items():
            self.stdout.write(f"{registry.retention[code].title} … {code}: {count}")
