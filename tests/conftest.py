"""Shared fixtures: reference data loaded once per test database, users and organizations."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from spona.accounts.staff_groups import ensure_staff_groups
from spona.core import reference_cache
from spona.core.models import Municipality
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.mail_server import MailServer, ScriptedBackend

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs beside live_server

CONCURRENCY_SKIPPED = (
    "the tests marked `concurrency` (real threads, each with its own connection) need PostgreSQL: the in-memory "
    "SQLite test database shares one cache between threads, locking tables instead of waiting"
)
HOW_TO_RUN_CONCURRENCY = "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spona make test"


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skipped = [item for item in items if item.get_closest_marker("concurrency")]
    for item in skipped:
        item.add_marker(pytest.mark.skip(reason=f"on SQLite: {CONCURRENCY_SKIPPED}"))
    config.stash[concurrency_skipped] = len(skipped)


concurrency_skipped = pytest.StashKey[int]()


def pytest_report_header(config):
    if connection.vendor != "postgresql":
        return [f"database: SQLite, so the concurrency tests are skipped; run them with {HOW_TO_RUN_CONCURRENCY}"]
    return [f"database: PostgreSQL ({connection.settings_dict['NAME']}), concurrency tests included"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Said at the end, where it is read: a silently skipped race test is no test."""
    count = config.stash.get(concurrency_skipped, 0)
    if count:
        terminalreporter.section("concurrency tests skipped", sep="!", yellow=True, bold=True)
        terminalreporter.write_line(f"{count} concurrency tests did not run: {CONCURRENCY_SKIPPED}.", yellow=True)
        terminalreporter.write_line(f"Run them on PostgreSQL: {HOW_TO_RUN_CONCURRENCY}", yellow=True, bold=True)


def _test_database_is_set_up() -> bool:
    """pytest-django creates no test database when no collected test asks for one (a run of a module
    without database tests): the connection then still points at the configured database, which must
    never be written to."""
    return connection.settings_dict["NAME"] != _CONFIGURED_DATABASE


_CONFIGURED_DATABASE = connection.settings_dict["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Places and taxonomies, as every real database has them."""
    if not _test_database_is_set_up():
        return
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(scope="module", autouse=True)
def reference_data_after_flush(django_db_setup, django_db_blocker):
    """Transactional tests (the browser tests' live server) empty every table when they end; put the
    places and taxonomies back, outside any test's transaction, for the modules that run after them."""
    if not _test_database_is_set_up():
        return
    with django_db_blocker.unblock():
        if not Municipality.objects.exists():
            call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in the site's default language: a request in another one activates it for the
    thread, and it would otherwise last into the next test (reverse() would give /sr/... there)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the in-process cache outlives the test's database)."""
    cache.clear()
    reference_cache.forget()
    yield
    cache.clear()
    reference_cache.forget()


@pytest.fixture
def page_cache(settings):
    """Turn on the cache of public pages (off in tests: see config/settings_test.py)."""
    settings.SPONA = {**settings.SPONA, "PUBLIC_PAGE_CACHE_SECONDS": 300}


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True, email="staff@example.org")


@pytest.fixture
def staff_in_group(db):
    """A staff user (not a superuser) whose only group is the one named: what the site lets them do
    comes from that group's permissions alone."""
    ensure_staff_groups()

    def make(group_name: str, **fields):
        user = UserFactory(is_staff=True, **fields)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def member_user(db):
    return UserFactory(email="member@example.org")


@pytest.fixture
def other_user(db):
    return UserFactory(email="other@example.org")


@pytest.fixture
def organization(db, member_user):
    """A published organization whose admin is `member_user`."""
    organization = OrganizationFactory()
    MembershipFactory(user=member_user, organization=organization)
    return organization


@pytest.fixture
def other_organization(db, other_user):
    """A published organization whose admin is `other_user`."""
    organization = OrganizationFactory()
    MembershipFactory(user=other_user, organization=organization)
    return organization


class CommittedMail:
    """E-mails that services send once their transaction commits.

    Tests run inside a transaction that never commits, so `with mail.committing():` runs the
    on-commit callbacks at the end of the block; `mail.outbox` then holds what was sent.
    """

    def __init__(self, capture, outbox):
        self._capture = capture
        self.outbox = outbox

    def committing(self):
        return self._capture(execute=True)

    @property
    def recipients(self) -> list[list[str]]:
        return [message.to for message in self.outbox]


@pytest.fixture
def mail(django_capture_on_commit_callbacks, mailoutbox):
    return CommittedMail(django_capture_on_commit_callbacks, mailoutbox)


@pytest.fixture
def mail_server(settings):
    """The mail server, as Django's mail backend: it delivers to `mail.outbox` until a test scripts a fault."""
    settings.EMAIL_BACKEND = "tests.mail_server.ScriptedBackend"
    server = MailServer()
    server.recover()
    yield server
    ScriptedBackend.script = None


# Property-based tests: in CI (which sets CI) every run tries the same examples, so a failure there is the same
# failure on the next run and on a laptop; locally each run explores new ones, and a failure prints the example
# and the seed to reproduce it (`--hypothesis-seed`).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")
