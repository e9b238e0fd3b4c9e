"""Personal agendas as PDF and iCalendar, in the participant's language and the fair's time zone."""

import datetime
import io

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from spona.core.calendars import CalendarEvent, calendar_bytes
from spona.core.pdf_fonts import BOLD, REGULAR, register_fonts
from spona.fair.models import FairEdition, FairParticipant
from spona.fair.schedules import AgendaRow


def _time(value: datetime.datetime, participant: FairParticipant) -> str:
    return time_format(value.astimezone(participant.edition.tz), "TIME_FORMAT")


def agenda_pdf(participant: FairParticipant, rows: list[AgendaRow]) -> bytes:
    register_fonts()
    edition = participant.edition
    buffer = io.BytesIO()
    _width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{edition.title}: {participant.organization.name}")
    pdf.setAuthor("Spona")
    y = height - 25 * mm

    def line(text: str, *, font: str = REGULAR, size: float = 11, indent: float = 0) -> None:
        nonlocal y
        if y < 20 * mm:
            pdf.showPage()
            y = height - 25 * mm
        pdf.setFont(font, size)
        pdf.drawString(20 * mm + indent, y, text[:110])
        y -= size * 0.5 * mm + 2 * mm

    line(edition.title, font=BOLD, size=16)
    line(f"{date_format(edition.date, 'DATE_FORMAT')} · {edition.venue}")
    line(participant.organization.name, font=BOLD, size=13)
    if edition.schedule_state != FairEdition.ScheduleState.FINAL:
        line(_("Preliminary agenda: times and tables may still change."), font=BOLD)
    y -= 4 * mm
    if not rows:
        line(_("No meetings yet."))
    for row in rows:
        line(f"{_time(row.start, participant)}–{_time(row.end, participant)}   {_('Table')} {row.table}", font=BOLD)
        line(row.other.organization.name, indent=6 * mm)
        if not row.meeting.published:
            line(_("Not published yet: the participants do not see this meeting."), indent=6 * mm, size=10)
        if row.request.proposal:
            line(f"{_('About')}: {row.request.proposal.title}", indent=6 * mm, size=10)
        y -= 2 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def agenda_calendar(participant: FairParticipant, rows: list[AgendaRow], *, url: str) -> bytes:
    events = [
        CalendarEvent(
            key=f"fair-meeting-{row.meeting.pk}-{participant.pk}",
            start=row.start,
            end=row.end,
            summary=f"{row.other.organization.name} ({_('Table')} {row.table})",
            location=participant.edition.venue,
            description=url,
        )
        for row in rows
    ]
    name = f"{participant.edition.title}: {participant.organization.name}"
    return calendar_bytes(events, name=name, product="Partnership Fair")
