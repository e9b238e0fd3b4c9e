"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser`. Without /usr/bin/chromium they are skipped, unless
SPONA_REQUIRE_BROWSER is set (CI sets it), in which case they fail: a silently skipped journey is no test.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TESTS = Path(__file__).parent


def _missing_browser() -> str | None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests"


def pytest_collection_modifyitems(config, items):
    # A conftest's hook sees every collected item, not only this folder's.
    missing = _missing_browser()
    for item in items:
        if not item.path.is_relative_to(BROWSER_TESTS):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not os.environ.get("SPONA_REQUIRE_BROWSER"):
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    missing = _missing_browser()
    if missing:
        pytest.fail(f"SPONA_REQUIRE_BROWSER is set but {missing}", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Relative URLs in page.goto() go to the live server."""
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture
def reference_data(live_server, transactional_db, page_cache):
    """Places and taxonomies: the flush after each transactional test removes what the session loaded.
    Browser tests commit their changes, so they run with the cache of public pages on, as in production."""
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def sign_in(live_server):
    """Put a signed-in session into the page's browser context (the journey signs in through the form)."""

    def sign_in(page: Page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in


@pytest.fixture
def new_context(new_context, request):
    """Every browser context a test opens (the `page` fixture's too) reports what the Content Security
    Policy blocked: Chromium says so on the console for each blocked script, style, image or connection.
    A test fails on any, unless it is marked `csp_violation_expected`."""
    blocked: list[str] = []

    def open_context(**kwargs):
        context = new_context(**kwargs)
        context.on(
            "console",
            lambda message: (
                blocked.append(f"{message.page.url if message.page else ''}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return context

    yield open_context
    if not request.node.get_closest_marker("csp_violation_expected"):
        assert blocked == [], "\n".join(blocked)
