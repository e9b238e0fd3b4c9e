"""What Chromium itself enforces: the Content Security Policy, and pages that survive hostile names."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganizationFactory
from tests.learning.factories import TrainerFactory, TrainingSessionFactory

HOSTILE = "Novi pogled <!--<script>"

INJECT_INLINE_SCRIPT = """() => new Promise(resolve => {
    document.addEventListener("securitypolicyviolation", event => resolve(event.violatedDirective));
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.appendChild(script);
})"""


@pytest.mark.csp_violation_expected
def test_an_inline_script_that_got_into_a_page_does_not_run(page: Page, reference_data):
    page.goto("/en/")

    directive = page.evaluate(INJECT_INLINE_SCRIPT)

    assert directive.startswith("script-src")
    assert page.evaluate("() => window.injected") is None


def test_a_profile_named_to_open_a_comment_is_shown_whole(page: Page, reference_data):
    organization = OrganizationFactory(name=HOSTILE, mission="Dijalog i mir.")

    page.goto(organization.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE)
    expect(page.get_by_text("Dijalog i mir.")).to_be_visible()
    expect(page.locator("footer")).to_be_visible()


def test_a_session_taught_by_such_a_trainer_is_shown_whole(page: Page, reference_data):
    session = TrainingSessionFactory(trainers=[TrainerFactory(name=HOSTILE)])

    page.goto(f"/en/trainings/sessions/{session.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(session.course.title)
    expect(page.get_by_text(HOSTILE).first).to_be_visible()
    expect(page.locator("footer")).to_be_visible()


def test_the_api_documentation_works_under_the_policy(page: Page, reference_data):
    page.goto("/api/docs")

    expect(page.get_by_role("heading", name="Spona API")).to_be_visible()
    expect(page.get_by_text("/api/directory/organizations").first).to_be_visible()
