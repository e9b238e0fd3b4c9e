"""E-mails about organizations: registrations for staff, decisions for members, join requests."""

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_with_permission
from spona.core.mail import object_link, page_link, queue_email
from spona.directory.models import Invitation, Organization
from spona.directory.permissions import MODERATE


def notify_staff_of_registration(organization_id: int) -> None:
    organization = Organization.objects.get(pk=organization_id)
    staff = staff_with_permission(MODERATE)
    queue_email(
        recipients=list(staff),
        template="email/organization_registered",
        context={"organization": organization, "url": page_link("directory:moderation-queue")},
    )


def notify_members_of_decision(organization_id: int) -> None:
    organization = Organization.objects.get(pk=organization_id)
    admins = [m.user for m in organization.memberships.filter(status=Membership.Status.ACTIVE).select_related("user")]
    queue_email(
        recipients=admins,
        template="email/organization_decision",
        context={"organization": organization, "url": object_link(organization)},
    )


def notify_admins_of_join_request(membership_id: int) -> None:
    membership = Membership.objects.select_related("user", "organization").get(pk=membership_id)
    admins = [
        m.user
        for m in membership.organization.memberships.filter(
            status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
        ).select_related("user")
    ]
    queue_email(
        recipients=admins,
        template="email/join_requested",
        context={
            "membership": membership,
            "url": page_link("directory:organization-members", pk=membership.organization_id),
        },
    )


def notify_requester_of_decision(membership_id: int) -> None:
    membership = Membership.objects.select_related("user", "organization").get(pk=membership_id)
    queue_email(
        recipients=[membership.user],
        template="email/join_decided",
        context={"membership": membership, "url": object_link(membership.organization)},
    )


def notify_invited_colleague(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(pk=invitation_id)
    queue_email(
        recipients=[invitation.email],
        language=invitation.language,
        template="email/colleague_invited",
        context={"invitation": invitation, "url": object_link(invitation)},
    )
