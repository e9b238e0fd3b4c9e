"""Search finds what a user means: without diacritics, in either script, in inflected forms."""

import pytest

from spona.core.models import LegalForm, Municipality
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery, search
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _names(text: str, **filters) -> list[str]:
    page = search(DirectoryQuery(text=text, **filters))
    by_id = Organization.objects.in_bulk(page.ids)
    return [by_id[pk].name for pk in page.ids]


@pytest.mark.parametrize(
    "query",
    ["udruzenje zena", "Udruženje žena", "удружење жена", "UDRUZENJA ZENAMA", "udruž"],
)
def test_finds_a_latin_name_however_it_is_typed(query):
    OrganizationFactory(name="Udruženje žena Đurđevak", mission="Ekonomsko osnaživanje.")
    OrganizationFactory(
        name="Fondacija za kulturu", mission="Pozorište i film.", legal_form=LegalForm.objects.get(slug="foundation")
    )
    assert _names(query) == ["Udruženje žena Đurđevak"]


def test_finds_a_cyrillic_name_by_latin_text_and_dj_for_dj():
    OrganizationFactory(name="Удружење грађана Ђурђевак", mission="Заштита животне средине.")
    assert _names("djurdjevak") == ["Удружење грађана Ђурђевак"]
    assert _names("udruzenje gradjana") == ["Удружење грађана Ђурђевак"]


def test_inflected_forms_match():
    OrganizationFactory(name="Mreža organizacija civilnog društva", mission="Okupljamo udruženja.")
    assert _names("organizacijama") == ["Mreža organizacija civilnog društva"]


def test_name_matches_rank_above_description_matches():
    OrganizationFactory(name="Centar za kulturu", mission="Mladi i žene u kulturi.")
    OrganizationFactory(name="Omladinski klub Mladi", mission="Sport i rekreacija.")
    assert _names("mladi")[0] == "Omladinski klub Mladi"


@pytest.mark.parametrize("query", ["", "!!!", "   ", "—", "a" * 1000, "x " * 500])
def test_odd_queries_give_empty_or_bounded_results(query):
    OrganizationFactory(name="Udruženje Test")
    page = search(DirectoryQuery(text=query))
    assert page.total >= 0


@pytest.mark.parametrize(("code", "query"), [("me-niksic", "niksic"), ("hr-split", "mladi split")])
def test_organizations_in_montenegro_and_croatia_are_found_by_their_town(code, query):
    OrganizationFactory(name="Omladinski klub Iskra", municipality=Municipality.objects.get(code=code))
    assert _names(query) == ["Omladinski klub Iskra"]
