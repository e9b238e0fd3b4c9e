"""Send again the e-mails whose sending failed or was lost (run it every five minutes: see README)."""

from django.core.management.base import BaseCommand

from spona.core.mail import send_due_emails


class Command(BaseCommand):
    help = "Try again every e-mail of the outbox that failed, got stuck while being sent, or was never picked up."

    def handle(self, *args, **options):
        counts = send_due_emails()
        if not counts:
            self.stdout.write("No e-mail is due.")
            return
        self.stdout.write(", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
