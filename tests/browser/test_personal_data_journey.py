"""A person's rights over their data in a real browser: they download what Spona keeps about them, withdraw a
consent, and delete their account; their organization's profile and a colleague's agenda still work."""

import json

from playwright.sync_api import Page, expect

from spona.accounts.models import Membership
from spona.fair.models import Meeting
from spona.privacy import services
from spona.privacy.models import DonorFigures
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import CompanyParticipantFactory, FairParticipantFactory, MeetingRequestFactory

PASSWORD = "correct horse battery staple"  # UserFactory's


def test_a_person_takes_their_data_withdraws_a_consent_and_leaves(page: Page, reference_data, sign_in, tmp_path):
    person = UserFactory(email="odlazi@example.org", full_name="Osoba Koja Odlazi")
    colleague = UserFactory(email="ostaje@example.org", full_name="Kolega Koji Ostaje")
    organization = OrganizationFactory(name="Udruženje Trajni Trag")
    MembershipFactory(user=person, organization=organization, role=Membership.Role.ADMIN)
    MembershipFactory(user=colleague, organization=organization, role=Membership.Role.ADMIN)
    participant = FairParticipantFactory(organization=organization)
    partner = CompanyParticipantFactory(edition=participant.edition)
    request = MeetingRequestFactory(sender=participant, recipient=partner)
    Meeting.objects.create(request=request, edition=participant.edition, slot=0, table=0, published=True)
    services.save_donor_figures(user=person, sex="female", age_group="30-44")

    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Everything Spona keeps about me, to see and download").click()
    expect(page.get_by_role("heading", name="My data", level=1)).to_be_visible()
    expect(page.get_by_text("Udruženje Trajni Trag").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download it as a file (JSON)").click()
    data = json.loads(download.value.path().read_text())
    assert "odlazi@example.org" in json.dumps(data, ensure_ascii=False)
    assert "ostaje@example.org" not in json.dumps(data, ensure_ascii=False)

    page.get_by_role("link", name="My consents").click()
    page.get_by_role("button", name="Withdraw this consent").click()
    expect(page.get_by_role("status")).to_contain_text("The consent is withdrawn")
    assert not DonorFigures.objects.filter(user=person).exists()

    page.goto("/en/me/delete/")
    # Erasure asks for the password again, however recently the person signed in.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account is deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    person.refresh_from_db()
    assert not person.is_active and person.email == ""

    page.goto(organization.get_absolute_url())
    expect(page.get_by_role("heading", name="Udruženje Trajni Trag", level=1)).to_be_visible()
    sign_in(page, colleague)
    page.goto(f"/en/fair/participants/{participant.pk}/agenda/")
    expect(page.get_by_text(partner.organization.name).first).to_be_visible()
