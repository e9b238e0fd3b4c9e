"""The Partnership Fair in a real browser, each person in a browser of their own: a CSO writes a proposal
and sends it to mentoring; the mentor returns it with a comment, the CSO revises it and the mentor
approves it; a company whose CSR focus fits finds it among its recommendations and asks for a meeting,
which the CSO accepts; staff run the scheduler and publish the agenda, and both sides see the meeting."""

import re

from playwright.sync_api import Browser, Page, expect

from spona.core.models import Sector
from spona.directory.models import Organization
from spona.fair.models import FairEdition, Meeting, MeetingRequest, Proposal
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.fair.factories import CompanyParticipantFactory, FairEditionFactory, FairParticipantFactory

TITLE = "Digitalne vještine za žene iz sela oko Zenice"
CSO = "Udruženje žena Đurđevak Zenica"
COMPANY = "Čelik d.o.o. Zenica"
RETURN_NOTE = "Navedite koliko žena prolazi obuku i šta tražite od kompanije."


def _for(action: str, name: str) -> re.Pattern:
    """A button's name: the action, then (for screen readers) whom it is for."""
    return re.compile(rf"^{action}\s*:\s*{re.escape(name)}$")


def test_a_proposal_goes_from_mentoring_to_a_meeting_in_both_agendas(
    page: Page, browser: Browser, live_server, reference_data, sign_in
):
    edition = FairEditionFactory(title="Sajam partnerstava Zenica")
    cso_member = UserFactory(email="clanica@example.org", full_name="Amra Hadžić")
    cso = OrganizationFactory(name=CSO)
    MembershipFactory(user=cso_member, organization=cso)
    cso_participant = FairParticipantFactory(edition=edition, organization=cso)
    company_member = UserFactory(email="csr@example.org", full_name="Emir Kovač")
    company = OrganizationFactory(name=COMPANY, kind=Organization.Kind.COMPANY)
    MembershipFactory(user=company_member, organization=company)
    company_participant = CompanyParticipantFactory(edition=edition, organization=company)
    company_participant.sectors.set([Sector.objects.get(slug="education")])
    staff_user = UserFactory(email="osoblje@example.org", full_name="Mentor Osoblje", is_staff=True, is_superuser=True)

    def browser_of(user) -> Page:
        other = browser.new_context(base_url=live_server.url).new_page()
        sign_in(other, user)
        return other

    # The CSO writes its proposal from its participant page and sends it to mentoring.
    sign_in(page, cso_member)
    page.goto(f"/en/fair/participants/{cso_participant.pk}/")
    page.get_by_role("link", name="Write a proposal").click()
    expect(page.get_by_role("heading", name="New cooperation proposal", level=1)).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("The problem").fill("Žene u selima teško nalaze posao.")
    page.get_by_label(re.compile(r"^What we will do")).fill("Obuke iz digitalnih vještina.")
    page.get_by_label("Who benefits").fill("Žene iz sela oko Zenice.")
    page.get_by_role("group", name="What we ask of a company").get_by_label("money").check()
    page.get_by_role("group", name="Sectors", exact=True).get_by_label("Education", exact=True).check()
    page.get_by_role("button", name="Save and send to mentoring").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Saved and sent to mentoring.")
    proposal = Proposal.objects.get(title=TITLE)
    assert (proposal.organization, proposal.state) == (cso, Proposal.State.SUBMITTED)

    # The mentor finds it in the mentoring queue and returns it with a comment.
    mentor = browser_of(staff_user)
    mentor.goto("/en/fair/mentoring/")
    mentor.get_by_role("link", name=TITLE).click()
    mentor.get_by_label("What should change").fill(RETURN_NOTE)
    mentor.get_by_role("button", name="Return for revision").click()
    expect(mentor.get_by_role("status")).to_contain_text("Returned with your comments.")

    # The CSO sees the comment in the thread, revises the proposal and sends it again.
    page.reload()
    thread = page.get_by_role("region", name="Mentoring")
    expect(thread).to_contain_text(RETURN_NOTE)
    expect(thread).to_contain_text("returned")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label(re.compile(r"^What we will do")).fill("Obuke iz digitalnih vještina za 40 žena, tri mjeseca.")
    page.get_by_role("button", name="Save and send to mentoring").click()
    expect(page.get_by_role("status")).to_contain_text("Saved and sent to mentoring.")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REVISED
    assert "40 žena" in proposal.activity

    # The mentor approves it: it is in the catalogue.
    mentor.reload()
    expect(mentor.get_by_text("revised", exact=True)).to_be_visible()  # the state, by the title
    mentor.get_by_role("button", name="Approve for the fair").click()
    expect(mentor.get_by_role("status")).to_contain_text("Approved")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED

    # The company finds it among its recommendations, with the reason, and asks for a meeting.
    firm = browser_of(company_member)
    firm.goto(f"/en/fair/participants/{company_participant.pk}/")
    firm.get_by_role("navigation", name="Our fair").get_by_role("link", name="Recommended proposals").click()
    card = firm.get_by_role("listitem").filter(has=firm.get_by_role("heading", name=TITLE))
    expect(card).to_contain_text("Sectors you support: Education")
    card.get_by_label(re.compile(r"^Message")).fill("Zanima nas podrška obukama.")
    card.get_by_role("button", name=_for("Request a meeting", CSO)).click()
    expect(firm.get_by_role("status")).to_contain_text(f"Request sent to {CSO}.")
    expect(firm.get_by_role("heading", name="Meeting requests", level=1)).to_be_visible()
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.proposal) == (company_participant, cso_participant, proposal)

    # The CSO accepts it in its requests.
    page.goto(f"/en/fair/participants/{cso_participant.pk}/")
    page.get_by_role("navigation", name="Our fair").get_by_role("link", name="Meeting requests").click()
    received = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=COMPANY))
    expect(received).to_contain_text("Zanima nas podrška obukama.")
    received.get_by_role("button", name=_for("Accept", COMPANY)).click()
    expect(page.get_by_role("status")).to_contain_text("Done.")
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED

    # Staff run the scheduler and publish the agenda.
    mentor.goto(f"/en/fair/{edition.pk}/manage/schedule/")
    mentor.get_by_role("button", name="Run the scheduler").click()
    expect(mentor.get_by_role("status")).to_contain_text("Placed 1 of 1 accepted requests.")
    mentor.get_by_role("button", name="Publish the final agenda").click()
    expect(mentor.get_by_role("status")).to_contain_text("Final agenda published")
    meeting = Meeting.objects.get()
    assert meeting.published
    assert FairEdition.objects.get(pk=edition.pk).schedule_state == FairEdition.ScheduleState.FINAL
    start, end = meeting.times()
    time = f"{start.astimezone(edition.tz):%H:%M}–{end.astimezone(edition.tz):%H:%M}"

    # Both sides see the meeting, with the other side and the time, in their agendas.
    for who, participant, other in ((page, cso_participant, COMPANY), (firm, company_participant, CSO)):
        who.goto(f"/en/fair/participants/{participant.pk}/")
        who.get_by_role("navigation", name="Our fair").get_by_role("link", name="Agenda").click()
        row = who.get_by_role("row").filter(has_text=other)
        expect(row).to_contain_text(time)
        expect(row).to_contain_text(TITLE)
    mentor.context.close()
    firm.context.close()
