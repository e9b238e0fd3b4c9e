"""Participant lists of a session as CSV and XLSX, for staff and the session's trainers."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from spona.core.spreadsheets import spreadsheet_response
from spona.learning import selectors
from spona.learning.models import TrainingSession

FORMATS = ("csv", "xlsx")


def _columns() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Organization"),
        _("Status"),
        _("Waitlist position"),
        _("Registered"),
        _("Registered by"),
        _("Days attended"),
        _("Note"),
    ]


def participant_rows(session: TrainingSession) -> list[list]:
    rows = []
    positions = selectors.waitlist_positions(session.registrations.all())
    for registration in selectors.participants_of(session):
        rows.append(
            [
                registration.participant.full_name,
                registration.participant.email,
                registration.organization.name if registration.organization else "",
                registration.get_status_display(),
                positions.get(registration.pk, ""),
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                str(registration.registered_by),
                registration.days_attended,
                registration.note,
            ]
        )
    return rows


def participants_response(session: TrainingSession, *, file_format: str) -> HttpResponse:
    return spreadsheet_response(
        _columns(),
        participant_rows(session),
        file_format=file_format,
        filename=f"participants-{session.pk}-{session.local_start:%Y-%m-%d}.{file_format}",
        title=_("Participants"),
    )
