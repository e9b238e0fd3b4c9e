"""A directory search that forgives: when every word matching finds fewer than a few organizations, typos are
corrected ("Showing results for …", or "Did you mean …" when the typed words found some), and organizations
matching most of the words follow ("Results with most of your words")."""

import datetime
from dataclasses import dataclass, replace

from spona.core.normalization import MAX_TERM_LENGTH, index_keys, query_words, to_latin, words
from spona.directory import search, spelling
from spona.directory.models import Organization

FEW_RESULTS = 3


@dataclass
class ForgivingPage:
    ids: list[int]
    total: int
    total_is_lower_bound: bool = False
    # Where on this page the results with most of the words begin (None: none on this page).
    most_words_from: int | None = None
    # How many match every word (of the corrected query, if corrected): `total` adds those with most of them.
    all_words_total: int | None = None
    showing_results_for: str = ""
    did_you_mean: str = ""


def _display_word(key: str, typed: str, organization_ids: list[int]) -> str:
    """A word of the results' names that the corrected key stands for, as the name writes it (else the typed word:
    the correction matched a description)."""
    for name in Organization.objects.filter(pk__in=organization_ids[:5]).values_list("name", flat=True):
        for token in to_latin(name).split():
            for word in words(token):
                if any(found.startswith(key) or key.startswith(found) for found in index_keys(word)):
                    return token.strip("„“\"'(),.").lower()
    return typed


def _corrected_text(query: search.DirectoryQuery, corrected: dict[str, str], organization_ids: list[int]) -> str:
    """The query as typed (every word, in its order), with the corrected words as the results write them."""
    keys = dict(query_words(query.text))
    shown = []
    for word in words(query.text[:1000]):
        key = keys.get(word[:MAX_TERM_LENGTH])
        shown.append(_display_word(corrected[key], word, organization_ids) if key in corrected else word)
    return " ".join(shown)


def forgiving_search(
    query: search.DirectoryQuery, *, offset: int = 0, limit: int = 20, now: datetime.datetime | None = None
) -> ForgivingPage:
    page = search.search(query, offset=offset, limit=limit, now=now)
    if page.total >= FEW_RESULTS or offset >= FEW_RESULTS:
        return ForgivingPage(page.ids, page.total, page.total_is_lower_bound)
    base, found, notes = query, page, {}
    # With a few results, a word that matched may still be a typo of a commoner one: "Did you mean …".
    fixes = spelling.corrections(query_words(query.text), known_too=page.total > 0)
    if fixes:
        corrected_query = replace(query, corrections=tuple(fixes.items()))
        corrected = search.search(corrected_query, limit=limit, now=now)
        if corrected.total > page.total:
            text = _corrected_text(query, fixes, corrected.ids)
            if page.total == 0:
                base, found, notes = corrected_query, corrected, {"showing_results_for": text}
            else:
                notes = {"did_you_mean": text}
    if found.total >= FEW_RESULTS:
        return ForgivingPage(found.ids, found.total, found.total_is_lower_bound, **notes)
    # Every result of the whole query first (fewer than a few), then those matching most of its words.
    most = search.search_most_words(base, limit=offset + limit + found.total, now=now)
    extra = [pk for pk in most.ids if pk not in set(found.ids)]
    ids = found.ids + extra
    on_page = ids[offset : offset + limit]
    most_from = len(found.ids) - offset if extra and offset + limit > len(found.ids) else None
    return ForgivingPage(
        on_page,
        total=found.total + max(most.total - (len(most.ids) - len(extra)), 0),
        total_is_lower_bound=most.total_is_lower_bound,
        most_words_from=max(most_from, 0) if most_from is not None else None,
        all_words_total=found.total,
        **notes,
    )
