"""The site on phones: no page scrolls sideways at 360 px, signed out, signed in or as staff (the filters folded
and unfolded; tables shown as cards pass axe), and on a 390 × 844 phone the first result of the directory, trainings
and calls is on the first screen. One browser page walks them all; the content is the accessibility tests'."""

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page

from spona.learning.models import Certificate
from spona.portal.views import SECTIONS
from tests.browser.test_accessibility import Audit, Content, FairContent, content, fair  # noqa: F401 (fixtures)

LANGUAGE = "bs"  # the longest words of the four languages

# What sticks out past the right edge, to name it when a page scrolls sideways.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map((element) => element.outerHTML.slice(0, 160));
}"""


def _in_language(path: str) -> str:
    return f"/{LANGUAGE}/" + path.split("/", 2)[2]


def _fair(name: str, *args) -> str:
    return reverse(f"fair:{name}", args=list(args))


def public_pages(c: Content, f: FairContent) -> list[str]:
    session, trainer = c.session, c.session.trainers.get()
    return [
        "/en/",
        *(f"/en/{slug}/" for slug in SECTIONS),
        "/en/directory/",
        "/en/directory/?founded_from=abc",
        c.organization.get_absolute_url(),
        "/en/trainings/",
        session.get_absolute_url(),
        reverse("learning:course-detail", args=[session.course.pk, session.course.slug]),
        "/en/trainings/trainers/",
        trainer.get_absolute_url(),
        "/en/trainings/certificates/",
        Certificate.objects.get(registration=c.finished).get_absolute_url(),
        "/en/calls/",
        "/en/calls/?amount=abc",
        c.call.get_absolute_url(),
        "/en/news/",
        c.news.get_absolute_url(),
        _fair("edition-list"),
        f.edition.get_absolute_url(),
        _fair("catalogue", f.edition.pk),
        _fair("proposal-detail", f.approved.pk),
        "/en/privacy/",
        "/en/privacy/contact-person/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
    ]


def member_pages(c: Content, f: FairContent) -> list[str]:
    organization, participant = c.organization.pk, f.participant.pk
    return [
        "/en/me/",
        "/en/me/data/",
        "/en/me/consents/",
        "/en/me/delete/",
        "/en/accounts/email/",
        "/en/accounts/password/change/",
        c.organization.get_absolute_url(),
        "/en/directory/register/",
        f"/en/directory/manage/{organization}/profile/",
        *(f"/en/directory/manage/{organization}/sections/{section}/" for section in ("programs", "finances")),
        f"/en/directory/manage/{organization}/members/",
        "/en/trainings/my/",
        c.session.get_absolute_url(),
        f"/en/trainings/registrations/{c.finished.pk}/feedback/",
        "/en/trainings/trainers/apply/",
        "/en/calls/for-my-organization/",
        "/en/calls/alerts/",
        "/en/calls/alerts/new/",
        f"/en/calls/alerts/{c.search.pk}/",
        "/en/calls/new/",
        "/en/calls/mine/",
        f"/en/calls/{c.submitted.pk}/edit/",
        "/en/news/new/",
        _fair("participant", participant),
        _fair("matches", participant),
        _fair("requests", participant),
        _fair("agenda", participant),
        _fair("follow-up", participant),
        _fair("proposal-create", f.edition.pk),
        _fair("proposal-edit", f.returned.pk),
        _fair("proposal-detail", f.returned.pk),
    ]


def staff_pages(c: Content, f: FairContent) -> list[str]:
    session = c.finished.session
    day = session.days()[0].isoformat()
    manage = f"/en/trainings/sessions/{session.pk}/manage"
    return [
        "/en/directory/moderation/",
        c.pending.get_absolute_url(),
        f"/en/directory/moderation/{c.organization.pk}/history/",
        f"{manage}/participants/",
        f"{manage}/attendance/{day}/",
        f"{manage}/sign-in-sheet/{day}/",
        f"{manage}/feedback/",
        "/en/editorial/",
        f"/en/calls/{c.call.pk}/edit/",
        f"/en/news/{c.news.pk}/edit/",
        _fair("schedule", f.edition.pk),
        _fair("table-plan", f.edition.pk),
        _fair("mentoring-queue"),
        _fair("proposal-detail", f.returned.pk),
    ]


def _sideways(page: Page, path: str, audit: Audit) -> list[str]:
    """What makes `path` wider than the screen, with its filters folded and unfolded. Tables shown as cards
    go through axe too."""
    response = page.goto(_in_language(path))
    assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
    if page.locator("table.stack").count():
        audit.check(f"{path} at 360 px")
    problems = []
    for state in ("", " (filters unfolded)"):
        if state:
            panels = page.locator("details.filter-panel > summary")
            if not panels.count():
                break
            panels.first.click()
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            problems.append(f"{path}{state}: " + " | ".join(page.evaluate(WIDEST)))
    return problems


def test_no_page_scrolls_sideways_at_360_px(page: Page, content, fair, sign_in):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    walks: list[tuple[object, Callable]] = [
        (None, public_pages),
        (content.member, member_pages),
        (content.staff, staff_pages),
    ]
    problems, audit = [], Audit(page)
    for user, pages in walks:
        if user is not None:
            page.context.clear_cookies()
            sign_in(page, user)
        for path in pages(content, fair):
            problems += _sideways(page, path, audit)
    assert problems == [], "Pages wider than a 360 px screen:\n" + "\n".join(problems)
    audit.assert_clean()


def test_the_first_result_is_on_the_first_screen_of_a_phone(page: Page, content):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/directory/", "/trainings/", "/calls/"):
        page.goto(f"/{LANGUAGE}{path}")
        first = page.locator("main ul.cards > li").first.get_by_role("link").first
        box = first.bounding_box()
        assert box is not None, path
        assert box["y"] + box["height"] <= 844, f"{path}: the first result ends at {box['y'] + box['height']:.0f} px"
        assert page.evaluate("window.scrollY") == 0
