"""The small full-text index of calls and news forgives diacritics, script and inflection."""

import pytest

from spona.calls.models import Call
from spona.core import text_search
from tests.calls.factories import CallFactory

pytestmark = pytest.mark.django_db


def _found(text: str) -> set[int]:
    found = text_search.matching(Call.objects.all(), text_search.index_table(Call), text)
    return set(found.values_list("pk", flat=True))


def test_search_forgives_diacritics_script_and_inflection():
    call = CallFactory(title="Podrška udruženjima žena u ruralnim područjima")
    other = CallFactory(title="Konkurs za sport", summary="Sportski klubovi.", body="")
    for query in ("udruzenja zena", "удружења жена", "udruženje", "ŽENA", "ruralnih"):
        assert call.pk in _found(query), query
        assert other.pk not in _found(query), query


def test_every_word_must_match_and_long_words_match_as_prefixes():
    call = CallFactory(title="Zaštita okoliša u Tuzli")
    assert call.pk in _found("zaštita tuzla")
    assert call.pk not in _found("zaštita sarajevo")
    assert call.pk in _found("okol")  # a prefix of four letters or more


def test_a_query_without_words_filters_nothing_and_odd_input_never_fails():
    CallFactory()
    assert len(_found("")) == Call.objects.count()
    for query in ('"', "*", "AND OR NOT", "a:b", "'; DROP TABLE x; --", "x" * 5000, "(((", "NEAR("):
        _found(query)


def test_saving_again_replaces_the_document():
    call = CallFactory(title="Poziv za mlade")
    call.title = "Poziv za penzionere"
    call.save()
    text_search.write_documents(text_search.index_table(Call), [(call.pk, call.title)])
    assert call.pk in _found("penzioneri")
    assert call.pk not in _found("mlade")
    text_search.remove_documents(text_search.index_table(Call), [call.pk])
    assert call.pk not in _found("penzioneri")


def test_one_query_writer_for_both_engines_and_every_index():
    parts = [
        text_search.word_or_prefix("udruzenj"),
        text_search.word_or_prefix("rad"),
        text_search.QueryPart(words=("zs1", "zs2"), columns="facets"),
    ]
    assert text_search.pg_tsquery(parts) == "'udruzenj':* & 'rad' & ('zs1' | 'zs2')"
    assert text_search.fts5_match(parts) == '("udruzenj"*) AND ("rad") AND (facets : ("zs1" OR "zs2"))'
    assert text_search.QueryPart(prefix="udruz").matches("udruzenj")
    assert not text_search.QueryPart(words=("rad",)).matches("radnik")
