"""The pages work without JavaScript: searching the directory and changing the language are plain forms and links."""

from playwright.sync_api import expect

from tests.factories import OrganizationFactory

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
