"""axe-core finds no serious or critical accessibility problems on the main pages, in English and Cyrillic."""

import datetime
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from spona.accounts.models import User
from spona.calls.models import Call, CallAttachment, CallDismissal, EditorialState, NewsPost, SavedSearch
from spona.capacity import services as capacity_services
from spona.core.models import CapacityDomain
from spona.directory import invitations, services
from spona.directory.models import Organization
from spona.fair import schedules
from spona.fair import services as fair_services
from spona.fair.models import FairEdition, FairParticipant, MeetingRequest, Proposal, Representative
from spona.learning import services as learning_services
from spona.learning.models import Certificate, Registration, TrainingSession
from tests.calls.factories import CallFactory, NewsPostFactory, SavedSearchFactory
from tests.factories import (
    AnnualFinanceFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
    ResultFactory,
    UserFactory,
)
from tests.fair.factories import (
    CompanyParticipantFactory,
    FairEditionFactory,
    FairParticipantFactory,
    MeetingRequestFactory,
    ProposalFactory,
)
from tests.learning.factories import CourseFactory, RegistrationFactory, TrainerFactory, TrainingSessionFactory

LANGUAGES = ["en", "sr"]  # English and Serbian in Cyrillic
BLOCKING_IMPACTS = {"serious", "critical"}

axe = Axe()  # the axe-core bundled with axe-playwright-python: no network needed


@dataclass
class Content:
    organization: Organization  # published, with programs, finances and results
    pending: Organization  # waiting in the moderation queue
    member: User  # administrator of both
    staff: User
    session: TrainingSession  # upcoming, full, with a trainer; the member is on its waitlist
    finished: Registration  # the member's, in a session that ended, attended, with a certificate
    call: Call  # published, open, with an attachment and a link
    news: NewsPost  # published
    submitted: Call  # the organization's, waiting for the editors
    search: SavedSearch  # the member's


@pytest.fixture
def content(reference_data):
    member = UserFactory(email="clan@example.org")
    organization = OrganizationFactory(
        name="Udruženje žena Đurđevak Tuzla", abbreviation="UŽĐ", sectors=["youth", "gender-equality"]
    )
    MembershipFactory(user=member, organization=organization)
    ProgramFactory(organization=organization, title="Ekonomsko osnaživanje žena", end_year=2024)
    AnnualFinanceFactory(organization=organization, year=2024, main_sources="Donacije")
    ResultFactory(organization=organization, title="Otvorena zadruga")
    services.refresh_organization(organization)
    pending = PendingOrganizationFactory(name="Омладински центар Ниш", submitted_by=member)
    MembershipFactory(user=member, organization=pending)
    staff = UserFactory(email="osoblje@example.org", is_staff=True, is_superuser=True)
    trainer = TrainerFactory(name="Amra Trenerka", biography="Trenerka od 2010.")
    trainer.domains.set(CapacityDomain.objects.filter(slug__in=["fundraising", "advocacy"]))
    session = TrainingSessionFactory(course=CourseFactory(title="Prikupljanje sredstava"), capacity=1)
    session.trainers.set([trainer])
    RegistrationFactory(session=session)
    learning_services.register_for_session(session=session, participant=member, registered_by=member)
    start = timezone.localtime().replace(hour=9, minute=0) - datetime.timedelta(days=2)
    ended = TrainingSessionFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=6), trainers=[trainer])
    finished = RegistrationFactory(session=ended, participant=member)
    learning_services.mark_attendance(session=ended, day=ended.days()[0], marks={finished.pk: "present"}, user=staff)
    learning_services.issue_certificates(session=ended, user=staff)
    call = CallFactory(
        title="Javni poziv za projekte mladih",
        body="## Ko se može prijaviti\n\n- udruženja građana\n- fondacije\n\n[Smjernice](https://example.org/smjernice)",
        amount_min=1000,
        amount_max=10000,
        applicant_kinds=[Organization.Kind.CSO],
        sectors=list(organization.sectors.all()),
    )
    CallAttachment.objects.create(
        call=call,
        title="Obrazac prijave",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="obrazac.pdf"),
        kind="pdf",
        size=14,
    )
    call.links.create(title="Stranica donatora", url="https://example.org/poziv")
    news = NewsPostFactory(title="Održana radionica o volonterizmu", body="**Četrdeset** volontera.")
    submitted = CallFactory(
        title="Poziv udruženja na čekanju",
        state=EditorialState.SUBMITTED,
        publish_at=None,
        organization=organization,
        submitted_by=member,
    )
    search = SavedSearchFactory(user=member, name="Mladi", keywords="mladi", sectors=list(organization.sectors.all()))
    return Content(
        organization=organization,
        pending=pending,
        member=member,
        staff=staff,
        session=session,
        finished=finished,
        call=call,
        news=news,
        submitted=submitted,
        search=search,
    )


def _profile(organization: Organization, language: str) -> str:
    with translation.override(language):
        return organization.get_absolute_url()


def _localized(path: str, language: str) -> str:
    """An address reversed in English, in `language` (only the prefix differs)."""
    return f"/{language}/" + path.split("/", 2)[2]


def _report(url: str, violations: list[dict]) -> str:
    lines = [f"{url}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


class Audit:
    """Runs axe on each page visited and collects what blocks, so one run reports every page's problems."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []

    def check(self, label: str) -> None:
        # "incomplete" is what axe could not decide alone (e.g. an aria-describedby pointing at no element):
        # a person must look at it, so it fails the test too.
        results = axe.run(self.page, options={"resultTypes": ["violations", "incomplete"]}).response
        for kind in ("violations", "incomplete"):
            blocking = [v for v in results[kind] if v["impact"] in BLOCKING_IMPACTS]
            if blocking:
                self.problems.append(_report(f"{label} ({self.page.url}), {kind}", blocking))

    def visit(self, path: str, label: str) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        self.check(label)

    def assert_clean(self) -> None:
        if self.problems:
            pytest.fail("Serious or critical accessibility problems:\n\n" + "\n\n".join(self.problems), pytrace=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(page: Page, content, language):
    audit = Audit(page)
    audit.visit(f"/{language}/", "home")
    audit.visit(f"/{language}/directory/", "directory with results")
    expect(page.get_by_role("link", name=content.organization.name)).to_be_visible()
    audit.visit(f"/{language}/directory/?q=nepostojeci+pojam+xyz", "directory without results")
    audit.visit(f"/{language}/directory/?founded_from=abc&founded_to=3000", "directory with a filter error")
    expect(page.get_by_role("alert").locator('a[href="#id_founded_from"]')).to_be_visible()  # names the field
    audit.visit(_profile(content.organization, language), "profile")
    expect(page.get_by_role("heading", level=1)).to_contain_text(content.organization.name)
    audit.visit(f"/{language}/accounts/login/", "login")
    audit.visit(f"/{language}/accounts/signup/", "signup")
    audit.visit(f"/{language}/privacy/", "privacy")
    audit.visit(f"/{language}/privacy/contact-person/", "contact person's removal request")
    audit.visit(f"/{language}/trainings/", "training catalogue")
    expect(page.get_by_role("link", name="Prikupljanje sredstava")).to_be_visible()
    audit.visit(f"/{language}/trainings/?month=13-2026", "training catalogue with a filter error")
    audit.visit(_localized(content.session.get_absolute_url(), language), "training session")
    audit.visit(f"/{language}/trainings/trainers/", "trainers")
    audit.visit(_localized(content.session.trainers.get().get_absolute_url(), language), "trainer profile")
    audit.visit(
        _localized(Certificate.objects.get(registration=content.finished).get_absolute_url(), language),
        "certificate check",
    )
    audit.visit(f"/{language}/calls/", "call list")
    expect(page.get_by_role("link", name=content.call.title)).to_be_visible()
    audit.visit(f"/{language}/calls/?amount=abc", "call list with a filter error")
    capacity_services.load_shipped_frameworks()
    audit.visit(f"/{language}/capacity/", "capacity building")
    audit.visit(f"/{language}/capacity/frameworks/oca/", "assessment framework")
    audit.visit(_localized(content.call.get_absolute_url(), language), "call")
    expect(page.get_by_role("heading", level=1)).to_have_text(content.call.title)
    audit.visit(f"/{language}/news/", "news list")
    audit.visit(_localized(content.news.get_absolute_url(), language), "news post")
    expect(page.get_by_role("heading", level=1)).to_have_text(content.news.title)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_pages(page: Page, content, sign_in, language):
    sign_in(page, content.member)
    audit = Audit(page)
    audit.visit(f"/{language}/me/", "my page")
    expect(page.get_by_role("link", name=content.organization.name)).to_be_visible()
    audit.visit(f"/{language}/me/data/", "my data")
    audit.visit(f"/{language}/me/consents/", "my consents")
    audit.visit(_profile(content.organization, language), "profile, as its administrator")
    audit.visit(f"/{language}/directory/register/", "register form")
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    audit.check("register form with errors")
    audit.visit(f"/{language}/trainings/my/", "my trainings")
    audit.visit(_localized(content.session.get_absolute_url(), language), "training session, on its waitlist")
    audit.visit(f"/{language}/trainings/registrations/{content.finished.pk}/feedback/", "feedback form")
    audit.visit(f"/{language}/trainings/trainers/apply/", "trainer application")
    audit.visit(f"/{language}/calls/for-my-organization/", "calls for my organization")
    expect(page.get_by_role("link", name=content.call.title)).to_be_visible()
    audit.visit(_localized(content.call.get_absolute_url(), language), "call, with the organization's fit")
    audit.visit(f"/{language}/calls/alerts/new/", "new saved search")
    audit.visit(f"/{language}/calls/alerts/{content.search.pk}/", "saved search")
    audit.visit(f"/{language}/calls/new/", "submit a call")
    audit.visit(f"/{language}/calls/mine/", "our calls and news")
    audit.visit(f"/{language}/directory/manage/{content.organization.pk}/members/", "members and invitations")
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(page: Page, content, sign_in, language):
    sign_in(page, content.staff)
    audit = Audit(page)
    audit.visit(f"/{language}/directory/moderation/", "moderation queue")
    expect(page.get_by_role("heading", name=content.pending.name)).to_be_visible()
    audit.visit(_profile(content.pending, language), "pending profile, as staff")
    session = content.finished.session
    audit.visit(f"/{language}/trainings/sessions/{session.pk}/manage/participants/", "participants")
    day = session.days()[0].isoformat()
    audit.visit(f"/{language}/trainings/sessions/{session.pk}/manage/attendance/{day}/", "attendance")
    audit.visit(f"/{language}/trainings/sessions/{session.pk}/manage/sign-in-sheet/{day}/", "sign-in sheet")
    audit.visit(f"/{language}/trainings/sessions/{session.pk}/manage/feedback/", "feedback summary")
    audit.visit(f"/{language}/editorial/", "editorial queue")
    expect(page.get_by_role("link", name=content.submitted.title)).to_be_visible()
    audit.visit(f"/{language}/news/new/", "write news")
    audit.visit(f"/{language}/me/", "my page, with what waits for staff")
    audit.assert_clean()


# Pages that need content made for them: a call marked not relevant, call edit pages with the attachment form.
def _dismissed(content: Content) -> str:
    CallDismissal.objects.create(user=content.member, call=content.call)
    return content.call.get_absolute_url()


def _invitation(content: Content) -> str:
    invitation = invitations.invite_colleague(
        organization=content.organization, invited_by=content.member, email="kolegica@example.org"
    )
    return invitation.get_absolute_url()


def _edited(content: Content) -> str:
    for name in ("Udruženje žena Đurđevak", "Udruženje žena Đurđevak Tuzla"):
        services.update_organization(organization=content.organization, user=content.member, fields={"name": name})
    return f"/en/directory/moderation/{content.organization.pk}/history/"


PAGES_WITH_SETUP = [
    ("invitation to join, signed in", "staff", _invitation),
    ("history with changes", "staff", _edited),
    ("e-mail alerts", "member", lambda c: "/en/calls/alerts/"),
    ("call marked not relevant", "member", _dismissed),
    ("own submitted call edit", "member", lambda c: f"/en/calls/{c.submitted.pk}/edit/"),
    ("call edit", "staff", lambda c: f"/en/calls/{c.submitted.pk}/edit/"),
    ("call edit with an attachment", "staff", lambda c: f"/en/calls/{c.call.pk}/edit/"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("row", PAGES_WITH_SETUP, ids=[row[0] for row in PAGES_WITH_SETUP])
def test_pages_that_need_their_own_content(page: Page, content, sign_in, language, row):
    label, who, setup = row
    sign_in(page, content.member if who == "member" else content.staff)
    audit = Audit(page)
    audit.visit(_localized(setup(content), language), label)
    audit.assert_clean()


# The Partnership Fair: the organization of `content` takes part as a CSO, with a company that fits it.
@dataclass
class FairContent:
    edition: FairEdition  # published, scheduled (a run done) and its agenda published
    participant: FairParticipant  # the organization's, as a CSO
    company: FairParticipant  # its CSR focus fits the approved proposal
    approved: Proposal  # in the catalogue
    returned: Proposal  # returned by the mentor, with the mentoring thread


@pytest.fixture
def fair(content):
    edition = FairEditionFactory(title="Sajam partnerstava Tuzla", description="Susreti udruženja i kompanija.")
    participant = FairParticipantFactory(edition=edition, organization=content.organization)
    company = CompanyParticipantFactory(
        edition=edition,
        organization=OrganizationFactory(name="Rudnik soli d.d. Tuzla", kind=Organization.Kind.COMPANY),
        focus_note="Zapošljavanje mladih i žena.",
    )
    company.sectors.set(content.organization.sectors.all())
    Representative.objects.create(participant=company, name="Emir Kovač", position="CSR menadžer")
    asking = CompanyParticipantFactory(
        edition=edition, organization=OrganizationFactory(name="Бања Ковиљача а.д.", kind=Organization.Kind.COMPANY)
    )
    approved = ProposalFactory(edition=edition, organization=content.organization, title="Zadruga žena Đurđevak")
    approved.sectors.set(content.organization.sectors.all())
    returned = ProposalFactory(
        edition=edition, organization=content.organization, title="Mladi volonteri", state=Proposal.State.DRAFT
    )
    fair_services.submit_proposal(proposal=returned, user=content.member, note="Molimo komentare.")
    fair_services.return_proposal(proposal=returned, user=content.staff, body="Dodajte budžet po aktivnostima.")
    fair_services.comment_on_proposal(proposal=returned, user=content.member, body="Hvala, dodajemo.")
    ProposalFactory(
        edition=edition, organization=content.organization, title="Čeka mentora", state=Proposal.State.SUBMITTED
    )
    MeetingRequestFactory(sender=company, recipient=participant, proposal=approved, message="Razgovarajmo.")
    MeetingRequestFactory(sender=asking, recipient=participant, status=MeetingRequest.Status.PENDING, message="?")
    schedules.run_scheduler(edition=edition, user=content.staff)
    schedules.publish_agenda(edition=edition, user=content.staff, final=False)
    return FairContent(edition=edition, participant=participant, company=company, approved=approved, returned=returned)


def _fair(name: str, language: str, *args) -> str:
    return _localized(reverse(f"fair:{name}", args=list(args)), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_fair_public_pages(page: Page, fair, language):
    audit = Audit(page)
    audit.visit(_fair("edition-list", language), "fair editions")
    expect(page.get_by_role("link", name=fair.edition.title)).to_be_visible()
    expect(page.locator("#take-part-heading")).to_be_visible()  # visitors learn how to take part
    audit.visit(_localized(fair.edition.get_absolute_url(), language), "fair edition")
    audit.visit(_fair("catalogue", language, fair.edition.pk), "catalogue of proposals")
    expect(page.get_by_role("link", name=fair.approved.title)).to_be_visible()
    audit.visit(_fair("proposal-detail", language, fair.approved.pk), "approved proposal")
    expect(page.get_by_role("heading", level=1)).to_have_text(fair.approved.title)
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_fair_member_pages(page: Page, content, fair, sign_in, language):
    sign_in(page, content.member)
    audit = Audit(page)
    pk = fair.participant.pk
    audit.visit(_localized(fair.edition.get_absolute_url(), language), "fair edition, taking part")
    audit.visit(_fair("participant", language, pk), "participant page")
    audit.visit(_fair("matches", language, pk), "companies for us")
    expect(page.get_by_role("heading", name=fair.company.organization.name)).to_be_visible()
    audit.visit(_fair("requests", language, pk), "meeting requests")
    audit.visit(_fair("agenda", language, pk), "agenda")
    expect(page.get_by_role("row").filter(has_text=fair.company.organization.name)).to_be_visible()
    audit.visit(_fair("follow-up", language, pk), "follow-up")
    audit.visit(_fair("proposal-create", language, fair.edition.pk), "new proposal")
    page.locator("main form.stacked-form button[type=submit]").first.click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("new proposal with errors")
    audit.visit(_fair("proposal-edit", language, fair.returned.pk), "proposal edit")
    audit.visit(_fair("proposal-detail", language, fair.returned.pk), "proposal with the mentoring thread")
    expect(page.get_by_text("Dodajte budžet po aktivnostima.")).to_be_visible()
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_fair_staff_pages(page: Page, content, fair, sign_in, language):
    sign_in(page, content.staff)
    audit = Audit(page)
    audit.visit(_fair("schedule", language, fair.edition.pk), "schedule, after a run")
    expect(page.locator("#run-heading")).to_be_visible()  # the figures of the last run
    audit.visit(_fair("table-plan", language, fair.edition.pk), "table plan")
    expect(page.get_by_text(fair.company.organization.name).first).to_be_visible()
    audit.visit(_fair("mentoring-queue", language), "mentoring queue")
    expect(page.get_by_role("link", name="Čeka mentora")).to_be_visible()
    audit.visit(_fair("proposal-detail", language, fair.returned.pk), "proposal, as its mentor")
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_fair_partnership_form(page: Page, content, fair, sign_in, language):
    """The follow-up's form to record a partnership, folded under each meeting until opened."""
    sign_in(page, content.member)
    audit = Audit(page)
    audit.visit(_fair("follow-up", language, fair.participant.pk), "follow-up")
    page.locator("main details summary").first.click()
    audit.check("follow-up with the partnership form open")
    audit.assert_clean()
