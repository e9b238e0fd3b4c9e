"""Results come in the order of how well the name matches; static rank only breaks ties."""

import pytest
from django.utils import timezone

from spona.core.models import Municipality
from spona.directory import services
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery, search
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _names(text: str) -> list[str]:
    page = search(DirectoryQuery(text=text))
    by_id = Organization.objects.in_bulk(page.ids)
    return [by_id[pk].name for pk in page.ids]


def _complete(**fields) -> Organization:
    """A complete, verified profile: the highest static rank."""
    organization = OrganizationFactory(verified_at=timezone.now(), **fields)
    Organization.objects.filter(pk=organization.pk).update(completeness=Organization.Completeness.RESULTS)
    organization.refresh_from_db()
    services.reindex_organizations(ids=[organization.pk])
    return organization


def test_the_name_holding_every_word_comes_first():
    _complete(name="Centar za pravnu pomoć Čapljina")
    _complete(name="Центар за волонтеризам Панчево")
    OrganizationFactory(name="Centar za ljudska prava Bosanski Petrovac", mission="", email="")
    assert _names("centar za ljudska prava")[0] == "Centar za ljudska prava Bosanski Petrovac"


def test_a_short_name_of_the_query_word_comes_before_longer_names_holding_it():
    _complete(name="Fondacija „Nada“ Sarajevo")
    _complete(name="Udruženje „Nada“ Doboj")
    OrganizationFactory(name="Nada", email="")
    assert _names("nada")[0] == "Nada"


def test_a_bare_new_profile_with_the_exact_name_beats_complete_ones_with_the_word():
    _complete(name="Humanitarna organizacija „Mladost“ Bijeljina")
    _complete(name="Turistička organizacija opštine Inđija")
    OrganizationFactory(name="Organizacija", email="", mission="")
    assert _names("organizacijama")[0] == "Organizacija"


def test_the_abbreviation_and_the_town_count_as_the_name():
    tuzla = Municipality.objects.filter(name="Tuzla").first()
    OrganizationFactory(name="Centri civilnih inicijativa", abbreviation="CCI", municipality=tuzla)
    _complete(name="Centar za civilne inicijative Zenica", mission="Podrška CCI mrežama.")
    OrganizationFactory(name="Udruženje mladih Tuzla", municipality=tuzla)
    _complete(name="Omladinski klub Mostar", mission="Mladi iz Tuzle i Mostara.")
    assert _names("cci")[0] == "Centri civilnih inicijativa"
    assert _names("mladi tuzla")[0] == "Udruženje mladih Tuzla"


def test_static_rank_breaks_ties():
    OrganizationFactory(name="Udruženje Izvor Tuzla")
    _complete(name="Udruženje Izvor Zenica")
    assert _names("izvor") == ["Udruženje Izvor Zenica", "Udruženje Izvor Tuzla"]
