"""CSV and JSON exports of the public directory: published organizations, public fields, the user's filters."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spona.core.models import Municipality
from spona.directory import services
from spona.directory.exports import EXPORT_COLUMNS
from spona.directory.models import Organization
from tests.factories import (
    ContactPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def _csv_rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/en/directory/export.csv{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = _body(response)
    assert body.startswith("\ufeff")  # so spreadsheet programs read UTF-8
    reader = csv.DictReader(io.StringIO(body.removeprefix("\ufeff")))
    assert reader.fieldnames == EXPORT_COLUMNS
    return list(reader)


def _json_rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/en/directory/export.json{query}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(_body(response))
    assert set(data) == {"generated", "organizations"}
    return data["organizations"]


def _names(rows: list[dict]) -> list[str]:
    return sorted(row["name"] for row in rows)


def _place(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


@pytest.fixture
def directory():
    return {
        "sarajevo": OrganizationFactory(
            name="Omladinski centar Sarajevo", municipality=_place("ba-fbih-centar-sarajevo"), sectors=["youth"]
        ),
        "banja-luka": OrganizationFactory(
            name="Eko firma Banja Luka",
            kind=Organization.Kind.COMPANY,
            municipality=_place("ba-rs-banja-luka"),
            sectors=["environment"],
            mission="Reciklaža i energetska efikasnost.",
        ),
        "cukarica": OrganizationFactory(
            name="Kulturni klub Čukarica", municipality=_place("rs-beograd-cukarica"), sectors=["culture", "youth"]
        ),
    }


@pytest.fixture
def hidden(member_user):
    """Organizations outside the public directory, and the private data of a public one."""
    for status in [Organization.Status.PENDING, Organization.Status.REJECTED, Organization.Status.ARCHIVED]:
        PendingOrganizationFactory(name=f"Skriveno {status}", status=status)
    secret = OrganizationFactory(
        name="Udruženje s tajnama",
        municipality=_place("rs-novi-sad"),
        sectors=["sport"],
        submitted_by=UserFactory(email="podnosilac@example.org"),
    )
    Organization.objects.filter(pk=secret.pk).update(moderation_note="Interna napomena osoblja.")
    ContactPersonFactory(organization=secret, name="Tajna Osoba", email="tajna@example.org", phone="+387 61 999 999")
    MembershipFactory(organization=secret, user=member_user)
    return secret


@pytest.mark.parametrize("read", [_csv_rows, _json_rows], ids=["csv", "json"])
def test_exports_hold_published_organizations_and_no_private_data(client, directory, hidden, read):
    rows = read(client)

    assert _names(rows) == sorted([*(org.name for org in directory.values()), "Udruženje s tajnama"])
    everything = json.dumps(rows, ensure_ascii=False)
    for private in [
        "Skriveno",
        "Tajna Osoba",
        "tajna@example.org",
        "+387 61 999 999",
        "Interna napomena",
        "podnosilac@example.org",
        "member@example.org",
    ]:
        assert private not in everything


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_export_is_a_download_named_by_date(client, file_format):
    with time_machine.travel(datetime.datetime(2025, 4, 30, 10, 0, tzinfo=datetime.UTC), tick=False):
        response = client.get(f"/en/directory/export.{file_format}")

    assert response["Content-Disposition"] == f'attachment; filename="spona-directory-2025-04-30.{file_format}"'


def test_a_row_holds_the_public_profile(client, staff_user):
    organization = OrganizationFactory(
        name="Udruženje Most",
        abbreviation="UM",
        registration_number="RU-10",
        founding_year=1999,
        website="https://most.example.org",
        phone="+387 33 111 222",
        sectors=["peacebuilding", "youth"],
    )
    services.verify_organization(
        organization=organization, staff_user=staff_user, now=datetime.datetime(2025, 2, 3, 12, tzinfo=datetime.UTC)
    )

    [row] = _csv_rows(client)
    [json_row] = _json_rows(client)

    assert row["id"] == str(organization.pk)
    assert (row["name"], row["abbreviation"], row["kind"], row["legal_form"]) == (
        "Udruženje Most",
        "UM",
        "cso",
        "association",
    )
    assert (row["country"], row["municipality"]) == ("BA", "ba-fbih-centar-sarajevo")
    assert row["region"] == organization.municipality.region.code
    assert sorted(row["sectors"].split(";")) == ["peacebuilding", "youth"]
    assert (row["founding_year"], row["registration_number"]) == ("1999", "RU-10")
    assert (row["website"], row["phone"], row["email"]) == (
        "https://most.example.org",
        "'+387 33 111 222",  # a leading + would start a formula in a spreadsheet
        organization.email,
    )
    assert (row["verified_at"], row["confirmed_at"]) == ("2025-02-03", "2025-02-03")
    assert row["completeness"] == "basic"
    assert row["url"] == f"http://127.0.0.1:8000{organization.get_absolute_url()}"
    assert {key: str(value) for key, value in json_row.items()} == {**row, "phone": "+387 33 111 222"}


def test_dates_are_those_of_the_site_time_zone(client, staff_user):
    organization = OrganizationFactory()
    # 23:30 UTC on 1 March is 00:30 on 2 March in Sarajevo, as the profile page shows it.
    services.verify_organization(
        organization=organization,
        staff_user=staff_user,
        now=datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC),
    )
    assert "Verified against the register on 2 Mar 2025" in client.get(organization.get_absolute_url()).content.decode()

    [row] = _csv_rows(client)

    assert row["verified_at"] == "2025-03-02"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=company", ["Eko firma Banja Luka"]),
        ("?sector=youth", ["Kulturni klub Čukarica", "Omladinski centar Sarajevo"]),
        ("?region=ba-bih", ["Omladinski centar Sarajevo"]),
        ("?municipality=rs-beograd", ["Kulturni klub Čukarica"]),
        ("?country=BA&sector=environment", ["Eko firma Banja Luka"]),
        ("?q=reciklaza", ["Eko firma Banja Luka"]),
        ("?q=%D0%BA%D1%83%D0%BB%D1%82%D1%83%D1%80%D0%BD%D0%B8", ["Kulturni klub Čukarica"]),  # културни
        ("?q=mladima&sector=youth&country=RS", ["Kulturni klub Čukarica"]),
        ("?q=nepostojece", []),
    ],
)
@pytest.mark.parametrize("read", [_csv_rows, _json_rows], ids=["csv", "json"])
@pytest.mark.usefixtures("hidden")
def test_exports_follow_the_filters_and_the_search(client, directory, query, expected, read):
    assert _names(read(client, query)) == expected


@pytest.mark.parametrize("query", ["?kind=bogus", "?founded_from=abc", "?sector=%00", "?region=nowhere"])
def test_invalid_filters_get_a_400_with_the_reason(client, directory, query):
    response = client.get(f"/en/directory/export.csv{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Some filters are not valid:")


def test_an_unknown_format_is_404(client, directory):
    assert client.get("/en/directory/export.xml").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_export_makes_the_same_number_of_queries_for_more_organizations(client, file_format):
    def export():
        with CaptureQueriesContext(connection) as queries:
            body = _body(client.get(f"/en/directory/export.{file_format}"))
        return body, len(queries)

    OrganizationFactory(sectors=["youth", "culture"])
    _few, few = export()
    for code in ["ba-rs-banja-luka", "rs-beograd-cukarica", "rs-novi-sad", "ba-bd-brcko", "ba-fbih-mostar"]:
        OrganizationFactory(municipality=_place(code), sectors=["youth", "sport"])

    body, many = export()

    assert body.count("youth") == 6
    assert many == few


def test_a_text_that_looks_like_a_formula_is_inert_in_the_csv_and_kept_in_json(client):
    OrganizationFactory(name="@Udruženje", mission='=HYPERLINK("https://evil.example","Open")', phone="+387 33 123")

    rows = list(csv.DictReader(io.StringIO(_body(client.get("/en/directory/export.csv")).removeprefix("\ufeff"))))
    (row,) = rows
    organizations = json.loads(_body(client.get("/en/directory/export.json")))["organizations"]

    assert (row["name"], row["mission"], row["phone"]) == (
        "'@Udruženje",
        '\'=HYPERLINK("https://evil.example","Open")',
        "'+387 33 123",
    )
    assert organizations[0]["mission"] == '=HYPERLINK("https://evil.example","Open")'
