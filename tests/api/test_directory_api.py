"""The public JSON API: the directory with the same filters and search as the pages, and the reference codes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spona.core.models import Municipality, Region, SustainableDevelopmentGoal
from spona.directory.models import Organization
from tests.factories import ContactPersonFactory, OrganizationFactory, PendingOrganizationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/directory/organizations"


def _place(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def _get(client, url: str, params=None, status: int = 200) -> dict | list:
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _names(data: dict) -> list[str]:
    return sorted(row["name"] for row in data["results"])


@pytest.fixture
def directory():
    return {
        "djurdjevak": OrganizationFactory(
            name="Udruženje žena Đurđevak",
            municipality=_place("ba-fbih-centar-sarajevo"),
            sectors=["womens-rights"],
            founding_year=1996,
        ),
        "drina": OrganizationFactory(
            name="Eko zadruga Drina",
            kind=Organization.Kind.COMPANY,
            municipality=_place("ba-rs-banja-luka"),
            sectors=["agriculture"],
            founding_year=2012,
            mission="Organska poljoprivreda.",
        ),
        "cukarica": OrganizationFactory(
            name="Културни клуб Чукарица",
            municipality=_place("rs-beograd-cukarica"),
            sectors=["culture", "youth"],
            founding_year=2018,
        ),
    }


# The list ----------------------------------------------------------------------------------------


def test_the_list_holds_published_organizations(client, directory):
    PendingOrganizationFactory(name="Na čekanju")

    data = _get(client, LIST_URL)

    assert (data["count"], data["page"], data["pages"]) == (3, 1, 1)
    assert _names(data) == sorted(org.name for org in directory.values())
    row = next(row for row in data["results"] if row["id"] == directory["cukarica"].pk)
    assert sorted(row["sectors"]) == ["culture", "youth"]
    assert (row["kind"], row["country"], row["region"]) == ("cso", "RS", "rs-00")
    assert row["municipality"] == "rs-beograd-cukarica"
    assert row["founding_year"] == 2018
    assert row["url"].endswith(directory["cukarica"].get_absolute_url())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "company"}, ["drina"]),
        ({"kind": ["company", "cso"]}, ["djurdjevak", "drina", "cukarica"]),
        ({"sector": "youth"}, ["cukarica"]),
        ({"sector": ["youth", "agriculture"]}, ["drina", "cukarica"]),
        ({"country": "BA"}, ["djurdjevak", "drina"]),
        ({"region": "ba-bih"}, ["djurdjevak"]),
        ({"region": "ba-srp"}, ["drina"]),
        ({"municipality": "rs-beograd"}, ["cukarica"]),
        ({"legal_form": "association"}, ["djurdjevak", "drina", "cukarica"]),
        ({"founded_from": 2000}, ["drina", "cukarica"]),
        ({"founded_from": 2000, "founded_to": 2015}, ["drina"]),
        ({"q": "zadruga"}, ["drina"]),
        ({"q": "Ђурђевак"}, ["djurdjevak"]),  # Cyrillic query, Latin name
        ({"q": "zena djurdjevak"}, ["djurdjevak"]),  # without diacritics, dj for đ
        ({"q": "kulturni cukarica"}, ["cukarica"]),  # Latin query, Cyrillic name
        ({"q": "poljoprivreda", "region": "ba-srp"}, ["drina"]),
        ({"q": "poljoprivreda", "region": "ba-bih"}, []),
        ({"q": "mladima", "sector": "youth", "country": "RS"}, ["cukarica"]),
    ],
)
def test_filters_and_search(client, directory, params, expected):
    data = _get(client, LIST_URL, params)

    assert _names(data) == sorted(directory[key].name for key in expected)
    assert data["count"] == len(expected)


def test_a_canton_code_filters_by_canton(client, directory):
    canton = Region.objects.get(name="Kanton Sarajevo")

    assert _names(_get(client, LIST_URL, {"region": canton.code})) == ["Udruženje žena Đurđevak"]


def test_pages(client):
    for index in range(5):
        OrganizationFactory(name=f"Udruženje {index}")

    first = _get(client, LIST_URL, {"page_size": 2})
    third = _get(client, LIST_URL, {"page_size": 2, "page": 3})
    past = _get(client, LIST_URL, {"page_size": 2, "page": 9})

    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert [row["name"] for row in first["results"]] == ["Udruženje 0", "Udruženje 1"]
    assert [row["name"] for row in third["results"]] == ["Udruženje 4"]
    assert (past["count"], past["page"], past["results"]) == (5, 9, [])


@pytest.mark.parametrize("page", [0, -1, -99999999999999999999])
def test_a_page_below_one_is_the_first(client, directory, page):
    data = _get(client, LIST_URL, {"page": page})

    assert data["page"] == 1
    assert len(data["results"]) == 3


def test_a_huge_page_is_capped_and_empty(client, directory):
    data = _get(client, LIST_URL, {"page": "99999999999999999999"})

    assert data["results"] == []
    assert data["count"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "bogus"}, "kind"),
        ({"kind": ["cso", "bogus"]}, "kind"),
        ({"sector": "nope"}, "sector"),
        ({"region": "nowhere"}, "region"),
        ({"municipality": "atlantis"}, "municipality"),
        ({"country": "XX"}, "country"),
        ({"legal_form": "llc"}, "legal_form"),
        ({"founded_from": 99999}, "founded_from"),
        ({"founded_to": -5}, "founded_to"),
        ({"founded_from": "99999999999999999999"}, "founded_from"),
        ({"q": "\x00"}, "q"),
        ({"sector": "\x00"}, "sector"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(client, directory, params, field):
    data = _get(client, LIST_URL, params, status=400)

    assert data["detail"] == "Some filters are not valid."
    assert list(data["errors"]) == [field]
    assert data["errors"][field][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"founded_from": "abc"}, "founded_from"), ({"founded_to": "1e400"}, "founded_to"), ({"page": "abc"}, "page")],
)
def test_values_of_the_wrong_type_are_a_400_that_names_the_parameter(client, params, field):
    data = _get(client, LIST_URL, params, status=400)

    assert data["detail"] == "Some parameters are not valid."
    assert list(data["errors"]) == [field]
    assert data["errors"][field][0]


@pytest.mark.parametrize("page_size", [0, -1, 101, 10_000])
def test_a_page_size_out_of_range_is_a_400(client, page_size):
    data = _get(client, LIST_URL, {"page_size": page_size}, status=400)

    assert data["detail"] == "page_size must be between 1 and 100."


def test_a_page_size_that_is_not_a_number_is_a_400(client):
    data = _get(client, LIST_URL, {"page_size": "lots"}, status=400)

    assert list(data["errors"]) == ["page_size"]


def test_the_list_makes_the_same_number_of_queries_for_more_organizations(client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            _get(client, LIST_URL, {"page_size": 50})
        return len(queries)

    OrganizationFactory(sectors=["youth", "culture"]).goals.set(SustainableDevelopmentGoal.objects.filter(number=5))
    count_queries()  # the first request also loads places and taxonomies into memory
    few = count_queries()
    for code in ["ba-rs-banja-luka", "rs-beograd-cukarica", "rs-novi-sad", "ba-bd-brcko"]:
        OrganizationFactory(municipality=_place(code), sectors=["youth", "sport"])

    assert count_queries() == few


# One organization --------------------------------------------------------------------------------


def test_one_organization(client, directory):
    organization = directory["djurdjevak"]
    ContactPersonFactory(organization=organization, name="Tajna Osoba", email="tajna@example.org")

    response = client.get(f"{LIST_URL}/{organization.pk}")

    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["name"], data["sectors"]) == (organization.pk, organization.name, ["womens-rights"])
    assert data["municipality"] == "ba-fbih-centar-sarajevo"
    assert "Tajna Osoba" not in response.content.decode()
    assert "tajna@example.org" not in response.content.decode()


@pytest.mark.parametrize(
    "status", [Organization.Status.PENDING, Organization.Status.REJECTED, Organization.Status.ARCHIVED]
)
def test_an_unpublished_organization_is_404(client, status):
    organization = PendingOrganizationFactory(status=status)

    assert _get(client, f"{LIST_URL}/{organization.pk}", status=404) == {"detail": "Not Found"}


@pytest.mark.parametrize("organization_id", ["999999", "99999999999999999999"])
def test_a_missing_organization_is_404(client, organization_id):
    assert client.get(f"{LIST_URL}/{organization_id}").status_code == 404


def test_an_id_that_is_not_a_number_is_a_400(client):
    data = _get(client, f"{LIST_URL}/abc", status=400)

    assert list(data["errors"]) == ["organization_id"]


# The description and the reference codes ---------------------------------------------------------


def test_the_openapi_description_lists_every_endpoint(client):
    schema = _get(client, "/api/openapi.json")

    assert schema["info"]["title"] == "Spona API"
    assert set(schema["paths"]) >= {
        "/api/directory/organizations",
        "/api/directory/organizations/{organization_id}",
        "/api/reference/sectors",
        "/api/reference/goals",
        "/api/reference/legal-forms",
        "/api/reference/regions",
        "/api/reference/municipalities",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/directory/organizations"]["get"]["parameters"]}
    assert parameters >= {"q", "kind", "sector", "region", "municipality", "founded_from", "page", "page_size"}
    assert client.get("/api/docs").status_code == 200


def test_sectors_goals_and_legal_forms(client):
    sectors = _get(client, "/api/reference/sectors")
    goals = _get(client, "/api/reference/goals")
    legal_forms = _get(client, "/api/reference/legal-forms")

    assert len(sectors) == 36
    womens_rights = next(s for s in sectors if s["code"] == "womens-rights")
    assert (womens_rights["name_en"], womens_rights["name_bs"]) == ("Women's rights", "Prava žena")
    assert womens_rights["name_sr_cyrl"] == "Права жена"
    assert [goal["number"] for goal in goals] == list(range(1, 18))
    assert len(legal_forms) == 16
    assert {"association", "foundation", "cooperative"} <= {form["code"] for form in legal_forms}


def test_regions_and_municipalities(client):
    regions = {region["code"]: region for region in _get(client, "/api/reference/regions")}
    municipalities = {m["code"]: m for m in _get(client, "/api/reference/municipalities")}

    canton = next(r for r in regions.values() if r["name"] == "Kanton Sarajevo")
    assert (canton["kind"], canton["parent"], canton["country"]) == ("canton", "ba-bih", "BA")
    assert regions["ba-bih"]["parent"] is None
    assert regions["rs-06"]["parent"] == "rs-vojvodina"
    assert len(municipalities) == 145 + 173 + 25 + 21  # BA, RS, ME, HR
    cukarica = municipalities["rs-beograd-cukarica"]
    assert (cukarica["kind"], cukarica["city"], cukarica["region"], cukarica["name_cyrl"]) == (
        "city_municipality",
        "rs-beograd",
        "rs-00",
        "Чукарица",
    )
    assert municipalities["ba-fbih-centar-sarajevo"]["region"] == canton["code"]
    assert municipalities["ba-fbih-centar-sarajevo"]["city"] is None
    assert len(regions) == len(Region.objects.all())


def test_every_operation_that_takes_parameters_documents_its_400(client):
    schema = _get(client, "/api/openapi.json")

    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("parameters") and "400" not in operation["responses"]
    ]
    assert undocumented == []


@pytest.mark.parametrize("organization_id", ["abc", "1.5", "-1", "99999999999999999999999", "0"])
def test_an_id_that_is_no_organization_gets_a_4xx_with_a_message(client, organization_id):
    response = client.get(f"/api/directory/organizations/{organization_id}")

    assert response.status_code in {400, 404}
    assert response.json()["detail"]
