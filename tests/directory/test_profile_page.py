"""A profile page as visitors see it, its JSON-LD, and every language's addresses."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from spona.directory.models import Organization
from tests.directory.form_data import profile_form_data
from tests.directory.reading import municipality, profile_jsonld
from tests.factories import (
    AnnualFinanceFactory,
    OrganizationFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


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


def test_the_profile_carries_schema_org_json_ld(client):
    organization = OrganizationFactory(
        name="Udruženje žena Đurđevak",
        abbreviation="UŽĐ",
        municipality=municipality("ba-fbih-centar-sarajevo"),
        address="Ferhadija 1",
        postal_code="71000",
        website="https://djurdjevak.example.org",
        facebook="https://facebook.com/djurdjevak",
        registration_number="RU-123/05",
        sectors=["womens-rights", "youth"],
    )

    data = profile_jsonld(client.get(organization.get_absolute_url()))

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

    data = profile_jsonld(response)
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

    assert profile_jsonld(client.get(organization.get_absolute_url()))["@type"] == schema_type


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
