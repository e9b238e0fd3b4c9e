"""Invitations of colleagues to an organization, by e-mail: the writes (as services) and what the
members page reads of them."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spona.accounts.models import Membership
from spona.directory import notifications
from spona.directory.models import Invitation, Organization
from spona.directory.permissions import can_manage_members
from spona.privacy.registry import older_than

VALID_FOR = datetime.timedelta(days=14)
# The session key under which the link a visitor opened waits for their sign-up (see accounts.adapter).
SESSION_KEY = "directory-invitation"


def pending_invitations(organization: Organization, *, now: datetime.datetime | None = None) -> QuerySet[Invitation]:
    return organization.invitations.filter(status=Invitation.Status.PENDING, expires_at__gt=now or timezone.now())


@transaction.atomic
def invite_colleague(
    *,
    organization: Organization,
    invited_by,
    email: str,
    role: int = Membership.Role.EDITOR,
    language: str | None = None,
    now: datetime.datetime | None = None,
) -> Invitation:
    """An administrator invites a colleague by e-mail; the e-mail goes out in `language` (by default the
    colleague's own, when they already have an account, else the administrator's)."""
    if not can_manage_members(invited_by, organization):
        raise PermissionDenied
    now = now or timezone.now()
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
    # An expired invitation to the same address gives way to the new one.
    organization.invitations.filter(status=Invitation.Status.PENDING, email=email, expires_at__lte=now).update(
        status=Invitation.Status.WITHDRAWN, answered_at=now
    )
    languages = dict(settings.LANGUAGES)
    if language not in languages:
        language = getattr(invited_by, "language", None) or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organization=organization,
                email=email,
                role=role,
                language=language,
                invited_by=invited_by,
                expires_at=now + VALID_FOR,
            )
    except IntegrityError as error:
        raise ValidationError({"email": _("%(email)s is already invited.") % {"email": email}}) from error
    transaction.on_commit(lambda: notifications.notify_invited_colleague(invitation.pk))
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, user, now: datetime.datetime | None = None) -> Invitation:
    if not can_manage_members(user, invitation.organization):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.answered_at = now or timezone.now()
    invitation.save(update_fields=["status", "answered_at", "updated_at"])
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user, now: datetime.datetime | None = None) -> Membership:
    """The person who opened the link joins the organization with the role they were invited to (a request
    to join they had sent is granted by it)."""
    now = now or timezone.now()
    if not user.is_authenticated:
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if invitation.status == Invitation.Status.WITHDRAWN:
        raise ValidationError(_("The organization has withdrawn this invitation."))
    if invitation.status == Invitation.Status.ACCEPTED:
        raise ValidationError(_("This invitation has already been accepted."))
    if not invitation.is_open(now=now):
        raise ValidationError(_("This invitation has expired: ask the organization's administrator for a new one."))
    membership = Membership.objects.select_for_update().filter(user=user, organization=invitation.organization).first()
    if membership is None:
        membership = Membership(user=user, organization=invitation.organization, role=invitation.role)
    elif not membership.is_active:
        membership.role = invitation.role
    membership.status = Membership.Status.ACTIVE
    membership.decided_by = invitation.invited_by
    membership.save()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.answered_at = now
    invitation.save(update_fields=["status", "accepted_by", "answered_at", "updated_at"])
    return membership


def accept_invitation_of_session(*, session, user) -> Membership | None:
    """On sign-up: the invitation whose link the new person opened before signing up, if still open."""
    token = session.pop(SESSION_KEY, None)
    invitation = Invitation.objects.filter(token=token).first() if isinstance(token, str) and token else None
    if invitation is None or not invitation.is_open():
        return None
    try:
        return accept_invitation(invitation=invitation, user=user)
    except ValidationError:  # answered or withdrawn meanwhile: the sign-up goes on, without joining
        return None


def delete_unused_invitations(*, days: int, now: datetime.datetime) -> int:
    """Invitations never accepted (expired or withdrawn) go `days` after they expired."""
    deleted, _by_model = (
        Invitation.objects.exclude(status=Invitation.Status.ACCEPTED)
        .filter(expires_at__lt=older_than(days, now))
        .delete()
    )
    return deleted
