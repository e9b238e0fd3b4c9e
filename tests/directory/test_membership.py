"""Membership: asking to join, deciding, roles, removing and leaving, and the last administrator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from spona.accounts.models import Membership
from spona.directory import services
from tests.factories import (
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Membership ------------------------------------------------------------------------------------


def test_asking_to_join_tells_the_admins_only(organization, member_user, editor_user, other_user, mail):
    with mail.committing():
        membership = services.request_membership(user=other_user, organization=organization, message="Radim ovdje.")

    assert membership.status == Membership.Status.REQUESTED
    assert membership.role == Membership.Role.EDITOR
    assert mail.recipients == [[member_user.email]]
    assert "Someone asks to join" in mail.outbox[0].subject
    assert other_user.email in mail.outbox[0].body
    assert "Radim ovdje." in mail.outbox[0].body
    with translation.override("en"):
        assert reverse("directory:organization-members", kwargs={"pk": organization.pk}) in mail.outbox[0].body


def test_asking_twice_is_refused_with_a_clear_message(organization, other_user):
    services.request_membership(user=other_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.request_membership(user=other_user, organization=organization)

    assert error.value.messages == ["You have already asked to join; the organization's administrators will decide."]
    assert Membership.objects.filter(user=other_user, organization=organization).count() == 1


def test_a_member_cannot_ask_to_join(organization, member_user):
    with pytest.raises(ValidationError) as error:
        services.request_membership(user=member_user, organization=organization)

    assert error.value.messages == ["You are already a member of this organization."]
    assert Membership.objects.get(user=member_user, organization=organization).status == Membership.Status.ACTIVE


def test_a_declined_person_may_ask_again(organization, member_user, join_request):
    services.decide_membership(membership=join_request, decided_by=member_user, accept=False)

    again = services.request_membership(user=join_request.user, organization=organization, message="Molim ponovo.")

    assert again.pk == join_request.pk
    assert again.status == Membership.Status.REQUESTED
    assert again.message == "Molim ponovo."


@pytest.mark.parametrize(
    "decision",
    [
        (True, Membership.Status.ACTIVE, "You are now a member of"),
        (False, Membership.Status.DECLINED, "Your request to join"),
    ],
    ids=["accept", "decline"],
)
def test_an_admin_decides_a_request_and_the_person_hears_of_it(member_user, join_request, mail, decision):
    accept, status, subject = decision
    with mail.committing():
        services.decide_membership(membership=join_request, decided_by=member_user, accept=accept)

    join_request.refresh_from_db()
    assert join_request.status == status
    assert join_request.decided_by == member_user
    assert mail.recipients == [["applicant@example.org"]]
    assert subject in mail.outbox[0].subject
    assert join_request.organization.name in mail.outbox[0].subject


def test_a_request_is_decided_once(member_user, join_request):
    services.decide_membership(membership=join_request, decided_by=member_user, accept=True)

    with pytest.raises(ValidationError) as error:
        services.decide_membership(membership=join_request, decided_by=member_user, accept=False)

    assert error.value.messages == ["This request has already been decided."]
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.ACTIVE


def test_an_editor_cannot_decide_requests(editor_user, join_request):
    with pytest.raises(PermissionDenied):
        services.decide_membership(membership=join_request, decided_by=editor_user, accept=True)

    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.REQUESTED


def test_an_admin_promotes_an_editor(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user, organization=organization)

    services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.ADMIN)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_the_last_admin_cannot_demote_themself(organization, member_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.EDITOR)

    assert error.value.messages == ["An organization needs at least one administrator."]
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


def test_staff_may_demote_the_last_admin_as_they_may_remove_them(organization, member_user, staff_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    services.change_member_role(membership=membership, changed_by=staff_user, role=Membership.Role.EDITOR)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.EDITOR


def test_an_admin_steps_down_once_there_is_another(organization, member_user, editor_user):
    services.change_member_role(
        membership=Membership.objects.get(user=editor_user), changed_by=member_user, role=Membership.Role.ADMIN
    )
    mine = Membership.objects.get(user=member_user, organization=organization)

    services.change_member_role(membership=mine, changed_by=member_user, role=Membership.Role.EDITOR)

    mine.refresh_from_db()
    assert mine.role == Membership.Role.EDITOR


def test_an_unknown_role_is_refused(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user)

    with pytest.raises(ValidationError):
        services.change_member_role(membership=membership, changed_by=member_user, role=150)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.EDITOR


def test_the_last_admin_cannot_be_removed_or_leave(organization, member_user):
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError) as error:
        services.remove_member(membership=membership, removed_by=member_user)

    assert "at least one administrator" in error.value.messages[0]
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_leaves_once_there_is_another(organization, member_user):
    MembershipFactory(organization=organization, role=Membership.Role.ADMIN)
    membership = Membership.objects.get(user=member_user, organization=organization)

    services.remove_member(membership=membership, removed_by=member_user)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_removes_an_editor(organization, member_user, editor_user):
    membership = Membership.objects.get(user=editor_user)

    services.remove_member(membership=membership, removed_by=member_user)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_editor_cannot_remove_others(organization, member_user, editor_user):
    admin = Membership.objects.get(user=member_user, organization=organization)
    MembershipFactory(organization=organization, role=Membership.Role.ADMIN)

    with pytest.raises(PermissionDenied):
        services.remove_member(membership=admin, removed_by=editor_user)

    assert Membership.objects.filter(pk=admin.pk).exists()


def test_a_declined_request_does_not_count_as_an_admin(organization, member_user):
    MembershipFactory(
        organization=organization, user=UserFactory(), role=Membership.Role.ADMIN, status=Membership.Status.DECLINED
    )
    membership = Membership.objects.get(user=member_user, organization=organization)

    with pytest.raises(ValidationError):
        services.change_member_role(membership=membership, changed_by=member_user, role=Membership.Role.EDITOR)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN
