"""An organization's administrator invites a colleague by e-mail; the colleague opens the link, signs up and
is a member at once; the administrator sees them among the members."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.test_directory_journey import _email_to, sign_up
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

NAME = "Udruženje građana Most Mostar"
COLLEAGUE = "selma.kolegica@example.org"


def invite(page: Page, organization) -> None:
    page.goto(f"/en/directory/manage/{organization.pk}/members/")
    page.get_by_label("Colleague's e-mail").fill(COLLEAGUE)
    page.get_by_label("Language of the e-mail").select_option(label="Bosnian")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {COLLEAGUE}.")
    expect(page.get_by_role("listitem").filter(has_text=COLLEAGUE)).to_contain_text("editor")


def join_on_sign_up(page: Page) -> None:
    message = _email_to(COLLEAGUE, NAME)
    assert "Pridružite se" in message.subject
    path = urlsplit(re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)).path
    assert path.startswith("/bs/")
    page.goto(path.replace("/bs/", "/en/", 1))
    expect(page.get_by_role("heading", name=f"Invitation to {NAME}", level=1)).to_be_visible()
    page.get_by_role("link", name="Create an account and join").click()
    sign_up(page, COLLEAGUE)


def test_a_colleague_invited_by_e_mail_joins_on_sign_up(new_context, sign_in, reference_data):
    admin = UserFactory(email="admin@most.example.org", full_name="Admir Admin")
    organization = OrganizationFactory(name=NAME)
    MembershipFactory(user=admin, organization=organization)
    admin_page = new_context().new_page()
    sign_in(admin_page, admin)

    invite(admin_page, organization)
    join_on_sign_up(new_context().new_page())

    admin_page.reload()
    members = admin_page.get_by_role("table")
    expect(members.get_by_role("row").filter(has_text=COLLEAGUE)).to_contain_text("active")
    expect(
        admin_page.get_by_text("Invitations waiting for an answer").locator("xpath=following-sibling::p[1]")
    ).to_have_text("None.")
