"""Every change to the directory: registration, editing, moderation, membership and indexing.

Views, the API, the admin and management commands all call these functions.
"""

import datetime
import logging
from collections.abc import Iterable

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from spona.accounts.models import Membership
from spona.core.models import Region
from spona.core.page_cache import invalidate_public_pages
from spona.core.stale_edits import lock_for_edit
from spona.directory import notifications, search
from spona.directory.models import AnnualFinance, Organization, Program, Result
from spona.directory.permissions import (
    can_edit_organization,
    can_manage_members,
    can_moderate,
    manages_memberships_as_staff,
)

logger = logging.getLogger(__name__)

STALE_PROFILE = gettext_lazy(
    "Someone else saved this profile after you opened it. Reload the page to see their changes, then edit again."
)
# Set by moderation, not by editing: a restored version leaves them as they are.
MODERATION_FIELDS = [
    "status",
    "moderation_note",
    "submitted_by_id",
    "published_at",
    "verified_at",
    "verified_by_id",
    "confirmed_at",
    "completeness",
]


# Completeness and indexing ---------------------------------------------------------------------


def _has_contact() -> Q:
    return ~Q(email="") | ~Q(phone="") | ~Q(website="")


def _basic_profile() -> Q:
    return (
        ~Q(name="")
        & Q(municipality__isnull=False)
        & ~Q(mission="")
        & _has_contact()
        & Exists(Organization.sectors.through.objects.filter(organization_id=OuterRef("pk")))
    )


def refresh_completeness_in_bulk(*, ids: list[int] | None = None) -> None:
    """The same levels as compute_completeness, in a few UPDATE statements (imports, demo data)."""
    queryset = Organization.objects.all() if ids is None else Organization.objects.filter(pk__in=ids)
    has = {
        name: Exists(model.objects.filter(organization_id=OuterRef("pk")))
        for name, model in [("programs", Program), ("finances", AnnualFinance), ("results", Result)]
    }
    level = Case(
        When(_basic_profile() & has["programs"] & has["finances"] & has["results"], then=Value(4)),
        When(_basic_profile() & has["programs"] & has["finances"], then=Value(3)),
        When(_basic_profile() & has["programs"], then=Value(2)),
        When(_basic_profile(), then=Value(1)),
        default=Value(0),
    )
    for start in range(0, len(ids), 5000) if ids is not None else [None]:
        batch = queryset if start is None else Organization.objects.filter(pk__in=ids[start : start + 5000])
        batch.update(completeness=level)
    invalidate_public_pages()


def compute_completeness(organization: Organization) -> int:
    """Basic, then with programs, with finances, with results: each level needs the ones before."""
    basic = (
        all([organization.name, organization.kind, organization.municipality_id, organization.mission])
        and (organization.email or organization.phone or organization.website)
        and organization.sectors.exists()
    )
    if not basic:
        return Organization.Completeness.INCOMPLETE
    level = Organization.Completeness.BASIC
    if organization.programs.exists():
        level = Organization.Completeness.PROGRAMS
        if organization.finances.exists():
            level = Organization.Completeness.FINANCES
            if organization.results.exists():
                level = Organization.Completeness.RESULTS
    return level


def refresh_organization(organization: Organization) -> None:
    """Recompute completeness and bring the search index in line with the organization."""
    completeness = compute_completeness(organization)
    if completeness != organization.completeness:
        organization.completeness = completeness
        Organization.objects.filter(pk=organization.pk).update(completeness=completeness)
    if organization.is_published:
        search.write_entries([search.build_entry(organization)])
    else:
        search.remove_ids([organization.pk])


def reindex_organizations(*, ids: list[int] | None = None, batch_size: int = 1000, progress=None) -> int:
    """Rebuild the whole search index (after a bulk import, or nightly so inactivity is current)."""
    region_chains = _region_chains()
    queryset = (
        Organization.objects.filter(status=Organization.Status.PUBLISHED)
        .select_related("municipality__city", "legal_form")
        .prefetch_related("sectors", "programs", "results")
        .order_by("pk")
    )
    count = 0
    if ids is not None:
        batches = (queryset.filter(pk__in=ids[i : i + batch_size]) for i in range(0, len(ids), batch_size))
    else:
        batches = _keyset_batches(queryset, batch_size)
    for batch in batches:
        organizations = list(batch)
        search.write_entries([search.build_entry(org, region_chains=region_chains) for org in organizations])
        count += len(organizations)
        if progress:
            progress(len(organizations))
    invalidate_public_pages()
    return count


def _keyset_batches(queryset, batch_size: int):
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def _region_chains() -> dict[int, list[Region]]:
    regions = {region.pk: region for region in Region.objects.all()}
    chains = {}
    for pk, region in regions.items():
        chain, current = [], region
        while current is not None:
            chain.append(current)
            current = regions.get(current.parent_id)
        chains[pk] = chain
    return chains


# Registration and editing ----------------------------------------------------------------------


def _assign_fields(organization: Organization, fields: dict) -> None:
    # save_form_data knows each field's form conventions (a cleared logo is False, an unchanged one None).
    for name, value in fields.items():
        Organization._meta.get_field(name).save_form_data(organization, value)


def _apply_relations(organization: Organization, sectors: Iterable | None, goals: Iterable | None) -> None:
    if sectors is not None:
        organization.sectors.set(sectors)
    if goals is not None:
        organization.goals.set(goals)


@transaction.atomic
def register_organization(*, user, fields: dict, sectors=None, goals=None) -> Organization:
    """A signed-in user registers a new organization; it waits for staff approval."""
    organization = Organization(status=Organization.Status.PENDING, submitted_by=user)
    _assign_fields(organization, fields)
    organization.full_clean(exclude=["slug"])
    with reversion.create_revision():
        organization.save()
        _apply_relations(organization, sectors, goals)
        reversion.set_user(user)
        reversion.set_comment("Registered")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADMIN)
    refresh_organization(organization)
    transaction.on_commit(lambda: notifications.notify_staff_of_registration(organization.pk))
    return organization


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    user,
    fields: dict,
    sectors=None,
    goals=None,
    expected_version: int | None = None,
    comment: str = "",
) -> Organization:
    """Save an edit of the profile. `expected_version` (the version the edit form was opened at) guards
    against a second editor silently overwriting a first one's changes."""
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    current = lock_for_edit(organization, expected_version=expected_version, message=STALE_PROFILE)
    _assign_fields(current, fields)
    current.full_clean(exclude=["slug"])
    with reversion.create_revision():
        current.save()
        _apply_relations(current, sectors, goals)
        reversion.set_user(user)
        reversion.set_comment(comment or "Edited the profile")
    refresh_organization(current)
    return current


@transaction.atomic
def save_related_items(
    *, organization: Organization, user, formset, comment: str, expected_version: int | None = None
) -> None:
    """Save a formset of contacts, programs, finances or results as one revision: a change of the profile,
    guarded as an edit of its own fields is."""
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    lock_for_edit(organization, expected_version=expected_version, message=STALE_PROFILE)
    with reversion.create_revision():
        formset.save()
        organization.save(update_fields=["updated_at"])
        reversion.add_to_revision(organization)
        reversion.set_user(user)
        reversion.set_comment(comment)
    refresh_organization(organization)


@transaction.atomic
def confirm_organization_profile(*, organization: Organization, user, now: datetime.datetime | None = None) -> None:
    """A member or staff says the profile is up to date: it counts as active for two more years."""
    if not can_edit_organization(user, organization):
        raise PermissionDenied
    organization.confirmed_at = now or timezone.now()
    organization.save(update_fields=["confirmed_at", "updated_at"])
    refresh_organization(organization)


# Moderation ------------------------------------------------------------------------------------


def _require_staff(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied


def _locked_organization(organization: Organization) -> Organization:
    """The organization's row, locked until the transaction ends: moderation and membership changes of one
    organization go one at a time, each reading what the one before wrote (not a copy a page loaded)."""
    return Organization.objects.select_for_update().get(pk=organization.pk)


# What each decision may follow; a decision already taken (a second click) does nothing.
APPROVABLE = (Organization.Status.PENDING, Organization.Status.REJECTED)
REJECTABLE = (Organization.Status.PENDING,)
ARCHIVABLE = (Organization.Status.PENDING, Organization.Status.PUBLISHED, Organization.Status.REJECTED)


def _moderate(organization: Organization, *, staff_user, fields: list[str], comment: str) -> None:
    with reversion.create_revision():
        organization.save(update_fields=[*fields, "updated_at"])
        reversion.add_to_revision(organization)
        reversion.set_user(staff_user)
        reversion.set_comment(comment)
    refresh_organization(organization)


@transaction.atomic
def approve_organization(*, organization: Organization, staff_user, now: datetime.datetime | None = None) -> bool:
    """Publish a pending (or rejected) profile and tell its members; False when it was already published."""
    _require_staff(staff_user)
    organization = _locked_organization(organization)
    if organization.status == Organization.Status.PUBLISHED:
        return False
    if organization.status not in APPROVABLE:
        raise ValidationError(_("An archived profile is not published again."))
    now = now or timezone.now()
    organization.status = Organization.Status.PUBLISHED
    organization.published_at = organization.published_at or now
    organization.confirmed_at = organization.confirmed_at or now
    organization.moderation_note = ""
    _moderate(
        organization,
        staff_user=staff_user,
        fields=["status", "published_at", "confirmed_at", "moderation_note"],
        comment="Approved",
    )
    transaction.on_commit(lambda: notifications.notify_members_of_decision(organization.pk))
    return True


@transaction.atomic
def reject_organization(*, organization: Organization, staff_user, reason: str) -> bool:
    """Reject a profile waiting for approval, saying why; False when it was already rejected."""
    _require_staff(staff_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the organization can correct it.")})
    organization = _locked_organization(organization)
    if organization.status == Organization.Status.REJECTED:
        return False
    if organization.status not in REJECTABLE:
        raise ValidationError(_("Only a profile waiting for approval can be rejected."))
    organization.status = Organization.Status.REJECTED
    organization.moderation_note = reason.strip()
    _moderate(organization, staff_user=staff_user, fields=["status", "moderation_note"], comment="Rejected")
    transaction.on_commit(lambda: notifications.notify_members_of_decision(organization.pk))
    return True


@transaction.atomic
def archive_organization(*, organization: Organization, staff_user) -> bool:
    """Take a profile out of the directory; False when it was already archived."""
    _require_staff(staff_user)
    organization = _locked_organization(organization)
    if organization.status == Organization.Status.ARCHIVED:
        return False
    if organization.status not in ARCHIVABLE:
        raise ValidationError(_("This profile cannot be archived."))
    organization.status = Organization.Status.ARCHIVED
    _moderate(organization, staff_user=staff_user, fields=["status"], comment="Archived")
    return True


@transaction.atomic
def verify_organization(*, organization: Organization, staff_user, now: datetime.datetime | None = None) -> None:
    """Staff checked the profile against the official register."""
    _require_staff(staff_user)
    now = now or timezone.now()
    organization = _locked_organization(organization)
    organization.verified_at = now
    organization.verified_by = staff_user
    organization.confirmed_at = now
    organization.save(update_fields=["verified_at", "verified_by", "confirmed_at", "updated_at"])
    refresh_organization(organization)


@transaction.atomic
def revert_organization(*, version: Version, staff_user) -> Organization:
    """Restore the profile (and its related items) to a revision from its history.

    Only the content goes back: whether it is published, verified or confirmed stays as it is now,
    so restoring a vandalized profile never takes it out of the directory."""
    _require_staff(staff_user)
    current = Organization.objects.select_for_update().get(pk=version.object_id)
    # The version counts on from the current one: a restored number would let an older form through the guard.
    kept = {name: getattr(current, name) for name in [*MODERATION_FIELDS, "version"]}
    with reversion.create_revision():
        version.revision.revert(delete=True)
        organization = Organization.objects.get(pk=version.object_id)
        for name, value in kept.items():
            setattr(organization, name, value)
        organization.save()
        reversion.set_user(staff_user)
        reversion.set_comment(f"Restored the version of {version.revision.date_created:%Y-%m-%d %H:%M}")
    refresh_organization(organization)
    return organization


# Membership ------------------------------------------------------------------------------------


@transaction.atomic
def request_membership(*, user, organization: Organization, message: str = "") -> Membership:
    """A user asks to join an organization; its admins decide."""
    membership = Membership.objects.select_for_update().filter(user=user, organization=organization).first()
    if membership is not None:
        if membership.status == Membership.Status.ACTIVE:
            raise ValidationError(_("You are already a member of this organization."))
        if membership.status == Membership.Status.REQUESTED:
            raise ValidationError(_("You have already asked to join; the organization's administrators will decide."))
        membership.status = Membership.Status.REQUESTED
        membership.message = message
        membership.save()
    else:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user,
                    organization=organization,
                    status=Membership.Status.REQUESTED,
                    role=Membership.Role.EDITOR,
                    message=message,
                )
        except IntegrityError as error:  # the same request sent twice at once
            raise ValidationError(
                _("You have already asked to join; the organization's administrators will decide.")
            ) from error
    transaction.on_commit(lambda: notifications.notify_admins_of_join_request(membership.pk))
    return membership


@transaction.atomic
def decide_membership(*, membership: Membership, decided_by, accept: bool) -> Membership:
    if not can_manage_members(decided_by, membership.organization):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    membership.status = Membership.Status.ACTIVE if accept else Membership.Status.DECLINED
    membership.decided_by = decided_by
    membership.save()
    transaction.on_commit(lambda: notifications.notify_requester_of_decision(membership.pk))
    return membership


def _other_admins(membership: Membership):
    return Membership.objects.filter(
        organization=membership.organization, status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
    ).exclude(pk=membership.pk)


@transaction.atomic
def change_member_role(*, membership: Membership, changed_by, role: int) -> Membership:
    if not can_manage_members(changed_by, membership.organization):
        raise PermissionDenied
    # The organization first: two administrators demoting each other at once would each see the other still
    # an administrator, and leave none.
    _locked_organization(membership.organization)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and not _other_admins(membership).exists()
        and not manages_memberships_as_staff(changed_by)
    ):
        raise ValidationError(_("An organization needs at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, removed_by) -> None:
    """An admin removes a member, or a member leaves (removing themself)."""
    if membership.user_id != removed_by.pk and not can_manage_members(removed_by, membership.organization):
        raise PermissionDenied
    _locked_organization(membership.organization)  # as in change_member_role
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_admin and not _other_admins(membership).exists() and not manages_memberships_as_staff(removed_by):
        raise ValidationError(_("An organization needs at least one administrator: name another one first."))
    membership.delete()


def inactive_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.SPONA["INACTIVE_AFTER_DAYS"])
