"""Error pages have the site's look, the visitor's language and a way back."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_the_visitors_language_with_ways_on(client):
    response = client.get("/bs/directory/99999999/nema/")

    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="bs">' in page
    assert "Stranica nije pronađena" in page
    assert 'href="/bs/"' in page and 'href="/bs/directory/"' in page
    assert 'class="site-header"' in page  # the site's own look


def test_a_page_of_another_staff_group_explains_and_offers_ways_on(client, staff_in_group):
    client.force_login(staff_in_group("Editors"))

    response = client.get("/sr/directory/moderation/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Није дозвољено" in page
    assert 'href="/sr/"' in page


def test_a_server_error_page_needs_no_database_and_speaks_the_pages_language(django_assert_num_queries):
    request = RequestFactory().get("/bs/trainings/")
    with translation.override("bs"), django_assert_num_queries(0):
        response = defaults.server_error(request)

    page = response.content.decode()
    assert response.status_code == 500
    assert "Nešto nije u redu" in page and 'href="/bs/"' in page


def test_a_form_sent_without_its_token_says_what_to_do(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    response = client.post(reverse("calls:alert-create"), {"name": "x"})

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
