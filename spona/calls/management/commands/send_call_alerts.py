"""E-mail new matching calls to saved searches that are due (run it every few minutes: see README)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from spona.calls.alerts import run_alerts


class Command(BaseCommand):
    help = "Write and send the e-mail alerts of every saved search that is due; safe to re-run or run twice at once."

    def add_arguments(self, parser):
        parser.add_argument("--no-send", action="store_true", help="Only write the e-mails to the outbox.")
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.SPONA["ALERT_PROCESSES"],
            help="Share a large run among this many processes (PostgreSQL; default SPONA_ALERT_PROCESSES, 2).",
        )

    def handle(self, *args, **options):
        report = run_alerts(send=not options["no_send"], processes=max(1, options["processes"]))
        self.stdout.write(
            f"{report.searches} searches due, {report.digests} e-mails written with {report.deliveries} calls, "
            f"{report.sent} sent"
            + (f", {report.skipped_users} users left for the next run" if report.skipped_users else "")
        )
