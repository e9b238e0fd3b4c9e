"""When every word matching finds fewer than a few organizations, search forgives: typos, then most of the words."""

import pytest
from django.urls import reverse

from spona.directory import spelling
from spona.directory.forgiving_search import forgiving_search
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _names(ids: list[int]) -> list[str]:
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[pk].name for pk in ids]


@pytest.fixture
def pensioners():
    return OrganizationFactory(name="Удружење пензионера Ниш", mission="Дружење и помоћ старијима.")


def test_one_typo_in_a_word_of_five_letters_or_more_is_corrected(pensioners):
    page = forgiving_search(DirectoryQuery(text="penzinera"))
    assert _names(page.ids) == ["Удружење пензионера Ниш"]
    assert page.showing_results_for == "penzionera"


def test_two_typos_need_a_word_of_nine_letters(pensioners):
    assert spelling.allowed_edits("penzionri") == 2
    assert _names(forgiving_search(DirectoryQuery(text="penzinerra")).ids) == ["Удружење пензионера Ниш"]
    assert forgiving_search(DirectoryQuery(text="pnzn")).ids == []


def test_a_short_word_is_not_corrected():
    OrganizationFactory(name="Udruženje Vidik")
    assert forgiving_search(DirectoryQuery(text="vidk")).ids == []


def test_results_with_most_of_the_words_follow_and_are_marked():
    OrganizationFactory(name="Udruženje za zaštitu rijeke Une Bihać")
    OrganizationFactory(name="Udruženje ljubitelja Une", mission="Rijeka Una.")
    page = forgiving_search(DirectoryQuery(text="zaštita rijeke une sutra"))
    assert page.most_words_from == 0
    assert _names(page.ids)[0] == "Udruženje za zaštitu rijeke Une Bihać"


def test_enough_results_need_no_fallback():
    for town in ("Tuzla", "Zenica", "Mostar"):
        OrganizationFactory(name=f"Udruženje penzionera {town}")
    page = forgiving_search(DirectoryQuery(text="penzioneri"))
    assert len(page.ids) == 3
    assert page.most_words_from is None
    assert not page.showing_results_for and not page.did_you_mean


def test_the_page_says_which_fallback_it_shows(client, pensioners):
    response = client.get(reverse("directory:organization-list"), {"q": "penzinera"})
    assert response.status_code == 200
    assert "Showing results for <strong>penzionera</strong>" in response.content.decode()

    OrganizationFactory(name="Udruženje za zaštitu rijeke Une Bihać")
    response = client.get(reverse("directory:organization-list"), {"q": "zaštita rijeke une sutra"})
    assert "Results with most of your words" in response.content.decode()


def test_did_you_mean_when_the_typed_words_found_a_few(client):
    OrganizationFactory(name="Klub penzinera Kakanj")  # the typo is in a name, too
    for town in ("Tuzla", "Zenica", "Mostar"):
        OrganizationFactory(name=f"Udruženje penzionera {town}")
    response = client.get(reverse("directory:organization-list"), {"q": "penzinera", "kind": "cso"})
    html = response.content.decode()
    assert "Klub penzinera Kakanj" in html
    assert 'Did you mean <a href="?q=penzionera&amp;kind=cso">penzionera</a>?' in html


@pytest.mark.parametrize(
    "text",
    [
        "penzinera " * 100,  # 1,000 characters of typos
        "!!! ??? ...",
        "a\x00b penzinera",
        "' OR '1'='1' -- penzionr",
        "(a+)+$[ penzinera] .* ~~~",
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "qwrtz plkjh mnbvc xyzzy frobnicate",
    ],
)
def test_a_hostile_query_gets_a_clear_page(client, pensioners, text):
    response = client.get(reverse("directory:organization-list"), {"q": text})
    assert response.status_code in {200, 400}
    assert "organization" in response.content.decode()
