"""The pages work without JavaScript: searching the directory and changing the language are plain forms and links."""

from playwright.sync_api import expect

from tests.factories import OrganizationFactory, UserFactory
from tests.learning.factories import CourseFactory, TrainingSessionFactory

NAME = "Udruženje žena Đurđevak Tuzla"


def test_search_and_change_language_without_javascript(new_context, reference_data):
    OrganizationFactory(name=NAME)
    OrganizationFactory(name="Fondacija za kulturu", mission="Pozorište i film.")
    page = new_context(java_script_enabled=False).new_page()

    page.goto("/en/")
    page.get_by_role("searchbox", name="Search the directory").fill("udruzenje zena")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page).to_have_url("/en/directory/?q=udruzenje+zena")
    expect(page.get_by_role("heading", name="1 organization", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=NAME)).to_be_visible()
    expect(page.get_by_role("link", name="Fondacija za kulturu")).to_have_count(0)

    # The languages are plain links to this page in each language.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="српски").click()

    expect(page).to_have_url("/sr/directory/?q=udruzenje+zena")
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    expect(page.get_by_role("navigation", name="Језик").get_by_role("link", name="српски")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("link", name=NAME)).to_be_visible()


def test_register_for_a_training_without_javascript(new_context, reference_data, sign_in):
    session = TrainingSessionFactory(course=CourseFactory(title="Finansijsko upravljanje"), capacity=3)
    person = UserFactory()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, person)

    page.goto("/en/trainings/?format=in-person")
    page.get_by_role("link", name="Finansijsko upravljanje").click()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("status")).to_contain_text("Your seat is confirmed")
    assert session.registrations.get().participant == person
