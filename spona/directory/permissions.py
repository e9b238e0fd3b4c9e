"""Who may see and change what in the directory: one place for every rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spona.accounts.models import Membership
from spona.accounts.permissions import staff_can
from spona.directory.models import Organization

# What the "Directory moderators" group holds (the admin checks the same permissions).
MODERATE = "directory.change_organization"
VIEW_UNPUBLISHED = "directory.view_organization"
VIEW_CONTACT_PEOPLE = "directory.view_contactperson"
MANAGE_MEMBERSHIPS = "accounts.change_membership"


def published_organizations_of(user) -> list[Organization]:
    """Published organizations in which the user is an active member: those they act for (registering
    for trainings, submitting calls, taking part in the fair)."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    return list(
        Organization.objects.filter(
            pk__in=memberships.values("organization_id"), status=Organization.Status.PUBLISHED
        ).order_by("name")
    )


def active_membership(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization, status=Membership.Status.ACTIVE).first()


def is_member(user, organization: Organization) -> bool:
    return active_membership(user, organization) is not None


def can_view_organization(user, organization: Organization) -> bool:
    return organization.is_published or is_member(user, organization) or staff_can(user, VIEW_UNPUBLISHED)


def can_edit_organization(user, organization: Organization) -> bool:
    """Editors and admins of the organization, and the directory's moderators."""
    return is_member(user, organization) or staff_can(user, MODERATE)


def can_manage_members(user, organization: Organization) -> bool:
    """Only the organization's admins (and staff who manage memberships) add, remove and promote members."""
    if manages_memberships_as_staff(user):
        return True
    membership = active_membership(user, organization)
    return membership is not None and membership.role == Membership.Role.ADMIN


def manages_memberships_as_staff(user) -> bool:
    """Staff who manage memberships may leave an organization without an administrator (to hand it over)."""
    return staff_can(user, MANAGE_MEMBERSHIPS)


def can_view_private_data(user, organization: Organization) -> bool:
    """Contact people and moderation notes: the organization's members, and staff who may see them."""
    return is_member(user, organization) or staff_can(user, VIEW_CONTACT_PEOPLE)


def can_moderate(user) -> bool:
    """Approving, rejecting, verifying, archiving and reverting profiles: the directory's moderators."""
    return staff_can(user, MODERATE)


def get_organization_for_edit(user, pk: int) -> Organization:
    """The organization, or 404 both when it is missing and when the user may not edit it."""
    organization = get_object_or_404(Organization, pk=pk)
    if not can_edit_organization(user, organization):
        raise Http404
    return organization


def get_organization_for_member_admin(user, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not can_manage_members(user, organization):
        raise Http404
    return organization
