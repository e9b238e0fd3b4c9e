"""The directory's list: filters, bad input, pages and the queries a page costs."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from spona.core import reference_cache
from spona.core.models import Region
from spona.directory.forgiving_search import FEW_RESULTS
from spona.directory.models import Organization
from tests.directory.reading import LIST_URL, card_names, municipality
from tests.factories import (
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


# The list and its filters ----------------------------------------------------------------------


@pytest.fixture
def directory():
    """Five organizations across both countries, kinds and sectors."""
    return {
        "sarajevo": OrganizationFactory(
            name="Omladinski centar Sarajevo",
            municipality=municipality("ba-fbih-centar-sarajevo"),
            sectors=["youth"],
            founding_year=1998,
        ),
        "banja-luka": OrganizationFactory(
            name="Eko firma Banja Luka",
            kind=Organization.Kind.COMPANY,
            municipality=municipality("ba-rs-banja-luka"),
            sectors=["environment"],
            founding_year=2010,
        ),
        "cukarica": OrganizationFactory(
            name="Kulturni klub Čukarica",
            municipality=municipality("rs-beograd-cukarica"),
            sectors=["culture"],
            founding_year=2015,
        ),
        "novi-sad": OrganizationFactory(
            name="Fondacija Novi Sad",
            kind=Organization.Kind.DONOR,
            municipality=municipality("rs-novi-sad"),
            sectors=["youth", "culture"],
            founding_year=2020,
        ),
        "brcko": OrganizationFactory(
            name="Udruženje Brčko", municipality=municipality("ba-bd-brcko"), sectors=["youth"], founding_year=2005
        ),
    }


def test_the_list_shows_published_organizations_only(client, directory):
    PendingOrganizationFactory(name="Udruženje na čekanju")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert sorted(card_names(response)) == sorted(org.name for org in directory.values())
    assert "5 organizations" in response.content.decode()


KANTON_SARAJEVO = "kanton-sarajevo"  # resolved to its generated code in the test


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=cso", {"sarajevo", "cukarica", "brcko"}),
        ("kind=cso&kind=company", {"sarajevo", "banja-luka", "cukarica", "brcko"}),
        ("sector=youth", {"sarajevo", "novi-sad", "brcko"}),
        ("sector=youth&sector=environment", {"sarajevo", "banja-luka", "novi-sad", "brcko"}),
        ("country=RS", {"cukarica", "novi-sad"}),
        ("region=ba-bih", {"sarajevo"}),  # a municipality in a canton belongs to the entity above it
        (f"region={KANTON_SARAJEVO}", {"sarajevo"}),
        ("region=ba-srp", {"banja-luka"}),
        ("region=ba-brc", {"brcko"}),
        ("region=rs-vojvodina", {"novi-sad"}),  # district, then province
        ("region=rs-00", {"cukarica"}),
        ("municipality=rs-beograd", {"cukarica"}),  # the city includes its city municipalities
        ("municipality=rs-beograd-cukarica", {"cukarica"}),
        ("municipality=ba-fbih-centar-sarajevo&municipality=rs-novi-sad", {"sarajevo", "novi-sad"}),
        ("legal_form=association", {"sarajevo", "banja-luka", "cukarica", "novi-sad", "brcko"}),
        ("legal_form=foundation", set()),
        ("founded_from=2006", {"banja-luka", "cukarica", "novi-sad"}),
        ("founded_to=2005", {"sarajevo", "brcko"}),
        ("founded_from=2005&founded_to=2015", {"banja-luka", "cukarica", "brcko"}),
        ("kind=cso&sector=youth&country=BA", {"sarajevo", "brcko"}),
    ],
)
def test_filters(client, directory, query, expected):
    if KANTON_SARAJEVO in query:
        query = query.replace(KANTON_SARAJEVO, Region.objects.get(name="Kanton Sarajevo").code)
    names = sorted(directory[key].name for key in expected)

    browsed = client.get(f"{LIST_URL}?{query}")
    # Every mission says "mladima": the search engine answers, with the filters as facets.
    searched = client.get(f"{LIST_URL}?{query}&q=mladima")

    assert browsed.status_code == searched.status_code == 200
    assert sorted(card_names(browsed)) == names
    assert sorted(card_names(searched)) == names


def test_the_text_search_finds_by_place_names_above_the_municipality(client, directory):
    response = client.get(LIST_URL, {"q": "Vojvodina"})

    assert card_names(response) == ["Fondacija Novi Sad"]


def test_active_profiles_come_first_when_browsing(client):
    stale = OrganizationFactory(name="Aaa udruženje", confirmed_at=timezone.now() - datetime.timedelta(days=1000))
    OrganizationFactory(name="Zzz udruženje")

    response = client.get(LIST_URL)

    assert card_names(response) == ["Zzz udruženje", "Aaa udruženje"]
    assert stale.is_inactive()
    assert 'class="badge badge-warn">inactive<' in response.content.decode()


# Bad input never breaks the list --------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "page=2&page=1",
        "q=" + "a" * 1000,
        "q=" + "udruzenje%20" * 200,
        "q=!!!",
        "q=%22%27%3B--",
        "q=*",
        "q=NEAR(a%20b)",
        "q=a%20OR%20b%20AND%20NOT%20c",
        "q=%D0%82%D1%83%D1%80%D1%92%D0%B5%D0%B2%D0%B0%D0%BA",  # Ђурђевак
        "q=%F0%9F%98%80",  # an emoji
        "q=a&q=b",
        "kind=cso&kind=cso",
        "unknown=1",
        "founded_to=",
    ],
)
def test_odd_but_harmless_queries_show_the_list(client, organization, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters are not valid" not in content
    assert re.search(r"\d+ organizations?", content)


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "", "%00", "١"])
def test_a_page_number_that_makes_no_sense_shows_the_first_page(client, organization, page):
    response = client.get(f"{LIST_URL}?page={page}")

    assert response.status_code == 200
    assert card_names(response) == [organization.name]
    assert "Page 1 of 1" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=bogus", "kind"),
        ("kind=%C4%87%C4%87", "kind"),
        ("sector=nope", "sector"),
        ("sector=%C5%BEene", "sector"),
        ("region=xx-nowhere", "region"),
        ("municipality=atlantis", "municipality"),
        ("country=XX", "country"),
        ("legal_form=llc", "legal_form"),
        ("founded_from=abc", "founded_from"),
        ("founded_from=99999", "founded_from"),
        ("founded_from=1e400", "founded_from"),
        ("founded_from=NaN", "founded_from"),
        ("founded_to=-5", "founded_to"),
        ("founded_from=99999999999999999999999999", "founded_from"),
        ("q=%00", "q"),
        ("sector=%00", "sector"),
        ("municipality=%00", "municipality"),
        ("kind=cso&kind=bogus", "kind"),
    ],
)
def test_invalid_filters_are_explained_not_a_server_error(client, organization, query, field):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters are not valid" in content
    errors = response.context["filterset"].errors
    assert list(errors) == [field]
    assert escape(errors[field][0]) in content
    assert card_names(response) == []


@pytest.mark.parametrize("query", ["kind=", "sector=", "kind=&sector=&q=", "region=&municipality=%20"])
def test_blank_filter_values_mean_any(client, organization, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert "Some filters are not valid" not in response.content.decode()
    assert organization.name in card_names(response)


def test_a_huge_page_number_is_past_the_end_with_a_clear_message(client, directory, small_pages):
    response = client.get(LIST_URL, {"page": "99999999999999999999", "kind": "cso"})

    assert response.status_code == 404
    content = response.content.decode()
    assert "There is no page 10000: the results have 2 pages." in content
    assert 'href="?kind=cso&amp;page=2"' in content
    assert card_names(response) == []


def test_a_page_past_the_end_of_search_results_says_how_many_pages_there_are(client, directory, small_pages):
    response = client.get(LIST_URL, {"page": "4", "q": "mladima"})

    assert response.status_code == 404
    assert "There is no page 4: the results have 3 pages." in response.content.decode()
    assert 'href="?q=mladima&amp;page=3"' in response.content.decode()


def test_an_empty_result_past_the_end_is_not_an_error(client, small_pages):
    response = client.get(LIST_URL, {"page": "7", "kind": "media"})

    assert response.status_code == 200
    assert "Nothing matches." in response.content.decode()


def test_pages_keep_the_filters(client, directory, small_pages):
    first = client.get(LIST_URL, {"sector": "youth"})
    second = client.get(LIST_URL, {"sector": "youth", "page": "2"})

    assert len(card_names(first)) == 2
    assert 'rel="next" href="?sector=youth&amp;page=2"' in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert len(card_names(second)) == 1
    assert 'rel="prev" href="?sector=youth&amp;page=1"' in second.content.decode()
    assert set(card_names(first)) | set(card_names(second)) == {
        "Omladinski centar Sarajevo",
        "Fondacija Novi Sad",
        "Udruženje Brčko",
    }


def test_nothing_found_says_so(client, directory):
    response = client.get(LIST_URL, {"q": "nepostojecarijec"})

    assert response.status_code == 200
    assert "Nothing matches. Try fewer words or fewer filters." in response.content.decode()


# Queries per page ------------------------------------------------------------------------------


def _organizations_across_places(count: int) -> None:
    """Organizations in different municipalities and cantons of FBiH, each with youth among its sectors."""
    codes = ["ba-fbih-centar-sarajevo", "ba-fbih-mostar", "ba-fbih-bihac", "ba-fbih-zenica", "ba-fbih-tuzla"]
    sectors = [["youth"], ["youth", "culture", "environment"], ["sport", "youth"], ["youth", "children", "education"]]
    for index in range(count):
        organization = OrganizationFactory(
            municipality=municipality(codes[index % len(codes)]), sectors=sectors[index % len(sectors)]
        )
        ProgramFactory(organization=organization)


def _fresh_planner_statistics() -> None:
    """On PostgreSQL the search picks its plan from the planner's estimates (spona/directory/search.py), which
    otherwise still describe whatever earlier tests left in the tables: both renders plan on what is there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@pytest.mark.parametrize("params", [{}, {"q": "mladima"}, {"sector": "youth", "region": "ba-bih"}])
def test_the_list_page_makes_the_same_number_of_queries_for_more_organizations(client, params):
    _organizations_across_places(FEW_RESULTS)  # fewer would bring in the forgiving search's fallbacks
    _fresh_planner_statistics()
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL, params).status_code == 200
    few = list(few.captured_queries)  # read at once: the next request empties the connection's query log
    _organizations_across_places(10 - FEW_RESULTS)
    cache.clear()  # both renders without the stored filter fragments
    reference_cache.forget()  # and both load places and taxonomies into memory
    _fresh_planner_statistics()

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert len(card_names(response)) == 10
    assert len(many) == len(few), [query["sql"][:120] for query in many.captured_queries]


def test_the_list_page_stays_within_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    _organizations_across_places(20)

    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)

    assert len(card_names(response)) == 20


def test_the_filters_lists_of_choices_are_rendered_once_per_language_and_choice(client, organization):
    def municipality_queries(params: dict, path: str = LIST_URL):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params)
        # Read at once: the next request empties the connection's query log.
        return response, [q["sql"] for q in queries.captured_queries if 'FROM "core_municipality"' in q["sql"]]

    first, cold = municipality_queries({"sector": "youth"})
    second, warm = municipality_queries({"sector": "youth"})
    in_bosnian, bosnian_cold = municipality_queries({"sector": "youth"}, "/bs/directory/")

    assert cold and bosnian_cold
    assert not warm
    assert second.content == first.content
    assert '<option value="youth" selected>Youth</option>' in second.content.decode()
    assert '<option value="youth" selected>Mladi</option>' in in_bosnian.content.decode()
    assert '<option value="youth">Youth</option>' in client.get(LIST_URL).content.decode()


def test_an_organization_in_several_chosen_sectors_is_listed_once(client):
    both = OrganizationFactory(name="U oba sektora", sectors=["youth", "culture"])
    OrganizationFactory(name="Samo sport", sectors=["sport"])

    response = client.get(LIST_URL, {"sector": ["youth", "culture"]})

    assert [organization.pk for organization in response.context["page"].organizations] == [both.pk]
    assert response.context["page"].total == 1
    assert "DISTINCT" not in str(response.context["filterset"].qs.query)
