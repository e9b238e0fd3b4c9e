"""Staff capabilities come from staff groups' permissions, never from staff status alone."""

import pytest
from django.core.exceptions import PermissionDenied

from spona.accounts.permissions import staff_can, staff_with_permission
from spona.directory import services as directory_services
from spona.directory.models import Organization
from tests.factories import PendingOrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_status_alone_grants_nothing():
    assert not staff_can(UserFactory(is_staff=True), "directory.change_organization")


def test_a_group_grants_its_own_permissions_only(staff_in_group):
    editor = staff_in_group("Editors")

    assert staff_can(editor, "calls.change_call")
    assert not staff_can(editor, "directory.change_organization")
    assert not staff_can(editor, "fair.change_meeting")


def test_a_permission_without_staff_status_grants_nothing(staff_in_group):
    former = staff_in_group("Directory moderators")
    former.is_staff = False
    former.save()

    assert not staff_can(former, "directory.change_organization")


def test_a_deactivated_staff_user_can_do_nothing(staff_in_group):
    moderator = staff_in_group("Directory moderators", is_active=False)

    assert not staff_can(moderator, "directory.change_organization")


def test_work_is_announced_to_the_staff_who_can_do_it(staff_in_group, staff_user):
    moderator = staff_in_group("Directory moderators")
    staff_in_group("Editors")
    staff_in_group("Directory moderators", email="")
    UserFactory(is_staff=True)

    assert list(staff_with_permission("directory.change_organization")) == [staff_user, moderator]


def test_an_editor_cannot_approve_an_organization_through_the_service(staff_in_group):
    pending = PendingOrganizationFactory()

    with pytest.raises(PermissionDenied):
        directory_services.approve_organization(organization=pending, staff_user=staff_in_group("Editors"))

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
