"""A person's own settings on "My page": only they can change them."""

import pytest
from django.urls import reverse

from spona.accounts.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.post(reverse("accounts:dashboard"), {"full_name": "X", "language": "bs"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_user_changes_their_name_and_language(client, member_user, organization):
    client.force_login(member_user)
    page = client.get(reverse("accounts:dashboard"))
    assert organization.name in page.content.decode()
    response = client.post(reverse("accounts:dashboard"), {"full_name": "Amra Hodžić", "language": "sr"})
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert (member_user.full_name, member_user.language) == ("Amra Hodžić", "sr")


def test_an_unknown_language_is_a_field_error(client, member_user):
    client.force_login(member_user)
    response = client.post(reverse("accounts:dashboard"), {"full_name": "A", "language": "xx"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    member_user.refresh_from_db()
    assert member_user.language == "en"


def test_sign_up_remembers_the_language(client):
    response = client.post(
        "/bs/accounts/signup/",
        {"email": "nova@example.org", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="nova@example.org").language == "bs"
