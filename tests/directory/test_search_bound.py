"""Past SEARCH_CANDIDATES matches, searches say "more than" and still rank names first."""

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_candidates(settings):
    settings.SPONA = {**settings.SPONA, "SEARCH_CANDIDATES": 3, "DIRECTORY_PAGE_SIZE": 2}


@pytest.fixture
def many_matches(db):
    matches = [OrganizationFactory(name=f"Klub {n}", mission="Radionice za mlade u zajednici.") for n in range(6)]
    named = OrganizationFactory(name="Zajednica mladih", mission="Sport.")
    return matches, named


def test_the_page_says_more_than_and_the_name_match_comes_first(client, three_candidates, many_matches):
    _matches, named = many_matches
    response = client.get(reverse("directory:organization-list"), {"q": "zajednica"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "More than 3 organizations" in content
    assert "Add words or filters to narrow the search." in content
    assert response.context["page"].organizations[0] == named


def test_the_api_flags_the_count_as_a_lower_bound(client, three_candidates, many_matches):
    data = client.get("/api/directory/organizations", {"q": "zajednica"}).json()

    assert data["count"] == 3
    assert data["count_is_lower_bound"] is True


def test_a_narrow_search_counts_exactly(client, three_candidates, many_matches):
    data = client.get("/api/directory/organizations", {"q": "zajednica sport"}).json()

    assert (data["count"], data["count_is_lower_bound"]) == (1, False)
