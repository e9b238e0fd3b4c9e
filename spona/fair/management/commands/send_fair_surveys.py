"""Ask fair participants what came of their meetings: the day after the fair and six months later."""

from django.core.management.base import BaseCommand

from spona.fair.surveys import send_surveys


class Command(BaseCommand):
    help = "Send the follow-up surveys of past fairs that are due (each participant once per survey)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_surveys()} survey invitations sent")
