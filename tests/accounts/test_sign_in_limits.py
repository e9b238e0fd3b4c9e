"""Sign-in limits count per visitor, also behind the reverse proxy (ALLAUTH_TRUSTED_PROXY_COUNT)."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory
from tests.settings_process import settings_as_read

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
PROXY = "127.0.0.1"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def limits_on(settings):
    """The limits as in production (tests turn them off), behind one proxy."""
    del settings.ACCOUNT_RATE_LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()


def _fail(client, email: str, visitor: str) -> str:
    response = client.post(
        LOGIN, {"login": email, "password": "wrong-password"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor
    )
    assert response.status_code == 200
    return response.content.decode()


def _ten_failures_from(client, visitor: str) -> None:
    for attempt in range(10):  # ten accounts, so only the limit per address is reached
        email = f"osoba{attempt}@example.org"
        UserFactory(email=email)
        assert TOO_MANY not in _fail(client, email, visitor)


def test_one_visitors_failed_sign_ins_lock_out_that_visitor_only(client, limits_on):
    UserFactory(email="bora@example.org")
    _ten_failures_from(client, "203.0.113.5")

    assert TOO_MANY in _fail(client, "bora@example.org", "203.0.113.5")
    assert TOO_MANY not in _fail(client, "bora@example.org", "198.51.100.7")
    # Nobody poses as another by sending X-Forwarded-For: the proxy appends the address it saw.
    assert TOO_MANY not in _fail(client, "bora@example.org", "203.0.113.5, 198.51.100.8")


def test_without_the_proxy_setting_everyone_behind_it_would_share_one_limit(client, limits_on, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    UserFactory(email="bora@example.org")
    _ten_failures_from(client, "203.0.113.5")

    assert TOO_MANY in _fail(client, "bora@example.org", "198.51.100.7")


@pytest.mark.parametrize(
    ("environment", "count"),
    [({}, "0"), ({"SPONA_BEHIND_PROXY": "1"}, "1"), ({"SPONA_BEHIND_PROXY": "1", "SPONA_PROXY_COUNT": "2"}, "2")],
)
def test_the_number_of_proxies_comes_from_the_environment(environment, count):
    assert settings_as_read(environment, "ALLAUTH_TRUSTED_PROXY_COUNT") == count
