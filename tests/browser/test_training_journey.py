"""Registration in a real browser: a CSO member takes the last seat, a colleague lands on the waitlist,
the first cancels, and the second is promoted, told by e-mail, and sees the seat on their page."""

from django.core import mail
from playwright.sync_api import Page, expect

from spona.accounts.models import Membership
from spona.learning.models import Registration
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.learning.factories import CourseFactory, TrainingSessionFactory

TITLE = "Pisanje projektnih prijedloga"


def test_the_waitlist_moves_up_when_someone_cancels(page: Page, reference_data, sign_in, browser, live_server):
    organization = OrganizationFactory(name="Udruženje žena Đurđevak Tuzla")
    first = UserFactory(email="prva@example.org", full_name="Prva Članica")
    second = UserFactory(email="druga@example.org", full_name="Druga Članica")
    MembershipFactory(user=first, organization=organization)
    MembershipFactory(user=second, organization=organization, role=Membership.Role.EDITOR)
    session = TrainingSessionFactory(course=CourseFactory(title=TITLE), capacity=1)

    # The first member registers on behalf of the organization and gets the only seat.
    sign_in(page, first)
    page.goto("/en/trainings/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.get_by_role("combobox", name="On behalf of").select_option(label=organization.name)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text("Your seat is confirmed")
    expect(page.get_by_text("You have a seat.")).to_be_visible()

    # The colleague, in a browser of their own, finds the session full and joins the waitlist.
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(other, second)
    other.goto(session.get_absolute_url())
    expect(other.get_by_text("The session is full: you can join the waitlist.")).to_be_visible()
    other.get_by_role("button", name="Join the waitlist").click()
    expect(other.get_by_role("status")).to_contain_text("you are on the waitlist")
    expect(other.get_by_text("You are on the waitlist, number 1.")).to_be_visible()

    # The first member cancels from their trainings page.
    page.goto("/en/trainings/my/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("confirmed")
    row.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status")).to_contain_text("The registration is cancelled.")

    # The colleague has the seat, an e-mail says so, and their page shows it.
    promoted = [m for m in mail.outbox if second.email in m.to and "is yours" in m.subject]
    assert len(promoted) == 1, [m.subject for m in mail.outbox]
    assert "/trainings/my/" in promoted[0].body
    other.goto("/en/trainings/my/")
    expect(other.get_by_role("row").filter(has_text=TITLE)).to_contain_text("confirmed")
    other.goto(session.get_absolute_url())
    expect(other.get_by_text("You have a seat.")).to_be_visible()
    assert Registration.objects.get(participant=second).status == Registration.Status.CONFIRMED
    other.context.close()
