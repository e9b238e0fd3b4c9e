"""The shared runner of each app's permission matrix (tests/<app>/test_permissions.py).

In the spirit of pretix's test_permissions.py: each case names the URL, what a request sends and
what it changes; the matrix says what each kind of user gets. Refused requests must change nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import reverse

ANONYMOUS, OTHER, OWN, STAFF = "anonymous", "other-organization", "own-organization", "staff"
# Staff of the center in a group without the case's permission (an editor at the fair's schedule): staff
# status opens nothing by itself. Unless a case says otherwise, they get what `other` gets, with any
# redirect to the staff sign-in turned into the 403 a signed-in person without the permission sees.
WRONG_GROUP = "staff-of-another-group"
LOGIN = "redirect to sign in"
ADMIN_LOGIN = "redirect to staff sign in"


@dataclass
class Case:
    name: str
    method: str
    url: Callable
    expected: dict
    data: Callable = lambda s: {}
    probe: Callable | None = None  # what a permitted request changes; a refused one must leave it alone
    changes_for: set = field(default_factory=lambda: {OWN, STAFF})


def expected_for(case: Case, user_kind: str):
    if user_kind in case.expected:
        return case.expected[user_kind]
    if user_kind == WRONG_GROUP:
        for_other = case.expected[OTHER]
        return 403 if for_other == ADMIN_LOGIN else for_other
    raise KeyError(f"{case.name} says nothing about {user_kind}")


def changes_for(case: Case, user_kind: str) -> bool:
    if user_kind == WRONG_GROUP and WRONG_GROUP not in case.expected:
        return OTHER in case.changes_for
    return user_kind in case.changes_for


def check_case(client, scenario, case: Case, user_kind: str) -> None:
    """Send the case's request as `user_kind` and check the answer and what changed."""
    user = scenario.users[user_kind]
    if user is not None:
        client.force_login(user)
    url = case.url(scenario)
    before = case.probe(scenario, user) if case.probe else None

    response = getattr(client, case.method)(url, case.data(scenario))

    expected = expected_for(case, user_kind)
    if expected == LOGIN:
        assert response.status_code == 302
        assert urlsplit(response.url).path == reverse("account_login")
        assert "next=" in response.url
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert urlsplit(response.url).path == reverse("admin:login")
    else:
        assert response.status_code == expected, response.content[:500]
    if case.probe:
        after = case.probe(scenario, user)
        if changes_for(case, user_kind):
            assert after != before, f"{case.name} by {user_kind} should have changed {before!r}"
        else:
            assert after == before, f"{case.name} by {user_kind} changed {before!r} to {after!r}"
