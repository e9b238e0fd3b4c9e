"""The directory's admin: moderation is done by actions through the services, never by typing a status."""

import pytest
from django.urls import reverse

from spona.directory import services
from spona.directory.models import Organization
from tests.admin_forms import admin_change_data
from tests.factories import MembershipFactory, PendingOrganizationFactory

pytestmark = pytest.mark.django_db


def test_moderation_fields_are_read_only_in_the_admin(client, staff_user, organization):
    client.force_login(staff_user)
    url = reverse("admin:directory_organization_change", args=[organization.pk])
    form = client.get(url).context["adminform"].form
    moderation = {name.removesuffix("_id") for name in services.MODERATION_FIELDS}
    assert not moderation & set(form.fields)

    client.post(url, {**admin_change_data(client.get(url)), "status": "archived", "name": "Novo ime"})
    organization.refresh_from_db()
    assert (organization.name, organization.status) == ("Novo ime", Organization.Status.PUBLISHED)


def test_approving_in_the_admin_publishes_and_tells_the_members(client, staff_user, member_user, mail):
    pending = PendingOrganizationFactory()
    MembershipFactory(user=member_user, organization=pending)
    client.force_login(staff_user)

    with mail.committing():
        client.post(
            reverse("admin:directory_organization_changelist"),
            {"action": "approve", "_selected_action": [pending.pk]},
        )

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PUBLISHED and pending.published_at is not None
    assert mail.recipients == [[member_user.email]]
