"""Requests about personal data (with their due dates), contact people asking to be removed, and the audit of
staff who look at an organization's private data without belonging to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spona.directory.models import ContactPerson
from spona.privacy.models import DataRequest, PrivateDataView
from tests.factories import ContactPersonFactory, OrganizationFactory
from tests.fair.factories import FairParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_contact_person_asks_to_be_removed_and_staff_carry_it_out(client, staff_in_group, mail):
    officer = staff_in_group("Data protection officers")
    first, second = OrganizationFactory(), OrganizationFactory()
    ContactPersonFactory(organization=first, name="Mira Mirić", email="mira@example.org")
    ContactPersonFactory(organization=second, name="Mira M.", email="MIRA@example.org")
    kept = ContactPersonFactory(organization=second, name="Neko Drugi", email="drugi@example.org")

    with mail.committing():
        response = client.post(
            reverse("privacy:contact-removal"),
            {"name": "Mira Mirić", "email": "mira@example.org", "organization_name": "Oba udruženja"},
        )
    assert "Thank you" in response.content.decode()
    request = DataRequest.objects.get()
    assert (request.kind, request.about, request.status) == ("erasure", "contact-person", "open")
    assert request.due_at == request.received_at + datetime.timedelta(days=30)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([officer.email, "mira@example.org"])

    client.force_login(officer)
    changelist = reverse("admin:privacy_datarequest_changelist")
    assert "mira@example.org" in client.get(changelist).content.decode()
    with mail.committing():
        client.post(changelist, {"action": "remove_contact_people", "_selected_action": [request.pk]})

    assert list(ContactPerson.objects.all()) == [kept]
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", officer)
    assert any("no organization" in message.body for message in mail.outbox if message.to == ["mira@example.org"])


def test_an_overdue_request_is_marked(db):
    request = DataRequest.objects.create(
        kind="access", email="a@example.org", received_at=timezone.now() - datetime.timedelta(days=31)
    )

    assert request.is_overdue


def test_only_data_protection_officers_see_the_request_log(client, staff_in_group):
    client.force_login(staff_in_group("Editors"))

    assert client.get(reverse("admin:privacy_datarequest_changelist")).status_code == 403


def test_staff_looking_at_private_data_of_an_organization_not_theirs_is_recorded(
    client, staff_in_group, organization, member_user
):
    moderator = staff_in_group("Directory moderators")
    ContactPersonFactory(organization=organization)
    client.force_login(member_user)
    client.get(organization.get_absolute_url())
    assert not PrivateDataView.objects.exists()  # members see their own without a trace

    client.force_login(moderator)
    client.get(organization.get_absolute_url())
    client.get(reverse("directory:organization-members", kwargs={"pk": organization.pk}))
    client.get(reverse("directory:organization-history", kwargs={"pk": organization.pk}))

    views = PrivateDataView.objects.filter(staff_user=moderator, organization=organization)
    assert sorted(views.values_list("what", flat=True)) == ["contact-people", "history", "members"]


def test_fair_organizers_looking_at_a_participant_are_recorded(client, staff_in_group, organization):
    participant = FairParticipantFactory(organization=organization)
    organizer = staff_in_group("Fair organizers")
    client.force_login(organizer)

    assert client.get(reverse("fair:agenda", args=[participant.pk])).status_code == 200

    assert PrivateDataView.objects.get().what == "fair"
