"""Who may see and change what in education: one place for every rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_can
from spona.directory.models import Organization
from spona.learning.models import Registration, Trainer, TrainingSession

# What the "Training coordinators" group holds (the admin checks the same permissions).
COORDINATE_REGISTRATIONS = "learning.change_registration"
VIEW_UNPUBLISHED_SESSIONS = "learning.view_trainingsession"
MANAGE_TRAINERS = "learning.change_trainer"
MANAGE_CERTIFICATES = "learning.change_certificate"


def is_training_coordinator(user) -> bool:
    """Staff who run registrations: every session's participants, confirmations, attendance, exports."""
    return staff_can(user, COORDINATE_REGISTRATIONS)


def sees_unpublished_sessions(user) -> bool:
    return staff_can(user, VIEW_UNPUBLISHED_SESSIONS)


def manages_trainers(user) -> bool:
    return staff_can(user, MANAGE_TRAINERS)


def manages_certificates(user) -> bool:
    return staff_can(user, MANAGE_CERTIFICATES)


def accepted_trainer(user) -> Trainer | None:
    if not user.is_authenticated:
        return None
    return Trainer.objects.filter(user=user, status=Trainer.Status.ACCEPTED).first()


def trains_session(user, session: TrainingSession) -> bool:
    return user.is_authenticated and session.trainers.filter(user=user, status=Trainer.Status.ACCEPTED).exists()


def can_manage_session(user, session: TrainingSession) -> bool:
    """Participant lists, confirmations, attendance and feedback: staff and the session's trainers."""
    return is_training_coordinator(user) or trains_session(user, session)


def can_decide_registrations(user) -> bool:
    """Confirming and rejecting registrations is the center's decision, not the trainer's."""
    return is_training_coordinator(user)


def is_active_member(user, organization: Organization) -> bool:
    return Membership.objects.filter(user=user, organization=organization, status=Membership.Status.ACTIVE).exists()


def is_admin_of(user, organization: Organization | None) -> bool:
    if organization is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, organization=organization, status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
    ).exists()


def can_register_participant(user, participant, organization: Organization | None) -> bool:
    """Anyone registers themself; an organization's admin also registers its active members."""
    if not user.is_authenticated:
        return False
    if organization is not None and not is_active_member(participant, organization):
        return False
    if participant.pk == user.pk:
        return True
    return is_training_coordinator(user) or is_admin_of(user, organization)


def can_cancel_registration(user, registration: Registration) -> bool:
    """The participant, whoever registered them, their organization's admin, and staff."""
    if not user.is_authenticated:
        return False
    return (
        user.pk in (registration.participant_id, registration.registered_by_id)
        or is_training_coordinator(user)
        or is_admin_of(user, registration.organization)
    )


def can_view_registration(user, registration: Registration) -> bool:
    return can_cancel_registration(user, registration) or can_manage_session(user, registration.session)


def get_registration_for(user, pk: int, *, check=can_view_registration) -> Registration:
    """The registration, or 404 both when it is missing and when it is not the user's business."""
    registration = get_object_or_404(
        Registration.objects.select_related("session__course", "participant", "organization"), pk=pk
    )
    if not check(user, registration):
        raise Http404
    return registration


def get_session_for_management(user, pk: int) -> TrainingSession:
    session = get_object_or_404(TrainingSession.objects.select_related("course", "city"), pk=pk)
    if not can_manage_session(user, session):
        raise Http404
    return session


def can_edit_trainer(user, trainer: Trainer) -> bool:
    """Staff, and the trainer themself once staff have accepted them."""
    if manages_trainers(user):
        return True
    return user.is_authenticated and trainer.user_id == user.pk and trainer.status == Trainer.Status.ACCEPTED
