"""Registering and editing a profile through its pages: the form, the logo, stale edits and sections."""

import io
import os
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from spona.core.models import Sector
from spona.directory import services
from spona.directory.models import ContactPerson, Organization
from spona.directory.search import DirectoryQuery, search
from tests.admin_forms import admin_change_data
from tests.directory.form_data import SECTION_ROWS, new_profile_data, profile_form_data, section_form_data
from tests.directory.reading import municipality, profile_jsonld
from tests.factories import (
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


# Registering and editing -------------------------------------------------------------------------


def test_the_register_form_shows_errors_next_to_the_fields(client, other_user):
    client.force_login(other_user)

    response = client.post(
        reverse("directory:organization-register"),
        {"name": "", "kind": "bogus", "founding_year": "1700", "email": "not-an-address", "website": "nope"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Please correct the errors below." in content
    for field in ["name", "kind", "founding_year", "email", "website"]:
        assert f'id="id_{field}_error"' in content, field
    assert "This field is required." in content
    assert not Organization.objects.exists()


def test_registering_through_the_page(client, other_user, staff_user, mail):
    client.force_login(other_user)

    with mail.committing():
        response = client.post(reverse("directory:organization-register"), new_profile_data(), follow=True)

    organization = Organization.objects.get(name="Udruženje Novi Početak")
    assert response.redirect_chain == [(organization.get_absolute_url(), 302)]
    content = response.content.decode()
    assert "Thank you. Staff will review the profile and publish it" in content
    assert "waiting for approval" in content
    assert organization.status == Organization.Status.PENDING
    assert organization.memberships.get().user == other_user
    assert mail.recipients == [[staff_user.email]]


def _png(size=(40, 40), image_format="PNG", noise=False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("logo.png", b"this is not an image", "image/png"), "Upload a valid image"),
        (lambda: SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"), "Upload a valid image"),
        (lambda: SimpleUploadedFile("logo.png", SVG, "image/png"), "Upload a valid image"),
        (lambda: SimpleUploadedFile("logo.bmp", _png(image_format="BMP"), "image/bmp"), "Upload a PNG, JPEG, WebP"),
        (
            lambda: SimpleUploadedFile("logo.png", _png(size=(900, 900), noise=True), "image/png"),
            "The logo is too large",
        ),
    ],
    ids=["not-an-image", "svg", "svg-named-png", "bmp", "too-large"],
)
def test_a_bad_logo_is_refused_with_a_message(client, organization, member_user, upload, message):
    client.force_login(member_user)
    data = profile_form_data(organization, name="Novo ime", logo=upload())

    response = client.post(reverse("directory:organization-edit", kwargs={"pk": organization.pk}), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_logo_error"' in content
    assert message in content
    organization.refresh_from_db()
    assert not organization.logo
    assert organization.name != "Novo ime"


def test_a_logo_is_saved_and_shown(client, organization, member_user):
    client.force_login(member_user)
    data = profile_form_data(organization, logo=SimpleUploadedFile("logo.png", _png(), "image/png"))

    response = client.post(reverse("directory:organization-edit", kwargs={"pk": organization.pk}), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name.startswith("logos/")
    page = client.get(organization.get_absolute_url())
    assert f'<img class="logo" src="{organization.logo.url}"' in page.content.decode()
    assert profile_jsonld(page)["logo"].endswith(organization.logo.url)


def test_a_logo_can_be_removed(client, organization, member_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.post(url, profile_form_data(organization, logo=SimpleUploadedFile("logo.png", _png(), "image/png")))
    organization.refresh_from_db()
    assert organization.logo

    response = client.post(url, profile_form_data(organization, **{"logo-clear": "on"}))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.logo
    assert '<img class="logo"' not in client.get(organization.get_absolute_url()).content.decode()


def test_saving_without_touching_the_logo_keeps_it(client, organization, member_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.post(url, profile_form_data(organization, logo=SimpleUploadedFile("logo.png", _png(), "image/png")))
    organization.refresh_from_db()
    logo = organization.logo.name

    client.post(url, profile_form_data(organization, name="Novo ime"))

    organization.refresh_from_db()
    assert (organization.name, organization.logo.name) == ("Novo ime", logo)


def _version(response, name: str = "version") -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


def test_the_edit_form_saves_and_search_follows(client, organization, member_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    version = _version(client.get(url))
    culture = Sector.objects.get(slug="culture")
    data = profile_form_data(
        organization,
        name="Centar za kulturu Mostar",
        municipality=municipality("ba-fbih-mostar").pk,
        sectors=[culture.pk],
        version=version,
    )

    response = client.post(url, data, follow=True)

    organization.refresh_from_db()
    assert response.redirect_chain == [(organization.get_absolute_url(), 302)]
    assert "The profile is saved." in response.content.decode()
    assert organization.name == "Centar za kulturu Mostar"
    assert organization.municipality.code == "ba-fbih-mostar"
    assert [s.slug for s in organization.sectors.all()] == ["culture"]
    assert search(DirectoryQuery(text="mostar kultura", sector_ids=(culture.pk,))).ids == [organization.pk]


def test_two_editors_the_second_save_from_an_older_page_is_refused(client, organization, member_user, editor_user):
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.force_login(member_user)
    first_version = _version(client.get(url))
    client.force_login(editor_user)
    second_version = _version(client.get(url))
    saved = client.post(url, profile_form_data(organization, name="Ime urednika", version=second_version))
    assert saved.status_code == 302

    client.force_login(member_user)
    response = client.post(url, profile_form_data(organization, name="Ime administratora", version=first_version))

    assert response.status_code == 200
    assert "Someone else saved this profile after you opened it." in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Ime urednika"


def test_a_section_saved_from_an_older_page_is_refused(client, organization, member_user, editor_user):
    url = reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "programs"})
    client.force_login(member_user)
    first_version = _version(client.get(url), "profile-version")
    client.force_login(editor_user)
    data = section_form_data("programs", [SECTION_ROWS["programs"]])
    second = client.post(url, {**data, "profile-version": _version(client.get(url), "profile-version")})
    assert second.status_code == 302

    client.force_login(member_user)
    late = {**section_form_data("programs", [{**SECTION_ROWS["programs"], "title": "Kasni program"}])}
    response = client.post(url, {**late, "profile-version": first_version})

    assert response.status_code == 200
    assert "Someone else saved this profile after you opened it." in response.content.decode()
    assert list(organization.programs.values_list("title", flat=True)) == [SECTION_ROWS["programs"]["title"]]


def test_an_edit_in_the_admin_is_seen_by_the_members_open_form(client, organization, member_user, staff_user):
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.force_login(member_user)
    opened = _version(client.get(url))

    client.force_login(staff_user)
    admin_url = reverse("admin:directory_organization_change", args=[organization.pk])
    data = {**admin_change_data(client.get(admin_url)), "name": "Ime iz administracije"}
    assert client.post(admin_url, data).status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Ime iz administracije" and str(organization.version) != opened

    client.force_login(member_user)
    response = client.post(url, profile_form_data(organization, name="Ime člana", version=opened))
    assert "Someone else saved this profile after you opened it." in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Ime iz administracije"


@pytest.mark.parametrize("section", ["contacts", "programs", "finances", "results"])
def test_a_section_is_saved_through_its_page(client, organization, member_user, section):
    client.force_login(member_user)
    url = reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": section})
    assert client.get(url).status_code == 200

    response = client.post(url, section_form_data(section, [SECTION_ROWS[section]]), follow=True)

    assert response.redirect_chain == [(organization.get_absolute_url(), 302)]
    assert "Saved." in response.content.decode()
    related = {"contacts": "contact_people", "programs": "programs", "finances": "finances", "results": "results"}
    assert getattr(organization, related[section]).count() == 1


def test_a_section_with_an_error_is_shown_again(client, organization, member_user):
    client.force_login(member_user)
    url = reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "finances"})

    response = client.post(url, section_form_data("finances", [{**SECTION_ROWS["finances"], "income": "mnogo"}]))

    assert response.status_code == 200
    assert "Enter an amount, for example 45,000.50." in response.content.decode()
    assert not organization.finances.exists()


@pytest.mark.parametrize(("typed", "stored"), [("45.000", "45000"), ("45.000,50", "45000.50"), ("45 000", "45000")])
def test_finances_take_amounts_as_people_here_type_them(client, organization, member_user, typed, stored):
    client.force_login(member_user)
    rows = [{**SECTION_ROWS["finances"], "income": typed, "expenditure": "1.250,00"}]
    # The request activates Bosnian; the override puts the test's language back afterwards.
    with translation.override("bs"):
        url = reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "finances"})
        response = client.post(url, section_form_data("finances", rows), follow=True)

    assert "Sačuvano." in response.content.decode()
    finance = organization.finances.get()
    assert (finance.income, finance.expenditure) == (Decimal(stored), Decimal("1250"))
    assert "45.000" in response.content.decode() and "1.250" in response.content.decode()


def test_deleting_the_only_program_lowers_completeness_and_leaves_search(client, organization, member_user):
    program = ProgramFactory(organization=organization, title="Zelena učionica")
    services.refresh_organization(organization)
    assert search(DirectoryQuery(text="ucionica")).ids == [organization.pk]
    client.force_login(member_user)
    row = {"id": program.pk, "title": program.title, "description": "", "start_year": "2020", "end_year": ""}

    response = client.post(
        reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "programs"}),
        section_form_data("programs", [{**row, "DELETE": "on"}], initial=1),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.programs.exists()
    assert organization.completeness == Organization.Completeness.BASIC
    assert search(DirectoryQuery(text="ucionica")).ids == []


def test_programs_raise_completeness_and_contacts_stay_private(client, organization, member_user):
    client.force_login(member_user)
    client.post(
        reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "programs"}),
        section_form_data("programs", [SECTION_ROWS["programs"]]),
    )
    client.post(
        reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "contacts"}),
        section_form_data("contacts", [SECTION_ROWS["contacts"]]),
    )

    organization.refresh_from_db()
    assert organization.completeness == Organization.Completeness.PROGRAMS
    assert ContactPerson.objects.get(organization=organization).name == "Amra Hodžić"
    client.logout()
    public = client.get(organization.get_absolute_url()).content.decode()
    assert "Škola aktivizma" in public
    assert "Amra Hodžić" not in public


def test_the_finances_form_adds_several_years_at_once_and_offers_no_delete_box_on_new_rows(
    client, organization, member_user
):
    client.force_login(member_user)
    url = reverse("directory:organization-section-edit", kwargs={"pk": organization.pk, "section": "finances"})

    form = client.get(url).context["formset"]
    assert len(form.forms) == 3 and all("DELETE" not in row.fields for row in form.forms)

    rows = [{**SECTION_ROWS["finances"], "year": str(year)} for year in (2022, 2023)]
    rows.append({"year": "", "income": "", "expenditure": "", "currency": "BAM", "main_sources": ""})
    assert client.post(url, section_form_data("finances", rows)).status_code == 302

    assert sorted(organization.finances.values_list("year", flat=True)) == [2022, 2023]
    existing = client.get(url).context["formset"]
    assert "DELETE" in existing.forms[0].fields and "DELETE" not in existing.forms[-1].fields
