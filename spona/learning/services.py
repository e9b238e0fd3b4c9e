"""Every change in education: registration with capacity and waitlist, cancellation and promotion,
staff decisions, attendance, feedback, certificates, reminders and the trainer roster.

Views, the admin and management commands all call these functions. Registration and cancellation
lock the session's row (PostgreSQL) or take SQLite's write lock when the transaction begins, so the
seats are counted and taken by one transaction at a time: a session is never overbooked.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spona.directory.models import Organization
from spona.learning import notifications
from spona.learning.models import (
    SEATING,
    Attendance,
    CalendarFeed,
    Certificate,
    Feedback,
    Registration,
    Trainer,
    TrainingSession,
    days_attended,
)
from spona.learning.permissions import (
    can_cancel_registration,
    can_decide_registrations,
    can_edit_trainer,
    can_manage_session,
    can_register_participant,
    is_training_coordinator,
    manages_certificates,
    manages_trainers,
)


class RegistrationError(ValidationError):
    """A registration that cannot be made or changed, with a message for the person."""


# Registration -----------------------------------------------------------------------------------


def _locked_session(session: TrainingSession) -> TrainingSession:
    # Only the session's row: locking its course too would queue registrations for other sessions.
    return TrainingSession.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


def _seat_status(session: TrainingSession) -> str:
    return Registration.Status.PENDING if session.requires_confirmation else Registration.Status.CONFIRMED


@transaction.atomic
def register_for_session(
    *,
    session: TrainingSession,
    participant,
    registered_by,
    organization: Organization | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Take a seat, or a waitlist place when the session (or the organization's share) is full."""
    now = now or timezone.now()
    if not can_register_participant(registered_by, participant, organization):
        raise PermissionDenied(_("You may register only yourself or members of an organization you administer."))
    session = _locked_session(session)
    closed = session.why_registration_is_closed(now)
    if closed:
        raise RegistrationError(closed)
    if session.registrations.filter(participant=participant, status__in=Registration.ACTIVE_STATUSES).exists():
        raise RegistrationError(
            _("You are already registered for this session.")
            if participant.pk == registered_by.pk
            else _("%(person)s is already registered for this session.") % {"person": participant}
        )
    seat = SEATING.has_free_seat(
        session.registrations.all(),
        capacity=session.capacity,
        per_group=session.seats_per_organization,
        group_id=organization.pk if organization else None,
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                session=session,
                participant=participant,
                organization=organization,
                registered_by=registered_by,
                note=note,
                status=_seat_status(session) if seat else Registration.Status.WAITLISTED,
                waitlisted_at=None if seat else now,
            )
    except IntegrityError as error:
        raise RegistrationError(_("You are already registered for this session.")) from error
    transaction.on_commit(lambda: notifications.notify_registered(registration.pk))
    return registration


def _promote_waitlisted(session: TrainingSession, *, now: datetime.datetime) -> list[Registration]:
    """Give freed seats to the waitlist in the order people joined it (the session is locked)."""
    if now >= session.starts_at or session.status != TrainingSession.Status.PUBLISHED:
        return []
    promoted = SEATING.next_in_line(
        session.registrations.all(), capacity=session.capacity, per_group=session.seats_per_organization
    )
    for registration in promoted:
        registration.status = _seat_status(session)
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
    for registration in promoted:
        transaction.on_commit(lambda pk=registration.pk: notifications.notify_promoted(pk))
    return promoted


def _locked_registration(registration: Registration) -> Registration:
    return Registration.objects.select_for_update(of=("self",)).select_related("participant").get(pk=registration.pk)


@transaction.atomic
def cancel_registration(*, registration: Registration, user, now: datetime.datetime | None = None) -> Registration:
    """Give up a seat or a waitlist place; the next person on the waitlist is promoted."""
    now = now or timezone.now()
    if not can_cancel_registration(user, registration):
        raise PermissionDenied(_("You cannot cancel someone else's registration."))
    session = _locked_session(registration.session)
    registration = _locked_registration(registration)
    if not registration.is_active:
        raise RegistrationError(_("This registration is no longer active."))
    if now >= session.starts_at and not is_training_coordinator(user):
        raise RegistrationError(_("The session has started; please tell the organizers that you cannot come."))
    held_seat = registration.holds_seat
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if user.pk != registration.participant_id:
        transaction.on_commit(lambda: notifications.notify_cancelled(registration.pk))
    if held_seat:
        _promote_waitlisted(session, now=now)
    return registration


@transaction.atomic
def confirm_registration(*, registration: Registration, staff_user) -> Registration:
    if not can_decide_registrations(staff_user):
        raise PermissionDenied(_("Only staff confirm registrations."))
    registration = _locked_registration(registration)
    if registration.status != Registration.Status.PENDING:
        raise RegistrationError(_("Only a registration waiting for confirmation can be confirmed."))
    registration.status = Registration.Status.CONFIRMED
    registration.decided_by = staff_user
    registration.save(update_fields=["status", "decided_by", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_registered(registration.pk))
    return registration


@transaction.atomic
def reject_registration(
    *, registration: Registration, staff_user, now: datetime.datetime | None = None
) -> Registration:
    if not can_decide_registrations(staff_user):
        raise PermissionDenied(_("Only staff reject registrations."))
    session = _locked_session(registration.session)
    registration = _locked_registration(registration)
    if not registration.is_active:
        raise RegistrationError(_("This registration is no longer active."))
    held_seat = registration.holds_seat
    registration.status = Registration.Status.REJECTED
    registration.decided_by = staff_user
    registration.save(update_fields=["status", "decided_by", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_cancelled(registration.pk))
    if held_seat:
        _promote_waitlisted(session, now=now or timezone.now())
    return registration


@transaction.atomic
def refill_session(*, session: TrainingSession, now: datetime.datetime | None = None) -> list[Registration]:
    """After staff add seats or lift the per-organization cap: promote whoever now fits."""
    return _promote_waitlisted(_locked_session(session), now=now or timezone.now())


def save_session(*, session: TrainingSession) -> TrainingSession:
    """Save a session edited by staff (the admin), then fill any seats the edit freed."""
    with transaction.atomic():
        session.save()
    refill_session(session=session)
    return session


# Attendance and feedback ------------------------------------------------------------------------


@transaction.atomic
def mark_attendance(
    *, session: TrainingSession, day: datetime.date, marks: dict[int, str], user, now: datetime.datetime | None = None
) -> int:
    """Record who came on one day: `marks` maps registration ids to an Attendance status."""
    if not can_manage_session(user, session):
        raise PermissionDenied(_("Only staff and the session's trainers mark attendance."))
    if day not in session.days():
        raise RegistrationError(_("That day is not a day of this session."))
    valid = set(Attendance.Status.values)
    registrations = {
        r.pk: r for r in session.registrations.filter(pk__in=list(marks), status=Registration.Status.CONFIRMED)
    }
    unknown = [pk for pk in marks if pk not in registrations]
    if unknown:
        raise RegistrationError(_("Attendance can be marked only for confirmed participants of this session."))
    if any(status not in valid for status in marks.values()):
        raise RegistrationError(_("Unknown attendance status."))
    now = now or timezone.now()
    for pk, status in marks.items():
        Attendance.objects.update_or_create(
            registration_id=pk, day=day, defaults={"status": status, "marked_by": user, "marked_at": now}
        )
    return len(marks)


def attended_days(registration: Registration) -> int:
    """Days one registration was attended; lists read them as the `days_attended` annotation instead."""
    return registration.attendance.filter(status__in=Attendance.ATTENDED).count()


def feedback_opens_at(session: TrainingSession) -> datetime.datetime:
    """Feedback opens on the session's last day, at the time it started on the first."""
    last_day = session.days()[-1]
    return datetime.datetime.combine(last_day, session.local_start.timetz())


def can_give_feedback(
    registration: Registration, now: datetime.datetime | None = None, *, attended: int | None = None
) -> bool:
    """`attended`: the days attended when the caller has them (a list's `days_attended`), else counted."""
    now = now or timezone.now()
    return (
        registration.status == Registration.Status.CONFIRMED
        and now >= feedback_opens_at(registration.session)
        and (attended_days(registration) if attended is None else attended) > 0
    )


@transaction.atomic
def submit_feedback(
    *, registration: Registration, user, ratings: dict[str, int], comments: str = "", now=None
) -> Feedback:
    """An attendee's ratings and comments; giving them again replaces the earlier ones."""
    if user.pk != registration.participant_id:
        raise PermissionDenied(_("Only the participant gives feedback on their registration."))
    if not can_give_feedback(registration, now):
        raise RegistrationError(_("Feedback opens on the last day of the session, for those who attended."))
    values = {name: int(ratings[name]) for name in Feedback.RATINGS}
    if any(not 1 <= value <= 5 for value in values.values()):
        raise RegistrationError(_("Ratings go from 1 to 5."))
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={**values, "comments": comments}
    )
    return feedback


# Certificates -----------------------------------------------------------------------------------


def meets_attendance_rule(registration: Registration, attended: int | None = None) -> bool:
    session = registration.session
    attended = attended_days(registration) if attended is None else attended
    total = len(session.days())
    return registration.status == Registration.Status.CONFIRMED and attended * 100 >= (
        session.attendance_required_percent * total
    )


def _session_dates(session: TrainingSession, language: str) -> str:
    """The session's days as the certificate states them, in the participant's language."""
    start, end = session.local_start.date(), session.local_end.date()
    with translation.override(language):
        if start == end:
            return date_format(start, "DATE_FORMAT")
        return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"


def _city_name(session: TrainingSession, language: str) -> str:
    if session.city is None:
        return ""
    with translation.override(language):
        return session.city.display_name


@transaction.atomic
def issue_certificates(*, session: TrainingSession, user, now: datetime.datetime | None = None) -> list[Certificate]:
    """Certificates for every confirmed participant who met the attendance rule and has none yet."""
    if not can_manage_session(user, session):
        raise PermissionDenied(_("Only staff and the session's trainers issue certificates."))
    now = now or timezone.now()
    if now < feedback_opens_at(session):
        raise RegistrationError(_("Certificates are issued on the last day of the session or later."))
    session = _locked_session(session)
    trainer_names = ", ".join(trainer.name for trainer in session.trainers.all())
    registrations = (
        session.registrations.filter(status=Registration.Status.CONFIRMED, certificate__isnull=True)
        .select_related("participant", "organization")
        .annotate(days_attended=days_attended())
    )
    issued = []
    for registration in registrations:
        if not meets_attendance_rule(registration, registration.days_attended):
            continue
        participant = registration.participant
        issued.append(
            Certificate.objects.create(
                registration=registration,
                participant_name=participant.full_name or participant.email,
                organization_name=registration.organization.name if registration.organization else "",
                course_title=session.course.title,
                session_dates=_session_dates(session, participant.language),
                city=_city_name(session, participant.language),
                trainer_names=trainer_names,
                attended_days=registration.days_attended,
                total_days=len(session.days()),
                language=participant.language,
            )
        )
    for certificate in issued:
        transaction.on_commit(lambda pk=certificate.pk: notifications.notify_certificate_ready(pk))
    return issued


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, staff_user, now: datetime.datetime | None = None) -> None:
    if not manages_certificates(staff_user):
        raise PermissionDenied(_("Only staff revoke certificates."))
    certificate.revoked_at = now or timezone.now()
    certificate.save(update_fields=["revoked_at", "updated_at"])


# Reminders --------------------------------------------------------------------------------------


def send_session_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail participants of sessions that start tomorrow (in the session's time zone), once per
    session: each session is claimed by one run, so a run repeated or run twice at once sends nothing twice."""
    now = now or timezone.now()
    candidates = TrainingSession.objects.filter(
        status=TrainingSession.Status.PUBLISHED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=48),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            session = (
                TrainingSession.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if session is None or session.local_start.date() != (
                now.astimezone(session.tz).date() + datetime.timedelta(days=1)
            ):
                continue
            # A conditional UPDATE claims the session on SQLite too, which has no row locks.
            if not TrainingSession.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                continue
            transaction.on_commit(lambda pk=pk: notifications.notify_reminder(pk))
            sent += 1
    return sent


# Trainers and calendars -------------------------------------------------------------------------


def _set_relations(trainer: Trainer, relations: dict[str, Iterable]) -> None:
    for name in ("sectors", "domains", "regions"):
        if name in relations and relations[name] is not None:
            getattr(trainer, name).set(relations[name])


@transaction.atomic
def apply_as_trainer(*, user, fields: dict, relations: dict[str, Iterable]) -> Trainer:
    """A person offers themself as a trainer; staff accept or decline."""
    if Trainer.objects.filter(user=user).exists():
        raise RegistrationError(_("You already have a trainer profile."))
    trainer = Trainer(user=user, status=Trainer.Status.APPLIED, email=user.email, **fields)
    trainer.save()
    _set_relations(trainer, relations)
    transaction.on_commit(lambda: notifications.notify_staff_of_trainer_application(trainer.pk))
    return trainer


@transaction.atomic
def update_trainer(*, trainer: Trainer, user, fields: dict, relations: dict[str, Iterable]) -> Trainer:
    if not can_edit_trainer(user, trainer):
        raise PermissionDenied(_("Only the trainer and staff edit this profile."))
    for name, value in fields.items():
        setattr(trainer, name, value)
    trainer.save()
    _set_relations(trainer, relations)
    return trainer


@transaction.atomic
def decide_trainer(*, trainer: Trainer, staff_user, accept: bool) -> Trainer:
    if not manages_trainers(staff_user):
        raise PermissionDenied(_("Only staff accept trainers."))
    trainer.status = Trainer.Status.ACCEPTED if accept else Trainer.Status.DECLINED
    trainer.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: notifications.notify_trainer_decision(trainer.pk))
    return trainer


def calendar_feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def renew_calendar_feed(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working (for a link that leaked)."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)
