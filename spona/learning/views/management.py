"""Running a session, for staff and its trainers: participants, decisions, exports, attendance,
certificates and feedback."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.core.dates import parse_day
from spona.core.pagination import errors_text
from spona.learning import exports, permissions, selectors, services
from spona.learning.forms import AttendanceForm
from spona.learning.models import Attendance, Registration


@login_required
def session_participants(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_management(request.user, pk)
    registrations = list(selectors.participants_of(session))
    days = session.days()
    positions = selectors.waitlist_positions(session.registrations.all())
    for registration in registrations:
        by_day = {mark.day: mark.get_status_display() for mark in registration.attendance.all()}
        registration.days_marked = [by_day.get(day) for day in days]
        registration.position = positions.get(registration.pk)
        certificate = getattr(registration, "certificate", None)  # selected with the registration
        registration.issued_certificate = None if certificate is None else certificate.is_valid and certificate
    return render(
        request,
        "learning/session_participants.html",
        {
            "session": session,
            "registrations": registrations,
            "days": days,
            "seats_taken": selectors.seats_taken(session),
            "can_decide": permissions.can_decide_registrations(request.user),
            "certificates_issued": session.registrations.filter(certificate__isnull=False).count(),
        },
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("session"), pk=pk)
    if not permissions.can_decide_registrations(request.user):
        raise Http404
    try:
        if action == "confirm":
            services.confirm_registration(registration=registration, staff_user=request.user)
            messages.success(request, _("Confirmed: %(person)s.") % {"person": registration.participant})
        elif action == "reject":
            services.reject_registration(registration=registration, staff_user=request.user)
            messages.success(request, _("Rejected: %(person)s.") % {"person": registration.participant})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, errors_text(error))
    return redirect("learning:session-participants", pk=registration.session_id)


@login_required
def session_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    session = permissions.get_session_for_management(request.user, pk)
    if file_format not in exports.FORMATS:
        raise Http404
    return exports.participants_response(session, file_format=file_format)


def _parse_day(session, raw: str) -> datetime.date:
    try:
        day = parse_day(raw)
    except ValueError as error:
        raise Http404 from error
    if day not in session.days():
        raise Http404
    return day


@login_required
def session_attendance(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """Mark attendance for one day: on a phone at the door, or afterwards from the signed sheet."""
    session = permissions.get_session_for_management(request.user, pk)
    the_day = _parse_day(session, day)
    registrations = selectors.participants_of(session).filter(status=Registration.Status.CONFIRMED)
    existing = dict(
        Attendance.objects.filter(registration__session=session, day=the_day).values_list("registration_id", "status")
    )
    form = AttendanceForm(request.POST or None, registrations=registrations, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.mark_attendance(session=session, day=the_day, marks=form.marks(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Attendance saved for %(count)s participants.") % {"count": count})
            return redirect("learning:session-attendance", pk=session.pk, day=the_day.isoformat())
    return render(
        request,
        "learning/session_attendance.html",
        {"session": session, "day": the_day, "days": session.days(), "form": form},
    )


@login_required
def session_sign_in_sheet(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """A printable sheet participants sign at the door."""
    session = permissions.get_session_for_management(request.user, pk)
    the_day = _parse_day(session, day)
    registrations = selectors.participants_of(session).filter(status=Registration.Status.CONFIRMED)
    return render(
        request, "learning/sign_in_sheet.html", {"session": session, "day": the_day, "registrations": registrations}
    )


@login_required
@require_POST
def session_issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_management(request.user, pk)
    try:
        issued = services.issue_certificates(session=session, user=request.user)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("Certificates issued: %(count)s.") % {"count": len(issued)})
    return redirect("learning:session-participants", pk=session.pk)


@login_required
def session_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_management(request.user, pk)
    return render(
        request,
        "learning/session_feedback.html",
        {
            "session": session,
            "session_summary": selectors.feedback_summary(selectors.feedback_for_session(session)),
            "course_summary": selectors.feedback_summary(
                selectors.feedback_for_course(session.course), with_comments=False
            ),
            "trainer_summaries": [
                (trainer, selectors.feedback_summary(selectors.feedback_for_trainer(trainer), with_comments=False))
                for trainer in session.trainers.all()
            ],
        },
    )
