"""Active filters as chips: one per value, named by its label, each a link to the list without that value."""

import pytest
from django.http import QueryDict

from spona.calls.filters import CallFilterSet
from spona.core.filtering import active_filters
from spona.directory.filters import DirectoryFilterSet
from spona.learning.filters import TrainerFilterSet

pytestmark = pytest.mark.django_db


def _chips(filterset_class, query: str):
    data = QueryDict(query)
    return active_filters(filterset_class(data), data)


def test_each_value_is_a_chip_that_removes_only_itself():
    found = _chips(DirectoryFilterSet, "q=mladi&sector=youth&sector=culture&kind=cso&page=3")
    assert [chip.text for chip in found.chips] == [
        "Search: mladi",
        "Kind: Civil society organization",
        "Sector: Youth",
        "Sector: Culture",
    ]
    youth = found.chips[2]
    assert QueryDict(youth.remove_query) == QueryDict("q=mladi&sector=culture&kind=cso")  # and no page
    assert found.count == 3  # the words are not counted: they stay in view


def test_a_choice_without_an_empty_choice_is_no_filter_at_its_default():
    assert _chips(CallFilterSet, "status=open&sort=deadline&q=").chips == []
    found = _chips(CallFilterSet, "status=closed&region=ba-srp")
    assert [chip.text for chip in found.chips] == ["Status: closed", "Region: Republika Srpska"]
    assert found.count == 2


def test_a_checkbox_chip_is_named_by_its_label_and_an_invalid_value_by_what_was_typed():
    assert [chip.text for chip in _chips(TrainerFilterSet, "mentor=on").chips] == ["Mentors only"]
    found = _chips(DirectoryFilterSet, "founded_from=abc")
    assert [chip.text for chip in found.chips] == ["Founded in or after: abc"]


def test_an_unbound_list_has_no_active_filters():
    found = active_filters(DirectoryFilterSet(None), QueryDict(""))
    assert (found.chips, found.count) == ([], 0)


@pytest.mark.parametrize(
    "path",
    ["/en/directory/", "/en/trainings/", "/en/trainings/trainers/", "/en/calls/", "/en/news/"],
)
def test_every_list_folds_its_filters_and_shows_them_as_chips(client, path):
    page = client.get(path, {"sector": "youth"}).content.decode()
    assert '<details class="filter-panel">' in page  # closed in the markup: a phone shows the results first
    assert "<summary>Filters (1)</summary>" in page
    assert '<span class="visually-hidden">Remove filter: </span>' in page
    assert ">Sector: Youth<" in page or ">Sectoral area: Youth<" in page
    assert page.count('type="submit"') == 1 + page.count('action="/en/accounts/logout/"')  # one button applies all
    assert '<a class="clear-filters" href="?">Clear all</a>' in page
    empty = client.get(path).content.decode()
    assert "<summary>Filters (0)</summary>" in empty
    assert "Remove filter" not in empty
