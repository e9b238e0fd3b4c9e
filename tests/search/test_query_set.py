"""The query set (tests/search/queries.tsv) over its organizations: search must keep finding what people mean."""

import pytest

from spona.directory import search_evaluation

pytestmark = pytest.mark.django_db

# Measured recall@3 less a margin, so that a change which loses a few queries fails here.
RECALL_AT_3_THRESHOLD = 0.97


def test_the_query_set_finds_what_people_mean():
    figures = search_evaluation.evaluate(search_evaluation.load_organizations())
    print(figures.summary())  # shown with -s
    missed = "\n".join(f"{o.query!r} -> {o.expected} (got {o.found})" for o in figures.missed)
    assert figures.recall_at(3) >= RECALL_AT_3_THRESHOLD, missed
