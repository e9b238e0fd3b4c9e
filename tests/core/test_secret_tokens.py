"""Secret addresses: every token is made the same way, unguessable and unique, and a wrong one opens nothing."""

import pytest

from spona.calls.models import SavedSearch
from spona.core.secret_tokens import TOKEN_LENGTH, by_token, new_token
from spona.fair.models import FairParticipant
from spona.learning.models import CalendarFeed

TOKEN_FIELDS = [(SavedSearch, "token"), (FairParticipant, "calendar_token"), (CalendarFeed, "token")]


@pytest.mark.parametrize(("model", "name"), TOKEN_FIELDS)
def test_every_secret_address_is_made_by_the_same_field(model, name):
    field = model._meta.get_field(name)
    assert (field.default, field.max_length, field.unique, field.editable) == (new_token, TOKEN_LENGTH, True, False)


def test_tokens_are_long_and_never_repeat():
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert {len(token) for token in tokens} == {TOKEN_LENGTH}


@pytest.mark.django_db
def test_a_token_finds_its_row_and_nothing_else_does(member_user):
    feed = CalendarFeed.objects.create(user=member_user)
    feeds = CalendarFeed.objects.all()
    assert by_token(feeds, feed.token) == feed
    assert by_token(feeds, feed.token + "x") is None
    assert by_token(feeds, feed.token[:-1]) is None
    assert by_token(feeds, "") is None
