"""How well an organization's name answers a query, which orders search results: the share of the query found in
the name (or its abbreviation, or its town), the share of the name's words the query matched, an exact name or
phrase. Static rank (completeness, verification, activity) only breaks ties, then shorter names come first."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spona.core.normalization import STOP_WORDS, index_keys, words
from spona.core.text_search import QueryPart

# A query word found in the town rather than the name counts this much of one found in the name.
TOWN_SHARE = 0.8
QUERY_SHARE_WEIGHT = 10.0
NAME_COVERAGE_WEIGHT = 3.0
EXACT_NAME_BONUS = 3.0
PHRASE_BONUS = 2.0


@dataclass(frozen=True)
class NamedCandidate:
    """What ranking reads of a matching organization."""

    name: str
    abbreviation: str = ""
    town_names: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)
def _content_words(text: str) -> tuple[str, ...]:
    found = words(text)
    return tuple(word for word in found if word not in STOP_WORDS) or tuple(found)


def _matches(term: QueryPart, word: str) -> bool:
    # Hundreds of candidates are scored per search: sets, not tuples, and no method call per key.
    keys = index_keys(word)
    if term.prefix and any(key.startswith(term.prefix) for key in keys):
        return True
    return not _word_set(term.words).isdisjoint(keys)


@lru_cache(maxsize=10_000)
def _word_set(words_of_term: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words_of_term)


def abbreviations_of(candidate: NamedCandidate) -> set[str]:
    """The abbreviation as written (without spaces) and the initials of the name's words."""
    found = {"".join(words(candidate.abbreviation))} if candidate.abbreviation else set()
    content = _content_words(candidate.name)
    if len(content) >= 2:
        found.add("".join(word[0] for word in content))
    return found - {""}


def name_quality(terms: Sequence[QueryPart], typed_words: Sequence[str], candidate: NamedCandidate) -> float:
    """A score of the name alone, higher for a better match (0 when the query matched only the description)."""
    if not terms:
        return 0.0
    name_words = _content_words(candidate.name)
    abbreviation_words = _content_words(candidate.abbreviation) if candidate.abbreviation else ()
    town_words = [word for town in candidate.town_names if town for word in _content_words(town)]
    abbreviations = abbreviations_of(candidate)
    typed_abbreviations = {word for word in typed_words if word in abbreviations}
    found = 0.0
    positions = []
    for term, typed in zip(terms, typed_words, strict=False):
        at = next((i for i, word in enumerate(name_words) if _matches(term, word)), None)
        if at is not None or typed in typed_abbreviations or any(_matches(term, w) for w in abbreviation_words):
            found += 1.0
            if at is not None:
                positions.append(at)
        elif any(_matches(term, word) for word in town_words):
            found += TOWN_SHARE
    share = found / len(terms)
    matched_words = sum(1 for word in name_words if any(_matches(term, word) for term in terms))
    coverage = matched_words / len(name_words) if name_words else 0.0
    quality = QUERY_SHARE_WEIGHT * share + NAME_COVERAGE_WEIGHT * coverage
    if share == 1.0 and coverage == 1.0:
        quality += EXACT_NAME_BONUS
    if len(positions) >= 2 and positions == list(range(positions[0], positions[0] + len(positions))):
        quality += PHRASE_BONUS
    return round(quality, 6)


def name_length(candidate: NamedCandidate) -> int:
    return len(_content_words(candidate.name))
