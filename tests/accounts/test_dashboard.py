"""My page lists a person's organizations with their role and where each request stands."""

import pytest
from django.urls import reverse

from spona.directory import services
from tests.factories import MembershipFactory, OrganizationFactory, PendingOrganizationFactory
from tests.fair.factories import FairEditionFactory, FairParticipantFactory, ProposalFactory
from tests.learning.factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_my_page_lists_memberships_requests_and_registrations(client, other_user):
    MembershipFactory(user=other_user, organization=OrganizationFactory(name="Aktivno članstvo"))
    services.request_membership(user=other_user, organization=OrganizationFactory(name="Tražim članstvo"))
    MembershipFactory(user=other_user, organization=PendingOrganizationFactory(name="Registrovano udruženje"))
    OrganizationFactory(name="Tuđe udruženje")
    client.force_login(other_user)

    response = client.get(reverse("accounts:dashboard"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Aktivno članstvo") < content.index("Registrovano udruženje") < content.index("Tražim")
    assert "administrator · active · published" in content
    assert "editor · requested · published" in content
    assert "administrator · active · waiting for approval" in content
    assert "Tuđe udruženje" not in content


def test_someone_without_organizations_is_shown_the_way(client, other_user):
    client.force_login(other_user)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert "You are not a member of any organization yet." in content
    assert reverse("directory:organization-register") in content


def test_my_page_shows_where_my_organization_takes_part_in_the_fair(client, member_user, organization):
    taking_part = FairParticipantFactory(organization=organization)
    ProposalFactory(edition=taking_part.edition, organization=organization, title="Zelena dvorišta", state="draft")
    open_edition = FairEditionFactory(title="Sajam partnerstava 2030")
    client.force_login(member_user)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert reverse("fair:participant", args=[taking_part.pk]) in content
    assert "Zelena dvorišta" in content
    assert reverse("fair:register", args=[open_edition.pk]) in content
    assert reverse("fair:mentoring-queue") not in content


def test_staff_see_what_waits_for_their_group_with_counts(client, staff_in_group, other_user):
    PendingOrganizationFactory()
    PendingOrganizationFactory()
    moderator = staff_in_group("Directory moderators")
    editor = staff_in_group("Editors")

    client.force_login(moderator)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "2 organizations wait for approval" in page and reverse("directory:moderation-queue") in page
    assert reverse("calls:editorial-queue") not in page and reverse("admin:index") in page

    client.force_login(editor)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("calls:editorial-queue") in page and reverse("directory:moderation-queue") not in page

    client.force_login(other_user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Waiting for staff" not in page and reverse("admin:index") not in page


def test_fair_organizers_and_training_coordinators_see_their_schedules_and_sessions(client, staff_in_group):
    edition = FairEditionFactory(title="Sajam 2031")
    session = TrainingSessionFactory()
    RegistrationFactory(session=session, status="pending")

    client.force_login(staff_in_group("Fair organizers"))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("fair:schedule", args=[edition.pk]) in page
    assert reverse("learning:session-participants", args=[session.pk]) not in page

    client.force_login(staff_in_group("Training coordinators"))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("learning:session-participants", args=[session.pk]) in page
    assert "1 registration waits for confirmation" in page
    assert reverse("fair:schedule", args=[edition.pk]) not in page
