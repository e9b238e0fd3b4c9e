"""The directory's pages as a visitor, a member and staff see them."""

import datetime
import io
import json
import os
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image
from reversion.models import Version

from spona.core import reference_cache
from spona.core.models import Municipality, Region, Sector
from spona.directory import services
from spona.directory.models import ContactPerson, Organization
from spona.directory.search import DirectoryQuery, search
from tests.directory.form_data import SECTION_ROWS, new_profile_data, profile_form_data, section_form_data
from tests.factories import (
    AnnualFinanceFactory,
    MembershipFactory,
    OrganizationFactory,
    PendingOrganizationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/directory/"
# A link to a profile (/<language>/directory/<pk>/<slug>/): on the list, the title of a card.
CARD_TITLE = re.compile(r'<a href="/[a-z-]+/directory/\d+/[^/"]+/">([^<]+)</a>')


def _card_names(response) -> list[str]:
    return CARD_TITLE.findall(response.content.decode())


def _place(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def small_pages(settings):
    settings.SPONA = {**settings.SPONA, "DIRECTORY_PAGE_SIZE": 2}


# The list and its filters ----------------------------------------------------------------------


@pytest.fixture
def directory():
    """Five organizations across both countries, kinds and sectors."""
    return {
        "sarajevo": OrganizationFactory(
            name="Omladinski centar Sarajevo",
            municipality=_place("ba-fbih-centar-sarajevo"),
            sectors=["youth"],
            founding_year=1998,
        ),
        "banja-luka": OrganizationFactory(
            name="Eko firma Banja Luka",
            kind=Organization.Kind.COMPANY,
            municipality=_place("ba-rs-banja-luka"),
            sectors=["environment"],
            founding_year=2010,
        ),
        "cukarica": OrganizationFactory(
            name="Kulturni klub Čukarica",
            municipality=_place("rs-beograd-cukarica"),
            sectors=["culture"],
            founding_year=2015,
        ),
        "novi-sad": OrganizationFactory(
            name="Fondacija Novi Sad",
            kind=Organization.Kind.DONOR,
            municipality=_place("rs-novi-sad"),
            sectors=["youth", "culture"],
            founding_year=2020,
        ),
        "brcko": OrganizationFactory(
            name="Udruženje Brčko", municipality=_place("ba-bd-brcko"), sectors=["youth"], founding_year=2005
        ),
    }


def test_the_list_shows_published_organizations_only(client, directory):
    PendingOrganizationFactory(name="Udruženje na čekanju")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert sorted(_card_names(response)) == sorted(org.name for org in directory.values())
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
    assert sorted(_card_names(browsed)) == names
    assert sorted(_card_names(searched)) == names


def test_the_text_search_finds_by_place_names_above_the_municipality(client, directory):
    response = client.get(LIST_URL, {"q": "Vojvodina"})

    assert _card_names(response) == ["Fondacija Novi Sad"]


def test_active_profiles_come_first_when_browsing(client):
    stale = OrganizationFactory(name="Aaa udruženje", confirmed_at=timezone.now() - datetime.timedelta(days=1000))
    OrganizationFactory(name="Zzz udruženje")

    response = client.get(LIST_URL)

    assert _card_names(response) == ["Zzz udruženje", "Aaa udruženje"]
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
    assert _card_names(response) == [organization.name]
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
    assert _card_names(response) == []


@pytest.mark.parametrize("query", ["kind=", "sector=", "kind=&sector=&q=", "region=&municipality=%20"])
def test_blank_filter_values_mean_any(client, organization, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert "Some filters are not valid" not in response.content.decode()
    assert organization.name in _card_names(response)


def test_a_huge_page_number_is_past_the_end_with_a_clear_message(client, directory, small_pages):
    response = client.get(LIST_URL, {"page": "99999999999999999999", "kind": "cso"})

    assert response.status_code == 404
    content = response.content.decode()
    assert "There is no page 10000: the results have 2 pages." in content
    assert 'href="?kind=cso&amp;page=2"' in content
    assert _card_names(response) == []


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

    assert len(_card_names(first)) == 2
    assert 'rel="next" href="?sector=youth&amp;page=2"' in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert len(_card_names(second)) == 1
    assert 'rel="prev" href="?sector=youth&amp;page=1"' in second.content.decode()
    assert set(_card_names(first)) | set(_card_names(second)) == {
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
            municipality=_place(codes[index % len(codes)]), sectors=sectors[index % len(sectors)]
        )
        ProgramFactory(organization=organization)


@pytest.mark.parametrize("params", [{}, {"q": "mladima"}, {"sector": "youth", "region": "ba-bih"}])
def test_the_list_page_makes_the_same_number_of_queries_for_more_organizations(client, params):
    _organizations_across_places(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL, params).status_code == 200
    few = list(few.captured_queries)  # read at once: the next request empties the connection's query log
    _organizations_across_places(8)
    cache.clear()  # both renders without the stored filter fragments
    reference_cache.forget()  # and both load places and taxonomies into memory

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert len(_card_names(response)) == 10
    assert len(many) == len(few), [query["sql"][:120] for query in many.captured_queries]


def test_the_list_page_stays_within_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    _organizations_across_places(20)

    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)

    assert len(_card_names(response)) == 20


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


# The profile page ------------------------------------------------------------------------------


def test_a_profile_without_the_right_slug_redirects_permanently_to_its_canonical_url(client, organization):
    canonical = organization.get_absolute_url()

    short = client.get(reverse("directory:organization-detail-short", kwargs={"pk": organization.pk}))
    wrong = client.get(f"/en/directory/{organization.pk}/old-name/")
    right = client.get(canonical)

    assert (short.status_code, short.url) == (301, canonical)
    assert (wrong.status_code, wrong.url) == (301, canonical)
    assert right.status_code == 200
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{canonical}">' in right.content.decode()


def test_after_a_rename_the_old_address_leads_to_the_new_one(client, organization, member_user):
    old_url = organization.get_absolute_url()
    client.force_login(member_user)
    client.post(
        reverse("directory:organization-edit", kwargs={"pk": organization.pk}),
        profile_form_data(organization, name="Potpuno novo ime"),
    )
    organization.refresh_from_db()

    response = client.get(old_url)

    assert organization.slug == "potpuno-novo-ime"
    assert (response.status_code, response.url) == (301, organization.get_absolute_url())


@pytest.mark.parametrize("path", ["/en/directory/999999/", "/en/directory/99999999999999999999/x/"])
def test_a_missing_profile_is_404(client, path):
    assert client.get(path).status_code == 404


def _jsonld(response) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_profile_carries_schema_org_json_ld(client):
    organization = OrganizationFactory(
        name="Udruženje žena Đurđevak",
        abbreviation="UŽĐ",
        municipality=_place("ba-fbih-centar-sarajevo"),
        address="Ferhadija 1",
        postal_code="71000",
        website="https://djurdjevak.example.org",
        facebook="https://facebook.com/djurdjevak",
        registration_number="RU-123/05",
        sectors=["womens-rights", "youth"],
    )

    data = _jsonld(client.get(organization.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NGO"
    assert data["name"] == "Udruženje žena Đurđevak"
    assert data["alternateName"] == "UŽĐ"
    assert data["url"] == f"{settings.SITE_URL}{organization.get_absolute_url()}"
    assert data["foundingDate"] == "2005"
    assert data["taxID"] == "RU-123/05"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Centar Sarajevo",
        "addressRegion": "Kanton Sarajevo",
        "addressCountry": "BA",
        "streetAddress": "Ferhadija 1",
        "postalCode": "71000",
    }
    assert data["sameAs"] == ["https://facebook.com/djurdjevak", "https://djurdjevak.example.org"]
    assert sorted(data["knowsAbout"]) == ["Women's rights", "Youth"]


def test_json_ld_cannot_be_broken_out_of(client):
    organization = OrganizationFactory(
        name="Zla </script><script>alert(1)</script> grupa", mission="</SCRIPT> i <!-- komentar"
    )

    response = client.get(organization.get_absolute_url())

    data = _jsonld(response)
    assert data["name"] == "Zla </script><script>alert(1)</script> grupa"
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Organization.Kind.COMPANY, "Corporation"),
        (Organization.Kind.LOCAL_GOVERNMENT, "GovernmentOrganization"),
        (Organization.Kind.DONOR, "Organization"),
        (Organization.Kind.MEDIA, "NewsMediaOrganization"),
    ],
)
def test_json_ld_type_follows_the_kind(client, kind, schema_type):
    organization = OrganizationFactory(kind=kind)

    assert _jsonld(client.get(organization.get_absolute_url()))["@type"] == schema_type


def test_a_visitor_sees_the_public_profile_and_no_member_actions(client, organization):
    ProgramFactory(organization=organization, title="Škola demokratije", start_year=2019)
    AnnualFinanceFactory(organization=organization, year=2023, income="98000.00")

    response = client.get(organization.get_absolute_url())

    content = response.content.decode()
    assert "Škola demokratije" in content
    assert "BAM\u00a098,000" in content
    assert "Not yet verified against the register" in content
    assert "Edit the profile" not in content
    assert "I work here: ask to join" not in content  # only for signed-in visitors


def test_an_inactive_profile_says_so(client):
    organization = OrganizationFactory(confirmed_at=timezone.now() - datetime.timedelta(days=800))

    content = client.get(organization.get_absolute_url()).content.decode()

    assert "Inactive: not confirmed for two years" in content


def test_a_signed_in_visitor_is_offered_to_join(client, organization, other_user):
    client.force_login(other_user)

    content = client.get(organization.get_absolute_url()).content.decode()

    assert "I work here: ask to join" in content
    assert "Edit the profile" not in content


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
    assert _jsonld(page)["logo"].endswith(organization.logo.url)


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


def _loaded_at(response) -> str:
    return re.search(r'name="loaded_at" value="([^"]*)"', response.content.decode()).group(1)


def test_the_edit_form_saves_and_search_follows(client, organization, member_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    loaded_at = _loaded_at(client.get(url))
    culture = Sector.objects.get(slug="culture")
    data = profile_form_data(
        organization,
        name="Centar za kulturu Mostar",
        municipality=_place("ba-fbih-mostar").pk,
        sectors=[culture.pk],
        loaded_at=loaded_at,
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
    first_loaded_at = _loaded_at(client.get(url))
    client.force_login(editor_user)
    second_loaded_at = _loaded_at(client.get(url))
    saved = client.post(url, profile_form_data(organization, name="Ime urednika", loaded_at=second_loaded_at))
    assert saved.status_code == 302

    client.force_login(member_user)
    response = client.post(url, profile_form_data(organization, name="Ime administratora", loaded_at=first_loaded_at))

    assert response.status_code == 200
    assert "Someone else saved this profile after you opened it." in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Ime urednika"


@pytest.mark.parametrize(
    "saved_at",
    [
        datetime.datetime(2025, 3, 30, 1, 30, tzinfo=datetime.UTC),  # 03:30 in Sarajevo, just after clocks go forward
        datetime.datetime(2025, 10, 26, 0, 30, tzinfo=datetime.UTC),  # 02:30 in Sarajevo, for the first time
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_profile_last_saved_around_a_clock_change_can_be_edited(client, organization, member_user, saved_at):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    with time_machine.travel(saved_at, tick=False):
        organization.save()
        loaded_at = _loaded_at(client.get(url))

    with time_machine.travel(saved_at + datetime.timedelta(minutes=5), tick=False):
        response = client.post(url, profile_form_data(organization, name="Novo ime", loaded_at=loaded_at))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Novo ime"


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


# Moderation and members through the pages --------------------------------------------------------


def test_the_moderation_queue_lists_pending_organizations(client, staff_user, other_user):
    pending = PendingOrganizationFactory(name="Udruženje Čeka", submitted_by=other_user)
    OrganizationFactory(name="Objavljeno udruženje")
    client.force_login(staff_user)

    response = client.get(reverse("directory:moderation-queue"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Udruženje Čeka" in content
    assert f"by {other_user}" in content
    assert "Objavljeno udruženje" not in content
    assert reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "approve"}) in content


def test_approving_from_the_queue_returns_to_the_queue(client, staff_user, member_user, mail):
    pending = PendingOrganizationFactory(name="Udruženje Čeka")
    MembershipFactory(user=member_user, organization=pending)
    client.force_login(staff_user)

    with mail.committing():
        response = client.post(
            reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "approve"}),
            {"next": "queue"},
            follow=True,
        )

    assert response.redirect_chain == [(reverse("directory:moderation-queue"), 302)]
    assert "Udruženje Čeka is published." in response.content.decode()
    assert "Nothing waits for approval." in response.content.decode()
    assert mail.recipients == [[member_user.email]]
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_rejecting_without_a_reason_is_refused_with_a_message(client, staff_user, mail):
    pending = PendingOrganizationFactory()
    client.force_login(staff_user)

    with mail.committing():
        response = client.post(
            reverse("directory:organization-moderate", kwargs={"pk": pending.pk, "action": "reject"}),
            {"reason": ""},
            follow=True,
        )

    assert "Say why, so the organization can correct it." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert mail.outbox == []


def test_asking_to_join_through_the_page_and_asking_again(client, organization, member_user, other_user, mail):
    client.force_login(other_user)
    url = reverse("directory:organization-join", kwargs={"pk": organization.pk})
    assert "Send the request" in client.get(url).content.decode()

    with mail.committing():
        first = client.post(url, {"message": "Vodim projekte od 2020."}, follow=True)
    second = client.post(url, {"message": "Još jednom."}, follow=True)

    assert first.redirect_chain == [(organization.get_absolute_url(), 302)]
    assert escape("Your request is sent. The organization's administrators will decide.") in first.content.decode()
    assert "You have already asked to join" in second.content.decode()
    membership = organization.memberships.get(user=other_user)
    assert (membership.status, membership.message) == ("requested", "Vodim projekte od 2020.")
    assert mail.recipients == [[member_user.email]]


def test_the_members_page_lists_members_and_requests(client, organization, member_user, editor_user, join_request):
    client.force_login(member_user)

    response = client.get(reverse("directory:organization-members", kwargs={"pk": organization.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    for email in [member_user.email, editor_user.email, "applicant@example.org"]:
        assert email in content
    assert "Radim u udruženju od 2019." in content
    accept = reverse(
        "directory:organization-member-action",
        kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
    )
    assert f'action="{accept}"' in content


def test_a_member_confirms_the_profile_is_up_to_date(client, organization, member_user):
    Organization.objects.filter(pk=organization.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=900))
    client.force_login(member_user)

    response = client.post(reverse("directory:organization-confirm", kwargs={"pk": organization.pk}), follow=True)

    assert response.redirect_chain == [(organization.get_absolute_url(), 302)]
    content = response.content.decode()
    assert "Thank you: the profile is marked as up to date." in content
    assert "Inactive: not confirmed for two years" not in content
    organization.refresh_from_db()
    assert not organization.is_inactive()


def test_the_history_page_lists_versions_with_a_way_back(client, organization, member_user, staff_user):
    for name in ["Prvo ime", "Drugo ime"]:
        services.update_organization(organization=organization, user=member_user, fields={"name": name})
    older, newest = Version.objects.get_for_object(organization).order_by("pk")
    client.force_login(staff_user)

    response = client.get(reverse("directory:organization-history", kwargs={"pk": organization.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Drugo ime") < content.index("Prvo ime")  # newest first
    assert str(member_user) in content
    revert = "directory:organization-revert"
    assert reverse(revert, kwargs={"pk": organization.pk, "version_pk": older.pk}) in content
    assert reverse(revert, kwargs={"pk": organization.pk, "version_pk": newest.pk}) not in content


def test_an_admin_accepts_a_request_on_the_members_page(client, organization, member_user, join_request, mail):
    client.force_login(member_user)

    with mail.committing():
        response = client.post(
            reverse(
                "directory:organization-member-action",
                kwargs={"pk": organization.pk, "membership_pk": join_request.pk, "action": "accept"},
            )
        )

    assert response.status_code == 302
    assert response.url == reverse("directory:organization-members", kwargs={"pk": organization.pk})
    assert _messages(response) == ["Done."]
    join_request.refresh_from_db()
    assert join_request.is_active
    assert mail.recipients == [["applicant@example.org"]]


def test_demoting_the_last_admin_on_the_page_shows_why_not(client, organization, member_user):
    membership = organization.memberships.get(user=member_user)
    client.force_login(member_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "role"},
        ),
        {"role": "200"},
    )

    assert _messages(response) == ["An organization needs at least one administrator."]
    membership.refresh_from_db()
    assert membership.is_admin


def test_a_role_that_does_not_exist_is_refused_on_the_page(client, organization, member_user, editor_user):
    membership = organization.memberships.get(user=editor_user)
    client.force_login(member_user)

    response = client.post(
        reverse(
            "directory:organization-member-action",
            kwargs={"pk": organization.pk, "membership_pk": membership.pk, "action": "role"},
        ),
        {"role": "1"},
    )

    assert _messages(response) == ["Choose a role."]
    membership.refresh_from_db()
    assert not membership.is_admin


def test_staff_restore_a_version_from_the_history(client, organization, member_user, staff_user):
    client.force_login(member_user)
    url = reverse("directory:organization-edit", kwargs={"pk": organization.pk})
    client.post(url, profile_form_data(organization, name="Prvo ime"))
    client.post(url, profile_form_data(organization, name="Drugo ime"))
    first = Version.objects.get_for_object(organization).last()
    client.force_login(staff_user)

    response = client.post(
        reverse("directory:organization-revert", kwargs={"pk": organization.pk, "version_pk": first.pk})
    )

    assert response.status_code == 302
    assert response.url == reverse("directory:organization-history", kwargs={"pk": organization.pk})
    assert _messages(response)[-1] == "The profile is restored to the chosen version."
    organization.refresh_from_db()
    assert organization.name == "Prvo ime"


# Languages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "place"),
    [("en", "Centar Sarajevo"), ("bs", "Centar Sarajevo"), ("sr-latn", "Centar Sarajevo"), ("sr", "Центар Сарајево")],
)
def test_every_language_prefix_renders(client, organization, prefix, place):
    list_page = client.get(f"/{prefix}/directory/")
    with translation.override(prefix):
        profile_url = organization.get_absolute_url()
    profile = client.get(profile_url)

    assert list_page.status_code == 200
    assert profile_url.startswith(f"/{prefix}/directory/")
    assert profile.status_code == 200
    for response in (list_page, profile):
        content = response.content.decode()
        assert f'<html lang="{prefix}">' in content
        assert organization.name in content
        assert place in content


def test_the_short_profile_url_keeps_the_language(client, organization):
    response = client.get(f"/sr/directory/{organization.pk}/")

    assert response.status_code == 301
    assert response.url == f"/sr/directory/{organization.pk}/{organization.slug}/"


def test_a_url_without_a_language_redirects_to_one(client):
    response = client.get("/directory/")

    assert response.status_code == 302
    assert response.url == "/en/directory/"


def test_an_organization_in_several_chosen_sectors_is_listed_once(client):
    both = OrganizationFactory(name="U oba sektora", sectors=["youth", "culture"])
    OrganizationFactory(name="Samo sport", sectors=["sport"])

    response = client.get(LIST_URL, {"sector": ["youth", "culture"]})

    assert [organization.pk for organization in response.context["page"].organizations] == [both.pk]
    assert response.context["page"].total == 1
    assert "DISTINCT" not in str(response.context["filterset"].qs.query)
