"""Registering an organization and moderating it: approval, rejection, verification, archiving."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from spona.accounts.models import Membership
from spona.core.models import Sector
from spona.directory import services
from spona.directory.models import Organization
from tests.directory.form_data import registration_fields
from tests.directory.reading import found
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
)

pytestmark = pytest.mark.django_db


# Registration ----------------------------------------------------------------------------------


def test_registration_waits_for_approval_and_tells_staff(other_user, staff_user, mail):
    with mail.committing():
        organization = services.register_organization(
            user=other_user, fields=registration_fields(), sectors=Sector.objects.filter(slug="environment")
        )

    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING
    assert organization.submitted_by == other_user
    assert organization.published_at is None
    assert organization.slug == "udruzenje-zeleni-krug"
    assert [s.slug for s in organization.sectors.all()] == ["environment"]
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role, membership.status) == (
        other_user,
        Membership.Role.ADMIN,
        Membership.Status.ACTIVE,
    )
    assert mail.recipients == [[staff_user.email]]
    assert "Udruženje Zeleni Krug" in mail.outbox[0].subject
    with translation.override("en"):
        assert reverse("directory:moderation-queue") in mail.outbox[0].body
    assert found("zeleni krug") == []  # not public until approved
    assert Version.objects.get_for_object(organization).count() == 1


def test_registration_refuses_an_invalid_profile_and_stores_nothing(other_user, staff_user, mail):
    with pytest.raises(ValidationError) as error:
        services.register_organization(user=other_user, fields=registration_fields(name="", founding_year=1700))

    assert set(error.value.message_dict) == {"name", "founding_year"}
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()
    assert mail.outbox == []


# Moderation ------------------------------------------------------------------------------------


@pytest.fixture
def pending(member_user):
    organization = PendingOrganizationFactory(name="Udruženje Svjetionik", mission="Podrška ženama.")
    MembershipFactory(user=member_user, organization=organization)
    return organization


def test_approval_publishes_and_tells_the_members(pending, staff_user, member_user, mail):
    now = datetime.datetime(2025, 3, 1, 10, 0, tzinfo=datetime.UTC)
    pending.moderation_note = "Dopunite misiju."
    pending.save()

    with mail.committing():
        services.approve_organization(organization=pending, staff_user=staff_user, now=now)

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PUBLISHED
    assert pending.published_at == now
    assert pending.confirmed_at == now
    assert pending.moderation_note == ""
    assert found("svjetionik") == [pending.pk]
    assert mail.recipients == [[member_user.email]]
    assert "Udruženje Svjetionik is now in the directory" in mail.outbox[0].subject


def test_rejection_needs_a_reason(pending, staff_user, mail):
    with mail.committing(), pytest.raises(ValidationError) as error:
        services.reject_organization(organization=pending, staff_user=staff_user, reason="   ")

    assert "reason" in error.value.message_dict
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert mail.outbox == []


def test_rejection_stores_the_reason_and_tells_the_members(pending, staff_user, member_user, mail):
    with mail.committing():
        services.reject_organization(
            organization=pending, staff_user=staff_user, reason="  Nedostaje registracijski broj.  "
        )

    pending.refresh_from_db()
    assert pending.status == Organization.Status.REJECTED
    assert pending.moderation_note == "Nedostaje registracijski broj."
    assert mail.recipients == [[member_user.email]]
    assert "was not approved" in mail.outbox[0].subject
    assert "Nedostaje registracijski broj." in mail.outbox[0].body


def test_a_second_approval_changes_nothing_and_sends_no_second_e_mail(pending, staff_user, member_user, mail):
    with mail.committing():
        assert services.approve_organization(organization=pending, staff_user=staff_user) is True
    with mail.committing():
        assert services.approve_organization(organization=pending, staff_user=staff_user) is False  # a double click
    assert mail.recipients == [[member_user.email]]


def test_a_decision_on_a_page_loaded_before_an_edit_keeps_the_edit(pending, staff_user, member_user):
    loaded_by_staff = Organization.objects.get(pk=pending.pk)
    services.update_organization(organization=pending, user=member_user, fields={"mission": "Nova misija."})

    services.approve_organization(organization=loaded_by_staff, staff_user=staff_user)

    pending.refresh_from_db()
    assert (pending.status, pending.mission) == (Organization.Status.PUBLISHED, "Nova misija.")


def test_an_archived_profile_is_not_published_again_from_a_page_loaded_before(pending, staff_user, mail):
    loaded_while_pending = Organization.objects.get(pk=pending.pk)
    services.archive_organization(organization=pending, staff_user=staff_user)

    with mail.committing(), pytest.raises(ValidationError) as refused:
        services.approve_organization(organization=loaded_while_pending, staff_user=staff_user)
    with pytest.raises(ValidationError):
        services.reject_organization(organization=loaded_while_pending, staff_user=staff_user, reason="Ne.")

    assert "An archived profile is not published again." in refused.value.messages
    pending.refresh_from_db()
    assert pending.status == Organization.Status.ARCHIVED and pending.published_at is None
    assert mail.outbox == []


def test_only_a_profile_waiting_for_approval_is_rejected(organization, staff_user, mail):
    with mail.committing(), pytest.raises(ValidationError):
        services.reject_organization(organization=organization, staff_user=staff_user, reason="Ne.")
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PUBLISHED
    assert mail.outbox == []


@pytest.mark.parametrize(
    "action",
    [
        lambda org, user: services.approve_organization(organization=org, staff_user=user),
        lambda org, user: services.reject_organization(organization=org, staff_user=user, reason="Ne."),
        lambda org, user: services.verify_organization(organization=org, staff_user=user),
        lambda org, user: services.archive_organization(organization=org, staff_user=user),
    ],
    ids=["approve", "reject", "verify", "archive"],
)
def test_only_staff_moderate(pending, member_user, action):
    with pytest.raises(PermissionDenied):
        action(pending, member_user)

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert pending.verified_at is None


def test_verification_records_who_and_when_and_ranks_higher(staff_user):
    plain = OrganizationFactory(name="Udruženje Most Alfa")
    verified = OrganizationFactory(name="Udruženje Most Beta")
    now = timezone.now()

    services.verify_organization(organization=verified, staff_user=staff_user, now=now)

    verified.refresh_from_db()
    assert verified.verified_at == now
    assert verified.verified_by == staff_user
    assert verified.confirmed_at == now
    assert found("udruzenje most") == [verified.pk, plain.pk]


def test_archiving_takes_an_organization_out_of_the_directory(organization, staff_user):
    assert found(organization.name) == [organization.pk]

    services.archive_organization(organization=organization, staff_user=staff_user)

    organization.refresh_from_db()
    assert organization.status == Organization.Status.ARCHIVED
    assert found(organization.name) == []
