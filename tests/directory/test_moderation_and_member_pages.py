"""Moderation, joining, members and history through the directory's pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from spona.directory import services
from spona.directory.models import Organization
from tests.directory.form_data import profile_form_data
from tests.directory.reading import flash_messages
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
)

pytestmark = pytest.mark.django_db


# Moderation and members through the pages --------------------------------------------------------


def test_the_moderation_queue_lists_pending_organizations(client, staff_user, other_user):
    pending = PendingOrganizationFactory(name="Udruženje Čeka", submitted_by=other_user)
    OrganizationFactory(name="Objavljeno udruženje")
    client.force_login(staff_user)

    response = client.get(reverse("directory:moderation-queue"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Udruženje Čeka" in content
    assert f"by {other_user}" in content
    assert "Objavljeno udruženje" not in content
    assert reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "approve"}) in content


def test_approving_from_the_queue_returns_to_the_queue(client, staff_user, member_user, mail):
    pending = PendingOrganizationFactory(name="Udruženje Čeka")
    MembershipFactory(user=member_user, organization=pending)
    client.force_login(staff_user)

    with mail.committing():
        response = client.post(
            reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "approve"}),
            {"next": "queue"},
            follow=True,
        )

    assert response.redirect_chain == [(reverse("directory:moderation-queue"), 302)]
    assert "Udruženje Čeka is published." in response.content.decode()
    assert "Nothing waits for approval." in response.content.decode()
    assert mail.recipients == [[member_user.email]]
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_rejecting_without_a_reason_is_refused_with_a_message(client, staff_user, mail):
    pending = PendingOrganizationFactory()
    client.force_login(staff_user)

    with mail.committing():
        response = client.post(
            reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "reject"}),
            {"reason": ""},
            follow=True,
        )

    assert "Say why, so the organization can correct it." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert mail.outbox == []


def test_asking_to_join_through_the_page_and_asking_again(client, organization, member_user, other_user, mail):
    client.force_login(other_user)
    url = reverse("directory:organization-join", kwargs={"pk": organization.pk})
    assert "Send the request" in client.get(url).content.decode()

    with mail.committing():
        first = client.post(url, {"message": "Vodim projekte od 2020."}, follow=True)
    second = client.post(url, {"message": "Još jednom."}, follow=True)

    assert first.redirect_chain == [(organization.get_absolute_url(), 302)]
    assert escape("Your request is sent. The organization's administrators will decide.") in first.content.decode()
    assert "You have already asked to join" in second.content.decode()
    membership = organization.memberships.get(user=other_user)
    assert (membership.status, membership.message) == ("requested", "Vodim projekte od 2020.")
    assert mail.recipients == [[member_user.email]]


def test_the_members_page_lists_members_and_requests(client, organization, member_user, editor_user, join_request):
    client.force_login(member_user)

    response = client.get(reverse("directory:organization-members", kwargs={"pk": organization.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    for email in [member_user.email, editor_user.email, "applicant@example.org"]:
        assert email in content
    assert "Radim u udruženju od 2019." in content
    accept = reverse(
        "directory:organization-member-action",
        kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
    )
    assert f'action="{accept}"' in content


def test_a_member_confirms_the_profile_is_up_to_date(client, organization, member_user):
    Organization.objects.filter(pk=organization.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=900))
    client.force_login(member_user)

    response = client.post(reverse("directory:organization-confirm", kwargs={"pk": organization.pk}), follow=True)

    assert response.redirect_chain == [(organization.get_absolute_url(), 302)]
    content = response.content.decode()
    assert "Thank you: the profile is marked as up to date." in content
    assert "Inactive: not confirmed for two years" not in content
    organization.refresh_from_db()
    assert not organization.is_inactive()


def test_the_history_page_lists_versions_with_a_way_back(client, organization, member_user, staff_user):
    for name in ["Prvo ime", "Drugo ime"]:
        services.update_organization(organization=organization, user=member_user, fields={"name": name})
    older, newest = Version.objects.get_for_object(organization).order_by("pk")
    client.force_login(staff_user)

    response = client.get(reverse("directory:organization-history", kwargs={"pk": organization.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Drugo ime") < content.index("Prvo ime")  # newest first
    assert str(member_user) in content
    revert = "directory:organization-revert"
    assert reverse(revert, kwargs={"pk": organization.pk, "version_pk": older.pk}) in content
    assert reverse(revert, kwargs={"pk": organization.pk, "version_pk": newest.pk}) not in content


def test_an_admin_accepts_a_request_on_the_members_page(client, organization, member_user, join_request, mail):
    client.force_login(member_user)

    with mail.committing():
        response = client.post(
            reverse(
                "directory:organization-member-action",
                kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
            )
        )

    assert response.status_code == 302
    assert response.url == reverse("directory:organization-members", kwargs={"pk": organization.pk})
    assert flash_messages(response) == ["Done."]
    join_request.refresh_from_db()
    assert join_request.is_active
    assert mail.recipients == [["applicant@example.org"]]


def test_demoting_the_last_admin_on_the_page_shows_why_not(client, organization, member_user):
    membership = organization.memberships.get(user=member_user)
    client.force_login(member_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "role"},
        ),
        {"role": "200"},
    )

    assert flash_messages(response) == ["An organization needs at least one administrator."]
    membership.refresh_from_db()
    assert membership.is_admin


def test_a_role_that_does_not_exist_is_refused_on_the_page(client, organization, member_user, editor_user):
    membership = organization.memberships.get(user=editor_user)
    client.force_login(member_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "role"},
        ),
        {"role": "1"},
    )

    assert flash_messages(response) == ["Choose a role."]
    membership.refresh_from_db()
    assert not membership.is_admin


def test_staff_restore_a_version_from_the_history(client, organization, member_user, staff_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.post(url, profile_form_data(organization, name="Prvo ime"))
    client.post(url, profile_form_data(organization, name="Drugo ime"))
    first = Version.objects.get_for_object(organization).last()
    client.force_login(staff_user)

    response = client.post(
        reverse("directory:organization-revert", kwargs={"pk": organization.pk, "version_pk": first.pk})
    )

    assert response.status_code == 302
    assert response.url == reverse("directory:organization-history", kwargs={"pk": organization.pk})
    assert flash_messages(response)[-1] == "The profile is restored to the chosen version."
    organization.refresh_from_db()
    assert organization.name == "Prvo ime"
