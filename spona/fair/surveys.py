"""Follow-up surveys: the day after the fair, and six months later, each participant is asked once what
came of its meetings (`manage.py send_fair_surveys`, daily)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from spona.fair import notifications
from spona.fair.models import FairEdition, FairParticipant, MeetingOutcome, SurveyInvitation

SIX_MONTHS = datetime.timedelta(days=182)


def due_surveys(edition: FairEdition, *, today: datetime.date) -> list[str]:
    surveys = []
    if today > edition.date:
        surveys.append(MeetingOutcome.Survey.AFTER_FAIR)
    if today >= edition.date + SIX_MONTHS:
        surveys.append(MeetingOutcome.Survey.SIX_MONTHS)
    return surveys


def send_surveys(*, now: datetime.datetime | None = None) -> int:
    """Invite every participant with meetings to each due survey, once (the invitation row is unique, so
    re-runs and simultaneous runs send nothing twice)."""
    now = now or timezone.now()
    sent = 0
    # Dates in the server's time zone (an edition's day is its local date), not UTC.
    today = timezone.localdate(now)
    editions = FairEdition.objects.filter(date__lt=today, date__gte=today - SIX_MONTHS - datetime.timedelta(days=30))
    for edition in editions:
        for survey in due_surveys(edition, today=now.astimezone(edition.tz).date()):
            participants = edition.participants.filter(status=FairParticipant.Status.REGISTERED)
            for participant in participants.select_related("organization", "edition"):
                try:
                    with transaction.atomic():
                        SurveyInvitation.objects.create(participant=participant, survey=survey, sent_at=now)
                        transaction.on_commit(lambda p=participant, s=survey: notifications.notify_survey(p, s))
                except IntegrityError:
                    continue
                sent += 1
    return sent
