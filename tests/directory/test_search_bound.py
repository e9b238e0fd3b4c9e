"""Past SEARCH_CANDIDATES matches, searches say "more than" and still rank names first."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from spona.core.models import Sector
from spona.directory import search, services
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery
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


@pytest.fixture
def names_and_descriptions(db):
    """Eight organizations with the word in their name, and eight verified ones (ranked higher by
    static rank) with it only in their description."""
    in_names = [OrganizationFactory(name=f"Zajednica {n}", mission="Sport.") for n in range(8)]
    in_descriptions = [OrganizationFactory(name=f"Klub {n}", mission="Radionice u zajednici.") for n in range(8)]
    Organization.objects.filter(pk__in=[o.pk for o in in_descriptions]).update(verified_at=timezone.now())
    services.reindex_organizations()
    return in_names


def test_each_page_ranks_names_as_ranking_every_name_would(settings, names_and_descriptions):
    """A page reads only as many matches in names as it shows, yet ranks as if it had read them all:
    a name holding every word outranks any match in a description only."""
    settings.SPONA = {**settings.SPONA, "SEARCH_CANDIDATES": 10}
    query = DirectoryQuery(text="zajednica")
    everything = search.search(query, offset=0, limit=10).ids

    pages = [search.search(query, offset=offset, limit=3).ids for offset in (0, 3, 6)]

    assert pages == [everything[0:3], everything[3:6], everything[6:9]]
    assert everything[:8] == [organization.pk for organization in names_and_descriptions]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk in rank order is PostgreSQL's")
def test_a_walk_that_stops_short_falls_back_to_the_gin_index(settings):
    """PostgreSQL takes words and filters to be independent. Here half the profiles have the word and half the
    sector, but only the two lowest-ranked have both: it expects many matches, walks the rank index for a few
    rows, finds none there, and the GIN index must find the two."""
    settings.SPONA = {**settings.SPONA, "SEARCH_CANDIDATES": 5}
    for n in range(60):
        OrganizationFactory(
            name=f"Klub {n}", mission="Radionice u zajednici.", sectors=["youth"], verified_at=timezone.now()
        )
        OrganizationFactory(
            name=f"Centar {n}", mission="Sport i rekreacija.", sectors=["culture"], verified_at=timezone.now()
        )
    both = [
        OrganizationFactory(name=f"Udruga {n}", mission="Radionice u zajednici.", sectors=["culture"]) for n in range(2)
    ]
    services.reindex_organizations()
    with connection.cursor() as cursor:  # the planner's statistics, as the nightly reindex leaves them
        cursor.execute("ANALYZE directory_organizationsearch")
    culture = Sector.objects.get(slug="culture")
    query = DirectoryQuery(text="zajednica", sector_ids=(culture.pk,))
    assert search._pg_walk_rows(search._expand(query.terms), query.facet_groups(), query, limit=6) is not None

    assert sorted(search.search(query, limit=20).ids) == sorted(o.pk for o in both)
