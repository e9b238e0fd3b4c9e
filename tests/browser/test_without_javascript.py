"""The pages work without JavaScript: searching the directory and changing the language are plain forms and links."""

import re

from playwright.sync_api import expect

from spona.calls.models import SavedSearch
from spona.core.models import Sector
from spona.directory.models import Organization
from spona.fair.models import MeetingRequest
from tests.calls.factories import CallFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import CompanyParticipantFactory, FairEditionFactory, FairParticipantFactory, ProposalFactory
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
    # Whatever matches only one of the two words comes after, marked as such.
    expect(page.locator("h3 ~ ul").get_by_role("link", name=NAME)).to_have_count(0)

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


def test_filter_the_calls_and_save_the_search_without_javascript(new_context, reference_data, sign_in):
    youth, culture = Sector.objects.get(slug="youth"), Sector.objects.get(slug="culture")
    CallFactory(title="Javni poziv za projekte mladih", sectors=[youth])
    CallFactory(title="Poziv za mlade umjetnike", sectors=[culture])
    CallFactory(title="Poziv za pozorišne festivale", summary="Podrška kulturi.", sectors=[culture])
    person = UserFactory()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, person)

    page.goto("/en/calls/")
    expect(page.get_by_role("heading", name="3 open calls")).to_be_visible()
    filters = page.get_by_role("search", name="Search and filters")
    filters.get_by_role("searchbox", name="Words").fill("mladi")
    filters.get_by_text("Filters (0)").click()  # folded, and a <details> opens without JavaScript
    filters.get_by_role("combobox", name="Sector").select_option("youth")
    filters.get_by_role("button", name="Search").click()

    expect(page).to_have_url("/en/calls/?q=mladi&status=open&kind=&sector=youth&country=&region=&amount=&sort=deadline")
    expect(page.get_by_role("heading", name="1 open call", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Javni poziv za projekte mladih")).to_be_visible()
    expect(page.get_by_role("link", name="Poziv za mlade umjetnike")).to_have_count(0)
    expect(page.get_by_text("Filters (1)")).to_be_visible()
    page.get_by_role("link", name="Remove filter: Sector: Youth").click()
    expect(page.get_by_role("heading", name="2 open calls", exact=True)).to_be_visible()
    page.go_back()

    # The search becomes a saved search, its form filled in from the list's filters.
    page.get_by_role("link", name="Get e-mails for this search").click()
    expect(page.get_by_role("heading", name="New saved search", level=1)).to_be_visible()
    expect(page.get_by_label("Words")).to_have_value("mladi")
    expect(page.get_by_role("group", name="Sectors").get_by_label("Youth")).to_be_checked()
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save").click()

    # The server says what is missing, and keeps what was typed.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    expect(page.get_by_label("Words")).to_have_value("mladi")
    page.get_by_label("Name").fill("Mladi")
    page.get_by_role("group", name="E-mail").get_by_label("once a week").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_role("row").filter(has_text="Mladi")).to_contain_text("once a week")
    search = SavedSearch.objects.get(user=person)
    assert (search.keywords, search.frequency, search.is_active) == ("mladi", "weekly", True)
    assert list(search.sectors.all()) == [youth]


def test_request_a_fair_meeting_and_accept_it_without_javascript(new_context, reference_data, sign_in):
    edition = FairEditionFactory()
    cso_member, company_member = UserFactory(), UserFactory()
    cso = OrganizationFactory(name=NAME, sectors=["youth"])
    MembershipFactory(user=cso_member, organization=cso)
    company = OrganizationFactory(name="Rudnik soli d.d. Tuzla", kind=Organization.Kind.COMPANY)
    MembershipFactory(user=company_member, organization=company)
    cso_participant = FairParticipantFactory(edition=edition, organization=cso)
    company_participant = CompanyParticipantFactory(edition=edition, organization=company)
    company_participant.sectors.set(Sector.objects.filter(slug="youth"))
    proposal = ProposalFactory(edition=edition, organization=cso, title="Mladi volonteri Tuzle")
    proposal.sectors.set(Sector.objects.filter(slug="youth"))

    # The company asks for a meeting from its recommendations: a plain form.
    firm = new_context(java_script_enabled=False).new_page()
    sign_in(firm, company_member)
    firm.goto(f"/en/fair/participants/{company_participant.pk}/matches/")
    card = firm.get_by_role("listitem").filter(has=firm.get_by_role("heading", name=proposal.title))
    expect(card).to_contain_text("Sectors you support: Youth")
    card.get_by_role("textbox", name=re.compile(r"^Message")).fill("Zanima nas volontiranje.")
    card.get_by_role("button", name=re.compile(rf"^Request a meeting\s*:\s*{re.escape(NAME)}$")).click()

    expect(firm.get_by_role("status")).to_contain_text(f"Request sent to {NAME}.")
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.proposal) == (company_participant, cso_participant, proposal)

    # The CSO accepts it in its requests.
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, cso_member)
    page.goto(f"/en/fair/participants/{cso_participant.pk}/requests/")
    received = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=company.name))
    expect(received).to_contain_text("Zanima nas volontiranje.")
    received.get_by_role("button", name=re.compile(rf"^Accept\s*:\s*{re.escape(company.name)}$")).click()

    expect(page.get_by_role("status")).to_contain_text("Done.")
    expect(page.get_by_role("listitem").filter(has_text=company.name).first).to_contain_text("accepted")
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
