"""The directory's main journey in a real browser: sign up, register an organization, staff approve it,
a visitor finds it however they type its name."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

NAME = "Udruženje žena Đurđevak Tuzla"
MISSION = "Ekonomsko osnaživanje žena na selu kroz zadruge i obuke."
PASSWORD = "Đurđevak cvjeta u maju 2024"
STAFF_PASSWORD = "correct horse battery staple"  # UserFactory's


def _email_to(address: str, subject_contains: str) -> mail.EmailMessage:
    found = [m for m in mail.outbox if address in m.to and subject_contains in m.subject]
    assert len(found) == 1, f"expected one e-mail to {address} about {subject_contains!r}, got {mail.outbox}"
    return found[0]


def sign_up(page: Page, email: str) -> None:
    """On the sign-up page: the form filled and sent, the page asks to confirm the address."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()


def sign_up_and_confirm(page: Page, email: str) -> None:
    page.goto("/en/")
    page.get_by_role("link", name="Sign up").click()
    sign_up(page, email)

    message = _email_to(email, "Confirm Your Email")
    link = re.search(r"https?://\S+/confirm-email/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My page", level=1)).to_be_visible()
    expect(page.get_by_text(f"Signed in as {email}.")).to_be_visible()


def register_organization(page: Page) -> None:
    page.get_by_role("main").get_by_role("link", name="Register an organization").click()
    expect(page.get_by_role("heading", name="Register an organization", level=1)).to_be_visible()
    page.get_by_role("textbox", name="Name", exact=True).fill(NAME)
    page.get_by_role("radio", name="Civil society organization").check()
    page.get_by_role("combobox", name="Municipality or city").select_option(label="Tuzla")
    page.get_by_role("checkbox", name="Women's rights").check()
    page.get_by_role("textbox", name="Mission").fill(MISSION)
    page.get_by_role("textbox", name="Public e-mail").fill("info@djurdjevak.example.org")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Staff will review the profile and publish it")
    expect(page.get_by_text("waiting for approval", exact=True)).to_be_visible()


def approve_as_staff(page: Page, staff_email: str) -> None:
    page.goto("/en/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(staff_email)
    page.get_by_label("Password:", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("banner").get_by_role("link", name="Moderation").click()

    expect(page.get_by_role("heading", name="Moderation queue", level=1)).to_be_visible()
    entry = page.get_by_role("article").filter(has=page.get_by_role("heading", name=NAME))
    expect(entry).to_contain_text("Tuzla")
    expect(entry).to_contain_text(MISSION)
    entry.get_by_role("button", name=f"Approve {NAME}").click()

    expect(page.get_by_role("status")).to_contain_text(f"{NAME} is published.")
    expect(page.get_by_text("Nothing waits for approval.")).to_be_visible()


def find_by_search(page: Page, query: str) -> None:
    page.goto("/en/directory/")
    box = page.get_by_role("combobox", name="Search")  # a search box with type-ahead
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_role("heading", name="1 organization", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=NAME)).to_be_visible()


def find_by_typing(page: Page, typed: str) -> None:
    """Type-ahead: names appear as one types, are announced, and the arrow keys and Enter open one."""
    page.goto("/en/directory/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially(typed, delay=30)
    expect(page.get_by_role("listbox", name="Organizations whose names match").get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Suggestions: 1.")).to_be_attached()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-suggestions-0$"))
    box.press("Enter")
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()


def test_a_registered_organization_is_approved_and_found(new_context, reference_data):
    staff = UserFactory(email="osoblje@spona.example.org", is_staff=True, is_superuser=True)
    founder_email = "amra.hodzic@example.org"

    founder_page = new_context().new_page()
    sign_up_and_confirm(founder_page, founder_email)
    register_organization(founder_page)
    _email_to(staff.email, NAME)  # staff hear of the registration
    founder_page.goto("/en/calls/for-my-organization/")  # no dead end while it waits
    expect(founder_page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    expect(founder_page.get_by_role("link", name=f"Complete the profile of {NAME} meanwhile")).to_be_visible()

    visitor_page = new_context().new_page()
    visitor_page.goto("/en/directory/?q=udruzenje+zena+djurdjevak")
    expect(visitor_page.get_by_role("heading", name="0 organizations", exact=True)).to_be_visible()  # not yet public

    approve_as_staff(new_context().new_page(), staff.email)
    assert "is now in the directory" in _email_to(founder_email, NAME).subject

    find_by_search(visitor_page, "udruzenje zena djurdjevak")
    find_by_search(visitor_page, "удружење жена")
    visitor_page.get_by_role("link", name=NAME).click()

    expect(visitor_page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(visitor_page.get_by_text(MISSION)).to_be_visible()
    expect(visitor_page.get_by_text("Tuzla, Tuzla Canton")).to_be_visible()
    expect(visitor_page.get_by_role("link", name="info@djurdjevak.example.org")).to_be_visible()
    expect(visitor_page.get_by_role("link", name="Women's rights")).to_be_visible()
    expect(visitor_page.get_by_text("waiting for approval")).to_have_count(0)
    find_by_typing(visitor_page, "djurdjev")
