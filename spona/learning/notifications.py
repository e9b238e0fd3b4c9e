"""E-mails about trainings, each in the recipient's language: registration, waitlist, promotion,
cancellation, the reminder the day before, certificates, and trainer applications."""

from spona.accounts.permissions import staff_with_permission
from spona.core.mail import page_link, queue_email
from spona.learning.models import Certificate, Registration, Trainer, TrainingSession
from spona.learning.permissions import MANAGE_TRAINERS


def _registration(pk: int) -> Registration:
    return Registration.objects.select_related("session__course", "session__city", "participant").get(pk=pk)


def _send(registration: Registration, template: str, **context) -> None:
    queue_email(
        recipients=[registration.participant],
        template=f"email/{template}",
        context={
            "registration": registration,
            "session": registration.session,
            "url": page_link("learning:my-registrations"),
            **context,
        },
    )


def notify_registered(registration_id: int) -> None:
    """Confirmed, waiting for staff, or on the waitlist: whichever the registration is now."""
    registration = _registration(registration_id)
    template = {
        Registration.Status.CONFIRMED: "training_confirmed",
        Registration.Status.PENDING: "training_pending",
        Registration.Status.WAITLISTED: "training_waitlisted",
    }.get(registration.status)
    if template:
        _send(registration, template)


def notify_promoted(registration_id: int) -> None:
    _send(_registration(registration_id), "training_promoted")


def notify_cancelled(registration_id: int) -> None:
    """Someone else (an organization admin, staff) cancelled or rejected the registration."""
    _send(_registration(registration_id), "training_cancelled")


def notify_reminder(session_id: int) -> None:
    session = TrainingSession.objects.select_related("course", "city").get(pk=session_id)
    for registration in session.registrations.filter(status=Registration.Status.CONFIRMED).select_related(
        "participant", "session__course", "session__city"
    ):
        _send(registration, "training_reminder")


def notify_certificate_ready(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("registration__participant", "registration__session__course").get(
        pk=certificate_id
    )
    _send(
        certificate.registration,
        "training_certificate",
        certificate=certificate,
        verify_url=page_link("learning:certificate-verify", certificate.code),
    )


def notify_staff_of_trainer_application(trainer_id: int) -> None:
    trainer = Trainer.objects.get(pk=trainer_id)
    staff = staff_with_permission(MANAGE_TRAINERS)
    queue_email(
        recipients=list(staff),
        template="email/trainer_applied",
        context={"trainer": trainer, "url": page_link("admin:learning_trainer_change", trainer.pk)},
    )


def notify_trainer_decision(trainer_id: int) -> None:
    trainer = Trainer.objects.select_related("user").get(pk=trainer_id)
    if trainer.user is None:
        return
    queue_email(
        recipients=[trainer.user],
        template="email/trainer_decided",
        context={"trainer": trainer, "url": page_link("learning:trainer-edit")},
    )
