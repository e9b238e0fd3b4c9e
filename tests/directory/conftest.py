"""Fixtures of the directory's tests: more people around `organization` (see tests/conftest.py)."""

import pytest

from spona.accounts.models import Membership
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def editor_user(organization):
    """An active editor (not an administrator) of `organization`."""
    user = UserFactory(email="editor@example.org")
    MembershipFactory(user=user, organization=organization, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def join_request(organization):
    """A user's open request to join `organization`."""
    return MembershipFactory(
        user=UserFactory(email="applicant@example.org"),
        organization=organization,
        role=Membership.Role.EDITOR,
        status=Membership.Status.REQUESTED,
        message="Radim u udruženju od 2019.",
    )


@pytest.fixture
def small_pages(settings):
    settings.SPONA = {**settings.SPONA, "DIRECTORY_PAGE_SIZE": 2}
