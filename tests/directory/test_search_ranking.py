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


@pytest.mark.parametrize(
    ("complete", "bare", "query"),
    [
        # The name holding every word comes first.
        (
            ["Centar za pravnu pomoć Čapljina", "Центар за волонтеризам Панчево"],
            "Centar za ljudska prava Bosanski Petrovac",
            "centar za ljudska prava",
        ),
        # A short name of the query word comes before longer names holding it.
        (["Fondacija „Nada“ Sarajevo", "Udruženje „Nada“ Doboj"], "Nada", "nada"),
        # A bare new profile with the exact name beats complete ones with the (common) word.
        (
            ["Humanitarna organizacija „Mladost“ Bijeljina", "Turistička organizacija opštine Inđija"],
            "Organizacija",
            "organizacijama",
        ),
    ],
)
def test_the_better_name_match_beats_a_complete_profile(complete, bare, query):
    for name in complete:
        _complete(name=name)
    OrganizationFactory(name=bare, mission="", email="")
    assert _names(query)[0] == bare


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
