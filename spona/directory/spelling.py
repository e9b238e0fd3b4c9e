"""Typos in a directory search: a query word that no indexed word starts with is replaced by the nearest
indexed word, one edit away for words of 5 letters or more, two for 9 or more. Candidates are read from the
index's vocabulary by the first letters (the first two, or the first and the third for a slip in the
second), a bounded number of them, never a scan of every name."""

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from spona.core.text_search import PREFIX_MIN
from spona.directory.search import VOCABULARY_TABLE

ONE_EDIT_FROM = 5
TWO_EDITS_FROM = 9
# Vocabulary words read for each way a word's start may be typed.
CANDIDATES_PER_START = 3000


def allowed_edits(typed: str) -> int:
    if len(typed) >= TWO_EDITS_FROM:
        return 2
    return 1 if len(typed) >= ONE_EDIT_FROM else 0


def _known(keys: list[str]) -> set[str]:
    """The keys that some indexed word is (short keys) or starts with (longer ones)."""
    if not keys:
        return set()
    part = f"SELECT %s FROM (SELECT term FROM {VOCABULARY_TABLE} WHERE term >= %s AND term < %s LIMIT 1) w"
    params = []
    for key in keys:
        params += [key, key, key + "~" if len(key) >= PREFIX_MIN else key + "\x01"]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(keys)), params)
        return {row[0] for row in cursor.fetchall()}


def _candidates(key: str) -> list[str]:
    starts = list(dict.fromkeys([key[:2], key[0] + key[2:3]]))
    part = f"SELECT term FROM (SELECT term FROM {VOCABULARY_TABLE} WHERE term >= %s AND term < %s LIMIT %s) w"
    params = [value for start in starts for value in (start, start + "~", CANDIDATES_PER_START)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(starts)), params)
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))


def corrections(typed_keys: list[tuple[str, str]], *, known_too: bool = False) -> dict[str, str]:
    """{typed key: nearest other indexed key} for the words of a query (as spona.core.normalization.query_words
    gives them) that nothing in the index matches (`known_too`: any word) and that are long enough to correct."""
    correctable = [(typed, key) for typed, key in typed_keys if allowed_edits(typed) and len(key) >= 3]
    known = set() if known_too else _known([key for _typed, key in correctable])
    found = {}
    for typed, key in correctable:
        if key in known:
            continue
        edits = allowed_edits(typed)
        choices = [term for term in _candidates(key) if not term.startswith(key)]
        best = process.extractOne(key, choices, scorer=Levenshtein.distance, score_cutoff=edits)
        if best is not None:
            found[key] = best[0]
    return found
