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
