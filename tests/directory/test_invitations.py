"""Inviting a colleague by e-mail: sent in the chosen language, joined on sign-up or by accepting while
signed in, expiring, withdrawn; the administrator sees who is a member and who is still invited."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from spona.accounts.models import Membership
from spona.directory import invitations
from spona.directory.models import Invitation
from spona.privacy import services as privacy_services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Zelena-Livada-42"


def _link(body: str) -> str:
    return re.search(r"https?://\S+/invitations/\S+/", body).group(0)


def test_an_administrator_invites_a_colleague_in_bosnian_and_sees_the_invitation(
    client, member_user, organization, mail
):
    client.force_login(member_user)
    url = reverse("directory:organization-members", kwargs={"pk": organization.pk})

    with mail.committing():
        response = client.post(
            reverse("directory:invitation-create", kwargs={"pk": organization.pk}),
            {"email": " Kolegica@Example.org ", "role": Membership.Role.EDITOR, "language": "bs"},
            follow=True,
        )

    assert "Invitation sent to kolegica@example.org." in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["kolegica@example.org"]
    assert organization.name in email.subject and "Pridružite se" in email.subject
    assert "/bs/directory/invitations/" in _link(email.body)
    page = client.get(url).content.decode()
    assert "kolegica@example.org" in page and member_user.email in page


def test_a_second_invitation_or_one_to_a_member_is_refused(member_user, organization):
    invitations.invite_colleague(organization=organization, invited_by=member_user, email="a@example.org")
    with pytest.raises(ValidationError, match="already invited"):
        invitations.invite_colleague(organization=organization, invited_by=member_user, email="A@example.org")
    with pytest.raises(ValidationError, match="already a member"):
        invitations.invite_colleague(organization=organization, invited_by=member_user, email=member_user.email)
    with pytest.raises(PermissionDenied):
        invitations.invite_colleague(organization=organization, invited_by=UserFactory(), email="b@example.org")
    editor = UserFactory()
    MembershipFactory(user=editor, organization=organization, role=Membership.Role.EDITOR)
    with pytest.raises(PermissionDenied):
        invitations.invite_colleague(organization=organization, invited_by=editor, email="b@example.org")


def test_the_colleague_joins_on_sign_up_from_the_link(client, member_user, organization):
    invitation = invitations.invite_colleague(
        organization=organization, invited_by=member_user, email="nova@example.org", role=Membership.Role.ADMIN
    )

    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Create an account and join" in page and organization.name in page
    client.post("/en/accounts/signup/", {"email": "nova@example.org", "password1": PASSWORD, "password2": PASSWORD})

    membership = Membership.objects.get(user__email="nova@example.org", organization=organization)
    assert (membership.status, membership.role) == (Membership.Status.ACTIVE, Membership.Role.ADMIN)
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED


def test_a_signed_in_colleague_accepts_and_a_request_to_join_is_granted(client, member_user, organization, other_user):
    MembershipFactory(user=other_user, organization=organization, status=Membership.Status.REQUESTED)
    invitation = invitations.invite_colleague(organization=organization, invited_by=member_user, email=other_user.email)
    client.force_login(other_user)

    response = client.post(invitation.get_absolute_url(), follow=True)

    assert f"Welcome to {organization.name}." in response.content.decode()
    assert Membership.objects.get(user=other_user, organization=organization).status == Membership.Status.ACTIVE
    again = client.post(invitation.get_absolute_url(), follow=True).content.decode()
    assert "already been accepted" in again


def test_an_expired_or_withdrawn_invitation_lets_nobody_in(client, member_user, organization, other_user):
    expired = invitations.invite_colleague(organization=organization, invited_by=member_user, email="x@example.org")
    withdrawn = invitations.invite_colleague(organization=organization, invited_by=member_user, email="y@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    invitations.withdraw_invitation(invitation=withdrawn, user=member_user)
    client.force_login(other_user)

    for invitation, says in ((expired, "has expired"), (withdrawn, "withdrawn this invitation")):
        assert says in client.get(invitation.get_absolute_url()).content.decode()
        assert says in client.post(invitation.get_absolute_url(), follow=True).content.decode()
    assert not Membership.objects.filter(user=other_user, organization=organization).exists()
    assert client.get(reverse("directory:invitation", args=["not-a-token"])).status_code == 404
    # An expired invitation to the address gives way to a new one.
    invitations.invite_colleague(organization=organization, invited_by=member_user, email="x@example.org")


def test_unused_invitations_are_deleted_30_days_after_they_expired(member_user, organization, other_user):
    now = timezone.now()
    old = invitations.invite_colleague(organization=organization, invited_by=member_user, email="old@example.org")
    fresh = invitations.invite_colleague(organization=organization, invited_by=member_user, email="new@example.org")
    accepted = invitations.invite_colleague(organization=organization, invited_by=member_user, email=other_user.email)
    invitations.accept_invitation(invitation=accepted, user=other_user)
    Invitation.objects.filter(pk__in=[old.pk, accepted.pk]).update(expires_at=now - datetime.timedelta(days=31))

    done = privacy_services.apply_retention(now=now)

    assert done["unused-invitations"] == 1
    assert set(Invitation.objects.values_list("pk", flat=True)) == {fresh.pk, accepted.pk}
