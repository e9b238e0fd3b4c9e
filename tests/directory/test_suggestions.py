"""Type-ahead of the directory's search box: a JSON list of the best names for what is typed so far."""

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/en/directory/suggestions/"


def test_names_come_as_you_type(client):
    OrganizationFactory(name="Udruženje penzionera Visoko")
    OrganizationFactory(name="Udruženje žena Duga", status="pending")
    data = client.get(reverse("directory:organization-suggestions"), {"q": "penzio"}).json()
    assert [result["name"] for result in data["results"]] == ["Udruženje penzionera Visoko"]
    assert data["results"][0]["url"].startswith("/en/directory/")
    assert client.get(reverse("directory:organization-suggestions"), {"q": "duga"}).json() == {"results": []}


@pytest.mark.parametrize("text", ["", "   ", "!!!", "x" * 5000, "' OR 1=1 --", "(a+)+$["])
def test_odd_input_suggests_nothing_or_a_few(client, text):
    response = client.get(reverse("directory:organization-suggestions"), {"q": text})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 8


def test_the_search_box_offers_them_and_works_without_them(client):
    html = client.get(reverse("directory:organization-list")).content.decode()
    assert 'data-suggestions-url="/en/directory/suggestions/"' in html
    assert "js/typeahead" in html
    assert '<form method="get"' in html  # the plain form submits as before
