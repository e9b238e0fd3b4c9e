"""Write skew in the directory: two people changing one organization at the same moment, each with its own
connection (PostgreSQL). The other person acts just before the first one's write goes to the database."""

import pytest
from django.core import mail as django_mail
from django.db import OperationalError

from spona.accounts.models import Membership
from spona.directory import services
from spona.directory.models import Organization
from tests.concurrency import impatient, meanwhile
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _organization(**fields) -> Organization:
    # No places: transactional tests empty every table, places included, when each one ends.
    return OrganizationFactory(municipality=None, legal_form=None, sectors=[], **fields)


def _before_writing(table: str):
    return lambda sql: sql.startswith(f'UPDATE "{table}"') or sql.startswith(f'DELETE FROM "{table}"')


def _admins(organization) -> int:
    return Membership.objects.filter(
        organization=organization, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ).count()


@pytest.mark.parametrize("second", ["demotes", "removes"])
def test_two_administrators_taking_each_other_off_at_once_leave_one(second):
    organization = _organization()
    first_admin, second_admin = UserFactory(), UserFactory()
    first = MembershipFactory(user=first_admin, organization=organization)
    other = MembershipFactory(user=second_admin, organization=organization)

    def the_other_admin():
        if second == "demotes":
            return services.change_member_role(membership=first, changed_by=second_admin, role=Membership.Role.EDITOR)
        return services.remove_member(membership=first, removed_by=second_admin)

    with meanwhile(_before_writing("accounts_membership"), impatient(the_other_admin)) as meantime:
        services.change_member_role(membership=other, changed_by=first_admin, role=Membership.Role.EDITOR)

    assert meantime.ran
    assert _admins(organization) == 1
    # The second waited for the first (here it gave up waiting); let through, it is told that the
    # organization needs an administrator.
    assert isinstance(meantime.error, OperationalError), meantime


def test_two_staff_approving_at_once_publish_once_and_send_one_e_mail():
    member = UserFactory()
    organization = _organization(status=Organization.Status.PENDING, published_at=None, confirmed_at=None)
    MembershipFactory(user=member, organization=organization)
    staff = [UserFactory(is_staff=True, is_superuser=True), UserFactory(is_staff=True, is_superuser=True)]
    django_mail.outbox.clear()

    def the_second_click():
        return services.approve_organization(organization=organization, staff_user=staff[1])

    with meanwhile(_before_writing("directory_organization"), impatient(the_second_click)) as meantime:
        services.approve_organization(organization=organization, staff_user=staff[0])

    assert meantime.ran and meantime.value is not True, meantime
    assert [message.to for message in django_mail.outbox] == [[member.email]]
    assert Organization.objects.get(pk=organization.pk).status == Organization.Status.PUBLISHED
