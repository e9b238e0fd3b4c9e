"""E-mail participants of sessions that start tomorrow; run it every hour (cron or a scheduler)."""

from django.core.management.base import BaseCommand

from spona.learning import services


class Command(BaseCommand):
    help = "Send the day-before reminders of training sessions (each session's once, however often it runs)."

    def handle(self, *args, **options):
        sent = services.send_session_reminders()
        if options["verbosity"]:
            self.stdout.write(f"Reminders sent for {sent} sessions.")
