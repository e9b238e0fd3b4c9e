"""The directory's long lists of choices in a real browser: a search with chips, by mouse and by keyboard, in the
reader's language, axe-clean; the chosen values come back as chips above the results that remove them."""

import pytest
from playwright.sync_api import Page, expect

from spona.core.models import Municipality
from tests.browser.test_accessibility import Audit
from tests.factories import OrganizationFactory


@pytest.fixture
def organizations(reference_data):
    OrganizationFactory(
        name="Udruženje žena Đurđevak Tuzla",
        municipality=Municipality.objects.get(code="ba-fbih-tuzla"),
        sectors=["youth"],
    )
    OrganizationFactory(
        name="Kulturni klub Čukarica", municipality=Municipality.objects.get(code="rs-beograd-cukarica")
    )


def test_choose_from_long_lists_by_search_and_remove_the_chips(page: Page, organizations):
    page.set_viewport_size({"width": 1280, "height": 900})
    audit = Audit(page)
    page.goto("/en/directory/")
    filters = page.get_by_role("search", name="Search and filters")
    expect(filters.locator("details.filter-panel")).to_have_attribute("open", "")  # wide screens open it
    expect(filters.locator("text=Hold Ctrl >> visible=true")).to_have_count(0)  # the plain list's hint went with it

    municipality = filters.get_by_role("combobox", name="Municipality or city")
    municipality.fill("tuzl")
    tuzla = page.get_by_role("listbox", name="Municipality or city").get_by_role("option", name="Tuzla", exact=True)
    expect(tuzla).to_be_visible()
    audit.check("directory, a searchable list open")
    tuzla.click()
    municipality.fill("zzzz")
    expect(page.get_by_text("No results")).to_be_visible()
    municipality.fill("")

    sector = filters.get_by_role("combobox", name="Sector")  # by keyboard
    sector.focus()
    sector.press_sequentially("you")
    expect(page.get_by_role("listbox", name="Sector").get_by_role("option", name="Youth")).to_be_visible()
    sector.press("Enter")
    region = filters.get_by_role("combobox", name="Region")
    region.fill("federation")
    federation = page.get_by_role("listbox", name="Region").get_by_role("option", name="Federation of Bosnia and")
    expect(federation).to_have_text("Federation of Bosnia and Herzegovina")
    assert federation.evaluate("option => option.scrollWidth <= option.clientWidth")  # wrapped, not cut off
    region.press("Escape")
    region.fill("")
    filters.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 organization", exact=True)).to_be_visible()
    expect(page.get_by_text("Filters (2)")).to_be_visible()
    audit.check("directory with chips")
    page.get_by_role("link", name="Remove filter: Municipality or city: Tuzla").click()
    expect(page.get_by_role("link", name="Remove filter: Sector: Youth")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter: Municipality or city: Tuzla")).to_have_count(0)
    page.get_by_role("link", name="Clear all").click()
    expect(page.get_by_role("heading", name="2 organizations", exact=True)).to_be_visible()
    audit.assert_clean()


def test_the_searchable_list_speaks_the_readers_language(page: Page, organizations):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/bs/directory/")
    municipality = page.get_by_role("combobox", name="Općina ili grad")
    municipality.fill("zzzz")
    expect(page.get_by_text("Nema rezultata")).to_be_visible()
