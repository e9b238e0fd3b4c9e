"""Bulk import of organizations from CSV and XLSX: all rows or none, with a report of every rejected row."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from spona.core.models import Sector, SustainableDevelopmentGoal
from spona.directory import imports
from spona.directory.models import DirectoryImport, Organization
from spona.directory.search import DirectoryQuery, search
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["name", "kind", "legal_form", "registration_number", "founding_year", "municipality", "sectors", "goals"]
VALID_ROWS = [
    ["Udruženje Sunce", "cso", "association", "RU-1/01", "2001", "ba-fbih-centar-sarajevo", "youth;culture", "4;5"],
    [
        "Eko Zadruga Drina",
        "company",
        "Zadruga",
        "4400000001",
        "2015",
        "Бања Лука",
        "Poljoprivreda i ruralni razvoj",
        "",
    ],
    ["Kulturni klub Čukarica", "Civil society organization", "", "", "", "Cukarica", "Culture", "SDG 11"],
]


def _csv(rows: list[list[str]], *, header=HEADER, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def _xlsx(rows: list[list], *, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(content: bytes, filename: str = "organizations.csv", **options) -> imports.ImportReport:
    return imports.import_organizations(rows=imports.read_rows(io.BytesIO(content), filename), **options)


def _found(text: str, **filters) -> list[str]:
    ids = search(DirectoryQuery(text=text, **filters)).ids
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[pk].name for pk in ids]


def _assert_the_three_valid_rows_are_in_the_directory():
    sunce = Organization.objects.get(name="Udruženje Sunce")
    drina = Organization.objects.get(name="Eko Zadruga Drina")
    cukarica = Organization.objects.get(name="Kulturni klub Čukarica")
    for organization in (sunce, drina, cukarica):
        assert organization.status == Organization.Status.PUBLISHED
        assert organization.published_at is not None
        assert not organization.is_inactive()
    assert (sunce.kind, sunce.legal_form.slug, sunce.founding_year) == ("cso", "association", 2001)
    assert sunce.municipality.code == "ba-fbih-centar-sarajevo"
    assert sorted(s.slug for s in sunce.sectors.all()) == ["culture", "youth"]
    assert sorted(g.number for g in sunce.goals.all()) == [4, 5]
    assert sunce.slug == "udruzenje-sunce"
    assert (drina.kind, drina.legal_form.slug) == ("company", "cooperative")
    assert drina.municipality.code == "ba-rs-banja-luka"
    assert [s.slug for s in drina.sectors.all()] == ["agriculture"]
    assert (cukarica.kind, cukarica.municipality.code) == ("cso", "rs-beograd-cukarica")
    assert [g.number for g in cukarica.goals.all()] == [11]
    assert _found("sunce") == ["Udruženje Sunce"]
    assert _found("zadruga", region_ids=(drina.municipality.region_id,)) == ["Eko Zadruga Drina"]
    assert _found("kulturni klub", municipality_ids=(cukarica.municipality.city_id,)) == ["Kulturni klub Čukarica"]


# Valid files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (_csv(VALID_ROWS), "organizations.csv"),
        (_csv(VALID_ROWS, delimiter=";", bom=True), "Organizacije.CSV"),
        (_csv(VALID_ROWS, bom=True), "excel.csv"),
    ],
    ids=["comma", "semicolon-with-bom", "comma-with-bom"],
)
def test_a_valid_csv_file_creates_published_searchable_organizations(content, filename, staff_user):
    report = _import(content, filename, user=staff_user)

    assert report.ok
    assert report.committed
    assert (report.total, report.created, report.updated) == (3, 3, 0)
    _assert_the_three_valid_rows_are_in_the_directory()
    assert Organization.objects.get(name="Udruženje Sunce").submitted_by == staff_user


def test_a_valid_xlsx_file_creates_published_searchable_organizations():
    rows = [[int(value) if value.isdigit() and len(value) == 4 else value for value in row] for row in VALID_ROWS]
    rows[1][3] = 4400000001  # a registration number typed as a number
    content = _xlsx([*rows[:1], [None] * len(HEADER), *rows[1:]])  # a blank row in between is skipped

    report = _import(content, "organizations.xlsx")

    assert report.ok
    assert (report.total, report.created) == (3, 3)
    _assert_the_three_valid_rows_are_in_the_directory()
    assert Organization.objects.get(name="Eko Zadruga Drina").registration_number == "4400000001"


def test_the_header_may_be_in_any_case_and_columns_in_any_order():
    content = _csv([["ba-fbih-mostar", "Most Mira"]], header=[" Municipality ", "NAME"])

    report = _import(content)

    assert report.ok
    organization = Organization.objects.get(name="Most Mira")
    assert organization.municipality.code == "ba-fbih-mostar"
    assert organization.kind == Organization.Kind.CSO


def test_completeness_is_computed_for_imported_organizations():
    header = ["name", "municipality", "mission", "email", "sectors"]
    content = _csv(
        [
            ["Potpuno udruženje", "ba-fbih-tuzla", "Podrška mladima.", "info@example.org", "youth"],
            ["Samo ime", "", "", "", ""],
        ],
        header=header,
    )

    _import(content)

    assert Organization.objects.get(name="Potpuno udruženje").completeness == Organization.Completeness.BASIC
    assert Organization.objects.get(name="Samo ime").completeness == Organization.Completeness.INCOMPLETE


def test_a_pending_import_is_not_public():
    report = _import(_csv(VALID_ROWS[:1]), publish=False)

    assert report.committed
    organization = Organization.objects.get(name="Udruženje Sunce")
    assert organization.status == Organization.Status.PENDING
    assert organization.published_at is None
    assert _found("sunce") == []


def test_a_dry_run_checks_and_changes_nothing():
    report = _import(_csv(VALID_ROWS), dry_run=True)

    assert report.ok
    assert report.total == 3
    assert not report.committed
    assert not Organization.objects.exists()


# Rejected rows -----------------------------------------------------------------------------------


def test_an_ambiguous_place_name_is_rejected_with_the_codes_to_choose_from():
    report = _import(_csv([["Udruženje Kupres", "", "", "", "", "Kupres", "", ""]]))

    assert not report.committed
    [rejected] = report.rejected
    assert (rejected.line, rejected.name) == (2, "Udruženje Kupres")
    [error] = rejected.errors
    prefix = "municipality: “Kupres” is ambiguous; use one of the codes "
    assert error.startswith(prefix)
    assert sorted(error.removeprefix(prefix).split(", ")) == ["ba-fbih-kupres", "ba-rs-kupres"]
    assert not Organization.objects.exists()


def test_an_ambiguous_place_is_accepted_by_its_code():
    report = _import(_csv([["Udruženje Kupres", "", "", "", "", "ba-rs-kupres", "", ""]]))

    assert report.ok
    assert Organization.objects.get().municipality.region.code == "ba-srp"


def test_one_bad_row_rejects_the_whole_file_and_every_bad_row_is_reported():
    existing = OrganizationFactory(name="Postojeće udruženje")
    rows = [
        VALID_ROWS[0],
        ["", "cso", "", "", "", "", "", ""],
        VALID_ROWS[1],
        ["Loš red", "ngo", "llc", "", "year", "Atlantida", "youth;nope", "18"],
        VALID_ROWS[2],
    ]

    report = _import(_csv(rows))

    assert not report.committed
    assert (report.total, report.created, report.updated) == (5, 0, 0)
    assert [(r.line, r.name) for r in report.rejected] == [(3, ""), (5, "Loš red")]
    assert report.rejected[0].errors == ["name: This field is required."]
    for reason in [
        "kind: unknown value “ngo”",
        "founding_year: Enter a whole number.",
        "municipality: unknown place “Atlantida”",
        "legal_form: unknown value “llc”",
        "sectors: unknown sector “nope”",
        "goals: unknown goal “18” (use 1 to 17)",
    ]:
        assert reason in report.rejected[1].errors
    assert list(Organization.objects.values_list("name", flat=True)) == ["Postojeće udruženje"]
    assert _found("sunce") == []
    existing.refresh_from_db()
    assert existing.name == "Postojeće udruženje"


def test_an_unknown_kind_is_reported_once_and_truthfully():
    report = _import(_csv([["Udruženje", "ngo"]], header=["name", "kind"]))

    assert [r.errors for r in report.rejected] == [["kind: unknown value “ngo”"]]


@pytest.mark.parametrize("language", ["en", "bs", "sr-latn", "sr"])
def test_kinds_and_places_by_code_are_understood_in_every_language(language):
    content = _csv([["Medij", "media", "rs-novi-sad", "culture"]], header=["name", "kind", "municipality", "sectors"])

    with translation.override(language):
        report = _import(content)

    assert report.ok
    organization = Organization.objects.get()
    assert (organization.kind, organization.municipality.code) == ("media", "rs-novi-sad")


def test_kind_names_are_understood_whatever_the_language_of_the_page():
    content = _csv(
        [["A", "Civil society organization"], ["B", "Organizacija civilnog društva"], ["C", "Компанија"]],
        header=["name", "kind"],
    )

    for language in ["en", "bs", "sr"]:
        with translation.override(language):
            report = _import(content, dry_run=True)
        assert report.ok, (language, report.as_dict()["rejected"])


def test_the_same_registration_number_twice_in_a_file_is_rejected():
    header = ["name", "registration_number"]
    content = _csv([["Prvo", "RU-77"], ["Drugo", "RU-78"], ["Treće", "RU-77"]], header=header)

    report = _import(content)

    assert [(r.line, r.name, r.errors) for r in report.rejected] == [
        (4, "Treće", ["registration_number: the same number is on line 2"])
    ]
    assert not Organization.objects.exists()


def test_an_unknown_sector_is_rejected():
    report = _import(_csv([["Udruženje", "", "", "", "", "", "mladi;svemir", ""]]))

    assert [r.errors for r in report.rejected] == [["sectors: unknown sector “svemir”"]]
    assert not Organization.objects.exists()


def test_rows_of_a_multi_line_csv_keep_their_line_numbers():
    header = ["name", "mission", "kind"]
    content = _csv([["Prvi", "Prvi red\nDrugi red", "cso"], ["Drugi", "", "bogus"]], header=header)

    report = _import(content)

    assert [(r.line, r.name) for r in report.rejected] == [(4, "Drugi")]


# Updating existing organizations -----------------------------------------------------------------


def test_a_row_with_an_id_updates_that_organization(staff_user):
    organization = OrganizationFactory(name="Staro ime", sectors=["youth"])
    header = ["id", "name", "kind", "municipality", "sectors", "mission", "email"]
    content = _csv(
        [[str(organization.pk), "Novo ime", "media", "rs-novi-sad", "media", "Lokalne vijesti.", "a@example.org"]],
        header=header,
    )

    report = _import(content, user=staff_user)

    assert (report.created, report.updated) == (0, 1)
    organization.refresh_from_db()
    assert (organization.name, organization.kind, organization.municipality.code) == (
        "Novo ime",
        "media",
        "rs-novi-sad",
    )
    assert [s.slug for s in organization.sectors.all()] == ["media"]
    assert Organization.objects.count() == 1
    assert _found("novo ime") == ["Novo ime"]
    assert _found("staro") == []
    version = Version.objects.get_for_object(organization).first()
    assert (version.revision.comment, version.revision.user) == ("Imported", staff_user)


def test_an_update_leaves_columns_the_file_does_not_have_alone():
    organization = OrganizationFactory(
        name="Staro ime", kind=Organization.Kind.MEDIA, email="redakcija@example.org", sectors=["media"]
    )

    _import(_csv([[str(organization.pk), "Novo ime"]], header=["id", "name"]))

    organization.refresh_from_db()
    assert organization.name == "Novo ime"
    assert organization.kind == Organization.Kind.MEDIA
    assert organization.email == "redakcija@example.org"
    assert organization.municipality is not None
    assert [s.slug for s in organization.sectors.all()] == ["media"]


@pytest.mark.parametrize(
    ("value", "error"), [("999999", "id: no such organization"), ("abc", "id: not a number")], ids=["missing", "text"]
)
def test_an_id_that_does_not_match_is_rejected(value, error):
    organization = OrganizationFactory(name="Ostaje")

    report = _import(_csv([[value, "Novo"], [str(organization.pk), "Promijenjeno"]], header=["id", "name"]))

    assert [(r.line, r.errors) for r in report.rejected] == [(2, [error])]
    organization.refresh_from_db()
    assert organization.name == "Ostaje"
    assert Organization.objects.count() == 1


# Files that cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"name\nUdruzenje", "organizations.txt", "Upload a .csv or .xlsx file."),
        ("name\nUdruženje".encode("cp1250"), "organizations.csv", "The CSV file must be saved as UTF-8."),
        (b"naziv,grad\nUdruzenje,Tuzla", "organizations.csv", "one of them must be “name”"),
        (b"", "organizations.csv", "The file is empty."),
        (b"PK\x03\x04 not really a zip", "organizations.xlsx", "This is not an XLSX file we can read."),
        (_xlsx([["Tuzla"]], header=["grad"]), "organizations.xlsx", "one of them must be “name”"),
    ],
    ids=["txt", "cp1250", "no-name-column", "empty", "broken-xlsx", "xlsx-no-name-column"],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(content, filename, message):
    with pytest.raises(imports.ImportFileError) as error:
        _import(content, filename)

    assert message in str(error.value)
    assert not Organization.objects.exists()


# The management command --------------------------------------------------------------------------


def test_the_command_imports_a_file(tmp_path, staff_user):
    path = tmp_path / "organizations.csv"
    path.write_bytes(_csv(VALID_ROWS))
    out, err = io.StringIO(), io.StringIO()

    call_command("import_organizations", str(path), "--user", staff_user.email, stdout=out, stderr=err)

    assert out.getvalue().strip() == "3 rows imported: 3 new, 0 updated."
    _assert_the_three_valid_rows_are_in_the_directory()
    assert set(Organization.objects.values_list("submitted_by", flat=True)) == {staff_user.pk}


def test_the_command_can_leave_organizations_pending_or_only_check(tmp_path):
    path = tmp_path / "organizations.xlsx"
    path.write_bytes(_xlsx([["Udruženje Sunce"]], header=["name"]))
    out = io.StringIO()

    call_command("import_organizations", str(path), "--dry-run", stdout=out, verbosity=0)
    assert out.getvalue().strip() == "1 rows checked: 0 new, 0 updated."
    assert not Organization.objects.exists()

    call_command("import_organizations", str(path), "--pending", stdout=io.StringIO(), verbosity=0)
    assert Organization.objects.get().status == Organization.Status.PENDING


def test_the_command_reports_rejected_rows_and_imports_nothing(tmp_path):
    path = tmp_path / "organizations.csv"
    path.write_bytes(_csv([VALID_ROWS[0], ["Udruženje Kupres", "", "", "", "", "Kupres", "", ""]]))
    err = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("import_organizations", str(path), stdout=io.StringIO(), stderr=err, verbosity=0)

    assert str(error.value) == "1 of 2 rows rejected: nothing was imported."
    assert "line 3 (Udruženje Kupres): municipality: “Kupres” is ambiguous" in err.getvalue()
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{dir}/missing.csv"], "No such file"),
        (["{dir}/organizations.csv", "--user", "nobody@example.org"], "No user with the e-mail nobody@example.org"),
        (["{dir}/organizations.ods"], "Upload a .csv or .xlsx file."),
    ],
    ids=["missing-file", "unknown-user", "wrong-type"],
)
def test_the_command_explains_what_is_wrong(tmp_path, arguments, message):
    (tmp_path / "organizations.csv").write_bytes(_csv(VALID_ROWS))
    (tmp_path / "organizations.ods").write_bytes(b"not a spreadsheet we read")

    with pytest.raises(CommandError) as error:
        call_command(
            "import_organizations", *[a.format(dir=tmp_path) for a in arguments], stdout=io.StringIO(), verbosity=0
        )

    assert message in str(error.value)
    assert not Organization.objects.exists()


# The import page in the back office --------------------------------------------------------------

IMPORT_URL = "/en/admin/directory/organization/import/"


def _upload(client, content: bytes, filename: str, mail, **fields):
    with mail.committing():
        return client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, content), "publish": "on", **fields})


def test_staff_upload_a_file_and_the_status_page_shows_the_result(client, staff_user, mail):
    client.force_login(staff_user)
    assert "Upload and import" in client.get(IMPORT_URL).content.decode()

    response = _upload(client, _csv(VALID_ROWS), "organizations.csv", mail)

    job = DirectoryImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:directory_organization_import_status", kwargs={"import_id": job.pk})
    assert job.status == DirectoryImport.Status.DONE
    assert job.created_by == staff_user
    status_page = client.get(response.url).content.decode()
    assert "imported" in status_page
    assert "3 rows: 3 created, 0 updated." in status_page
    assert "3 of 3 rows checked" in status_page
    _assert_the_three_valid_rows_are_in_the_directory()


def test_the_status_page_lists_each_rejected_row(client, staff_user, mail):
    client.force_login(staff_user)
    kupres = ["Udruženje Kupres", "", "", "", "", "Kupres", "", ""]
    rows = [VALID_ROWS[0], kupres, ["Svemir", "", "", "", "", "", "x", ""]]

    response = _upload(client, _csv(rows), "organizations.csv", mail)

    assert DirectoryImport.objects.get().status == DirectoryImport.Status.REJECTED
    status_page = client.get(response.url).content.decode()
    assert "rejected: nothing imported" in status_page
    assert "2 rows were rejected, so nothing was imported:" in status_page
    assert "<td>3</td><td>Udruženje Kupres</td>" in status_page
    assert "ba-fbih-kupres" in status_page
    assert "ba-rs-kupres" in status_page
    assert "<td>4</td><td>Svemir</td>" in status_page
    assert not Organization.objects.exists()


def test_an_unreadable_upload_fails_with_the_reason(client, staff_user, mail):
    client.force_login(staff_user)

    response = _upload(client, b"PK\x03\x04 broken", "organizations.xlsx", mail)

    assert DirectoryImport.objects.get().status == DirectoryImport.Status.FAILED
    assert "This is not an XLSX file we can read." in client.get(response.url).content.decode()


def test_the_upload_form_refuses_other_file_types(client, staff_user, mail):
    client.force_login(staff_user)

    response = _upload(client, b"name\nX", "organizations.txt", mail)

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_a_dry_run_upload_imports_nothing(client, staff_user, mail):
    client.force_login(staff_user)

    response = _upload(client, _csv(VALID_ROWS), "organizations.csv", mail, dry_run="on")

    assert "This was only a check: nothing was imported." in client.get(response.url).content.decode()
    assert not Organization.objects.exists()


def test_people_who_are_not_staff_cannot_import(client, member_user, organization, mail):
    client.force_login(member_user)

    response = _upload(client, _csv(VALID_ROWS), "organizations.csv", mail)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not DirectoryImport.objects.exists()
    assert Organization.objects.count() == 1


def test_staff_without_the_right_to_add_organizations_cannot_import(client, mail):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(clerk)

    get = client.get(IMPORT_URL)
    post = _upload(client, _csv(VALID_ROWS), "organizations.csv", mail)

    assert (get.status_code, post.status_code) == (403, 403)
    assert not DirectoryImport.objects.exists()
    assert not Organization.objects.exists()


# Export, edit, import again ----------------------------------------------------------------------


def test_the_csv_export_can_be_edited_and_imported_again(client):
    first = OrganizationFactory(
        name="Udruženje Most",
        municipality=None,
        sectors=["peacebuilding", "youth"],
        registration_number="RU-10",
        website="https://most.example.org",
        mission='Mir, dijalog i "pomirenje";\nu dva reda.',
    )
    first.goals.set(SustainableDevelopmentGoal.objects.filter(number=16))
    second = OrganizationFactory(name="Fondacija Kultura", kind=Organization.Kind.DONOR, sectors=["culture"])
    exported = b"".join(client.get("/en/directory/export.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    rows[1]["name"] = "Fondacija Kultura i Umjetnost"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)

    report = _import(("\ufeff" + buffer.getvalue()).encode())

    assert report.ok, report.as_dict()
    assert (report.created, report.updated) == (0, 2)
    assert Organization.objects.count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.name == "Udruženje Most"
    assert first.mission == 'Mir, dijalog i "pomirenje";\nu dva reda.'
    assert first.municipality is None
    assert sorted(s.slug for s in first.sectors.all()) == ["peacebuilding", "youth"]
    assert [g.number for g in first.goals.all()] == [16]
    assert (first.registration_number, first.website, first.legal_form.slug) == (
        "RU-10",
        "https://most.example.org",
        "association",
    )
    assert second.name == "Fondacija Kultura i Umjetnost"
    assert (second.kind, second.municipality.code) == ("donor", "ba-fbih-centar-sarajevo")
    assert [s.slug for s in second.sectors.all()] == ["culture"]
    assert _found("umjetnost", sector_ids=(Sector.objects.get(slug="culture").pk,)) == [second.name]


# The shape of each line ----------------------------------------------------------------------------


def test_lines_with_too_many_or_too_few_values_are_rejected_and_nothing_is_imported():
    content = "name,kind,municipality\nPrvo,cso,ba-fbih-centar-sarajevo\nDrugo,cso\nTreće,cso,x,višak\n".encode()

    report = _import(content)

    assert [(row.line, row.name) for row in report.rejected] == [(3, "Drugo"), (4, "Treće")]
    assert report.rejected[0].errors == ["the line has 2 values, but the first row names 3 columns"]
    assert report.rejected[1].errors == ["the line has 4 values, but the first row names 3 columns"]
    assert not Organization.objects.exists()


def test_a_quote_never_closed_is_reported_where_it_opens():
    content = 'name,kind\nPrvo,cso\n"Drugo,cso\nTreće,cso\n'.encode()

    report = _import(content)

    assert [row.line for row in report.rejected] == [3]
    assert "check its quotes" in report.rejected[0].errors[0]
    assert not Organization.objects.exists()


def test_an_xlsx_row_with_values_beyond_the_named_columns_is_rejected():
    report = _import(_xlsx([["Prvo", "cso"], ["Drugo", "cso", "višak"]], header=["name", "kind"]), "a.xlsx")

    assert [(row.line, row.name) for row in report.rejected] == [(3, "Drugo")]
    assert not Organization.objects.exists()


def test_a_cell_the_export_made_inert_is_imported_as_it_was_typed():
    report = _import(_csv([["'=Udruženje", "'+387 33 123"]], header=["name", "phone"]))

    assert report.ok, report.as_dict()
    assert Organization.objects.values_list("name", "phone").get() == ("=Udruženje", "+387 33 123")
