"""axe-core finds no serious or critical accessibility problems on the main pages, in English and Cyrillic."""

import datetime
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from spona.accounts.models import User
from spona.core.models import CapacityDomain
from spona.directory import services
from spona.directory.models import Organization
from spona.learning import services as learning_services
from spona.learning.models import Certificate, Registration, TrainingSession
from tests.factories import (
    AnnualFinanceFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
    ResultFactory,
    UserFactory,
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
    return Content(
        organization=organization, pending=pending, member=member, staff=staff, session=session, finished=finished
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
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_pages(page: Page, content, sign_in, language):
    sign_in(page, content.member)
    audit = Audit(page)
    audit.visit(f"/{language}/me/", "my page")
    expect(page.get_by_role("link", name=content.organization.name)).to_be_visible()
    audit.visit(_profile(content.organization, language), "profile, as its administrator")
    audit.visit(f"/{language}/directory/register/", "register form")
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    audit.check("register form with errors")
    audit.visit(f"/{language}/trainings/my/", "my trainings")
    audit.visit(_localized(content.session.get_absolute_url(), language), "training session, on its waitlist")
    audit.visit(f"/{language}/trainings/registrations/{content.finished.pk}/feedback/", "feedback form")
    audit.visit(f"/{language}/trainings/trainers/apply/", "trainer application")
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
    audit.assert_clean()
