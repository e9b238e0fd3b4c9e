"""Full-text search of the directory on PostgreSQL (tsvector + GIN) and SQLite (FTS5).

Documents and queries go through the same normalization (spona.core.normalization): Cyrillic to
Latin, diacritics folded, Serbian Snowball stems. Filters become facet tokens in the same document,
so a filtered search is a single full-text query.

Search is bounded, so a word found in most descriptions costs no more than a rare one: the engine
reads matches in static-rank order (active profiles first, then by boost: completeness and
verification) and stops after SEARCH_CANDIDATES of them; when there are more, it reads as many
matches in names the same way. Only these candidates are scored (words found in the name, boost,
activity), and the total is exact up to the bound, "more than" past it.
"""

import datetime
import json
import math
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from spona.core.models import Municipality, Region
from spona.core.normalization import query_words, stems, typed_prefix
from spona.core.reference_cache import reference_data
from spona.core.text_search import PREFIX_MIN, QueryPart, fts5_match, pg_tsquery
from spona.directory import ranking
from spona.directory.models import Organization

INACTIVE_FACTOR = 0.3
FTS_TABLE = "directory_organization_fts"
ORGANIZATION_ID_MASK = 0xFFFFFFFF
# PostgreSQL: a narrow table of each organization's name stems and facets, for matches in names.
NAMES_TABLE = "directory_search_name"
MAX_LEXEME_LENGTH = 1000
# Every word of the index, to expand prefixes; a prefix of more words than this is matched as such.
VOCABULARY_TABLE = "directory_search_term"
MAX_EXPANSION = 40
# "Most of your words" leaves out each word of at most this many in turn.
MOST_WORDS_MAX_TERMS = 5
# PostgreSQL: a walk in static-rank order reads at most this many times the rows it should need.
WALK_ROWS_FACTOR = 4


@dataclass(frozen=True)
class DirectoryQuery:
    """What a user asked of the directory: text plus filters (each a tuple of allowed values)."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    sector_ids: tuple[int, ...] = ()
    region_ids: tuple[int, ...] = ()
    municipality_ids: tuple[int, ...] = ()
    legal_form_ids: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    founded_from: int | None = None
    founded_to: int | None = None
    # (typed key, key searched instead): typos corrected from the index's words (see spona.directory.spelling).
    corrections: tuple[tuple[str, str], ...] = ()
    # Type-ahead: the last word is still being typed, and matches as the start of a word.
    typing: bool = False

    @property
    def terms(self) -> list[str]:
        corrected = dict(self.corrections)
        keys = [corrected.get(key, key) for _word, key in query_words(self.text)]
        if self.typing and keys:
            keys[-1] = typed_prefix(query_words(self.text)[-1][0])
        return list(dict.fromkeys(keys))

    def facet_groups(self) -> list[list[str]]:
        """Each inner list is OR-ed, the lists are AND-ed."""
        groups = [
            [kind_token(kind) for kind in self.kinds],
            [f"zs{pk}" for pk in self.sector_ids],
            [f"zr{pk}" for pk in self.region_ids],
            [f"zm{pk}" for pk in self.municipality_ids],
            [f"zl{pk}" for pk in self.legal_form_ids],
            [f"zc{code.lower()}" for code in self.countries],
        ]
        return [group for group in groups if group]


@dataclass
class SearchPage:
    ids: list[int]
    # Every match, or, when `total_is_lower_bound`, the number ranked: more than that many match.
    total: int
    scores: dict[int, float] = field(default_factory=dict)
    total_is_lower_bound: bool = False


def kind_token(kind: str) -> str:
    return "zk" + "".join(ch for ch in kind.lower() if ch.isalnum())


# Indexing ---------------------------------------------------------------------------------------


@dataclass
class IndexEntry:
    organization_id: int
    title: str
    body: str
    facets: str
    boost: float
    active_until: datetime.datetime
    founding_year: int | None


def _localized_labels(choice_label) -> str:
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(str(choice_label))
    return " ".join(labels)


def build_entry(organization, *, region_chains: dict[int, list[Region]] | None = None) -> IndexEntry:
    """The terms of one organization. `region_chains` caches regions when indexing in bulk."""
    facets = [kind_token(organization.kind)]
    place_names = []
    municipality: Municipality | None = organization.municipality
    if municipality is not None:
        facets += [f"zm{municipality.pk}", f"zc{municipality.country_id.lower()}"]
        place_names.append(municipality.name)
        if municipality.city_id:
            facets.append(f"zm{municipality.city_id}")
            place_names.append(municipality.city.name)
        chain = region_chains.get(municipality.region_id) if region_chains is not None else None
        if chain is None:
            chain = municipality.region_chain()
        facets += [f"zr{region.pk}" for region in chain]
        place_names += [region.name for region in chain]
    sectors = list(organization.sectors.all())
    facets += [f"zs{sector.pk}" for sector in sectors]
    if organization.legal_form_id:
        facets.append(f"zl{organization.legal_form_id}")
    body_parts = [
        organization.mission,
        organization.activities,
        " ".join(place_names),
        " ".join(sector.all_names() for sector in sectors),
        organization.legal_form.all_names() if organization.legal_form_id else "",
        _localized_labels(Organization.Kind(organization.kind).label),
        organization.registration_number,
    ]
    body_parts += [f"{program.title} {program.description}" for program in organization.programs.all()]
    body_parts += [f"{result.title} {result.description}" for result in organization.results.all()]
    boost = 1.0 + 0.1 * organization.completeness + (0.2 if organization.verified_at else 0.0)
    last_confirmed = organization.confirmed_at or organization.published_at or organization.created_at or timezone.now()
    return IndexEntry(
        organization_id=organization.pk,
        title=" ".join(stems(f"{organization.name} {organization.abbreviation}")),
        body=" ".join(stems(" ".join(part for part in body_parts if part))),
        facets=" ".join(dict.fromkeys(facets)),
        boost=boost,
        active_until=last_confirmed + datetime.timedelta(days=settings.SPONA["INACTIVE_AFTER_DAYS"]),
        founding_year=organization.founding_year,
    )


def _db_datetime(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _rank_key(organization_id: int, boost: float, *, active: bool) -> int:
    """The static rank as one integer, SQLite's FTS5 rowid: ascending order is active profiles
    first, then higher boost, then older organizations; the low 32 bits are the organization id."""
    boost_bucket = 0xFFFF - min(max(round(boost * 1000), 0), 0xFFFF)
    return (0 if active else 1) << 48 | boost_bucket << 32 | organization_id


def _words(entries: list[IndexEntry]) -> list[str]:
    """Every distinct word of names and descriptions, for the vocabulary that expands prefixes."""
    words = {word for e in entries for text in (e.title, e.body) for word in text.split()}
    return sorted(word for word in words if len(word) <= MAX_LEXEME_LENGTH)


def _pg_lexemes(*texts: str) -> list[str]:
    lexemes = dict.fromkeys(word for text in texts for word in text.split())
    return [lexeme for lexeme in lexemes if len(lexeme) <= MAX_LEXEME_LENGTH]


def write_entries(entries: list[IndexEntry]) -> None:
    """Insert or replace index entries (a few statements per batch)."""
    if not entries:
        return
    ids = [entry.organization_id for entry in entries]
    with transaction.atomic(), connection.cursor() as cursor:
        remove_ids(ids, cursor=cursor)
        if _is_postgres():
            # The stems are already normalized: array_to_tsvector takes them as they are, without
            # positions, so a document is small enough to stay in its row (see migration 0003).
            rows = [(e.organization_id, e.boost, _db_datetime(e.active_until), e.founding_year) for e in entries]
            cursor.executemany(
                "INSERT INTO directory_organizationsearch "
                "(organization_id, boost, active_until, founding_year, document) "
                "VALUES (%s, %s, %s, %s, array_to_tsvector(%s::text[]))",
                [(*row, _pg_lexemes(e.title, e.body, e.facets)) for row, e in zip(rows, entries, strict=True)],
            )
            cursor.executemany(
                f"INSERT INTO {NAMES_TABLE} (organization_id, boost, active_until, founding_year, document) "
                "VALUES (%s, %s, %s, %s, array_to_tsvector(%s::text[]))",
                [(*row, _pg_lexemes(e.title, e.facets)) for row, e in zip(rows, entries, strict=True)],
            )
            cursor.execute(
                f"INSERT INTO {VOCABULARY_TABLE} (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [_words(entries)],
            )
        else:
            # `document` holds the stems of the name here, for scoring matches in names.
            cursor.executemany(
                "INSERT INTO directory_organizationsearch (organization_id, boost, active_until, founding_year, "
                "document) VALUES (%s, %s, %s, %s, %s)",
                [(e.organization_id, e.boost, _db_datetime(e.active_until), e.founding_year, e.title) for e in entries],
            )
            now = timezone.now()
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
                [
                    (_rank_key(e.organization_id, e.boost, active=e.active_until >= now), e.title, e.body, e.facets)
                    for e in entries
                ],
            )
            cursor.execute(
                f"INSERT OR IGNORE INTO {VOCABULARY_TABLE} (term) SELECT value FROM json_each(%s)",
                [json.dumps(_words(entries))],
            )


def remove_ids(ids: list[int], *, cursor=None) -> None:
    if not ids:
        return
    own_cursor = cursor is None
    cursor = cursor or connection.cursor()
    try:
        placeholders = ",".join(["%s"] * len(ids))
        if not _is_postgres():
            cursor.execute(
                "SELECT organization_id, boost FROM directory_organizationsearch "
                f"WHERE organization_id IN ({placeholders})",
                ids,
            )
            # The entry was written active or not, whichever it was then: remove both keys.
            keys = [_rank_key(pk, boost, active=active) for pk, boost in cursor.fetchall() for active in (True, False)]
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(batch))})", batch)
        else:
            # No foreign key on purpose: Django's flush (tests) could not truncate the main table.
            cursor.execute(f"DELETE FROM {NAMES_TABLE} WHERE organization_id IN ({placeholders})", ids)
        cursor.execute(f"DELETE FROM directory_organizationsearch WHERE organization_id IN ({placeholders})", ids)
    finally:
        if own_cursor:
            cursor.close()


def optimize_index() -> None:
    """Upkeep after a bulk (re)index, outside a transaction (seconds for 100,000 organizations).

    PostgreSQL: rows rewritten in static-rank order, so walking the rank index for a common word
    reads consecutive pages (about twice as fast); it locks the table meanwhile. Then statistics
    and the visibility map. SQLite: FTS5 segments merged into one b-tree."""
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute("CLUSTER directory_organizationsearch USING directory_search_static_rank")
            for table in ("directory_organizationsearch", NAMES_TABLE, VOCABULARY_TABLE):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
            cursor.execute("ANALYZE")


# Querying ---------------------------------------------------------------------------------------


def _expand(terms: list[str], *, keep_unmatched: bool = False) -> list[QueryPart] | None:
    """Terms of PREFIX_MIN letters or more also match longer words ("udruz" finds "udruzenj"). The
    engines read every word of a prefix into memory before they can stop early, so prefixes are
    looked up in the vocabulary and searched as the words they stand for; a prefix of too many words is
    searched as such (which the engines match more slowly). None: nothing matches."""
    prefixes = [term for term in terms if len(term) >= PREFIX_MIN]
    found: dict[str, list[str]] = {term: [] for term in prefixes}
    if prefixes:
        # "~" sorts after every character of an index term, so the range holds exactly the prefix's words.
        part = f"SELECT %s, w.term FROM (SELECT term FROM {VOCABULARY_TABLE} WHERE term >= %s AND term < %s LIMIT %s) w"
        sql = " UNION ALL ".join([part] * len(prefixes))
        params = [value for term in prefixes for value in (term, term, term + "~", MAX_EXPANSION + 1)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for term, word in cursor.fetchall():
                found[term].append(word)
    expanded = []
    for term in terms:
        words = found.get(term, [term])
        if not words:
            if not keep_unmatched:
                return None
            words = [term]
        expanded.append(QueryPart(prefix=term) if len(words) > MAX_EXPANSION else QueryPart(words=tuple(words)))
    return expanded


def _parts(terms: list[QueryPart], groups: list[list[str]], *, in_names: bool = False) -> list[QueryPart]:
    """The words in names (or names and descriptions), and each group of facet tokens, any one of which will do."""
    columns = "title" if in_names else "{title body}"
    return [replace(term, columns=columns) for term in terms] + [
        QueryPart(words=tuple(group), columns="facets") for group in groups
    ]


def _pg_tsquery(terms: list[QueryPart], groups: list[list[str]]) -> str:
    return pg_tsquery(_parts(terms, groups))


def _fts5_match(terms: list[QueryPart], groups: list[list[str]], *, in_names: bool = False) -> str:
    return fts5_match(_parts(terms, groups, in_names=in_names))


def _year_clause(query: DirectoryQuery, params: list, *, table: str = "s") -> str:
    clause = ""
    if query.founded_from is not None:
        clause += f" AND {table}.founding_year >= %s"
        params.append(query.founded_from)
    if query.founded_to is not None:
        clause += f" AND {table}.founding_year <= %s"
        params.append(query.founded_to)
    return clause


@dataclass
class _Candidate:
    organization_id: int
    boost: float
    active: bool
    name_hits: int


def search(
    query: DirectoryQuery,
    *,
    offset: int = 0,
    limit: int = 20,
    now: datetime.datetime | None = None,
    candidates: int | None = None,
) -> SearchPage:
    """Ranked organization ids for a text query with filters: every word must match.

    Past SEARCH_CANDIDATES matches, only the first that many by static rank plus as many matching
    in their names are ranked, and `total` is that bound with `total_is_lower_bound` set."""
    terms = _expand(query.terms)
    if not terms:
        return SearchPage(ids=[], total=0)
    return _search(query, [terms], terms, offset=offset, limit=limit, now=now, bound=candidates)


def search_most_words(
    query: DirectoryQuery, *, offset: int = 0, limit: int = 20, now: datetime.datetime | None = None
) -> SearchPage:
    """Organizations matching all but one of the query's words (of two or more), ranked by all of them."""
    keys = query.terms[:MOST_WORDS_MAX_TERMS]
    if len(keys) < 2:
        return SearchPage(ids=[], total=0)
    alternatives = [terms for i in range(len(keys)) if (terms := _expand(keys[:i] + keys[i + 1 :]))]
    if not alternatives:
        return SearchPage(ids=[], total=0)
    return _search(query, alternatives, _expand(keys, keep_unmatched=True), offset=offset, limit=limit, now=now)


def _search(query, alternatives: list[list[QueryPart]], rank_terms: list[QueryPart], *, offset, limit, now, bound=None):
    """Candidates matching any of the alternative lists of terms (each all of its terms), ranked by `rank_terms`;
    at most `bound` of them by static rank (SEARCH_CANDIDATES unless told) plus matches in names."""
    now = now or timezone.now()
    bound = bound or settings.SPONA["SEARCH_CANDIDATES"]
    find = _postgres_candidates if _is_postgres() else _sqlite_candidates
    candidates: dict[int, _Candidate] = {}
    more = False
    for terms in alternatives:
        found = find(query, terms, in_names=False, limit=bound + 1, now=now)
        if len(found) > bound:
            # Not every match was seen: make sure the best matches in names are ranked too (a name holding
            # every word outranks any match in the description only), in static-rank order.
            more = True
            found = found[:bound] + find(query, terms, in_names=True, limit=min(bound, offset + limit), now=now)
        for candidate in found:
            candidates.setdefault(candidate.organization_id, candidate)
    ranked = rank_candidates(list(candidates.values()), rank_terms, [word for word, _key in query_words(query.text)])
    return SearchPage(
        ids=[pk for pk, _quality in ranked[offset : offset + limit]],
        total=bound if more else len(candidates),
        scores=dict(ranked[offset : offset + limit]),
        total_is_lower_bound=more,
    )


def _named_candidates(ids: list[int]) -> dict[int, ranking.NamedCandidate]:
    municipalities = reference_data().municipalities
    named = {}
    rows = Organization.objects.filter(pk__in=ids).values_list("pk", "name", "abbreviation", "municipality_id")
    for pk, name, abbreviation, municipality_id in rows:
        municipality = municipalities.get(municipality_id)
        towns = () if municipality is None else (municipality.name, municipality.city.name if municipality.city else "")
        named[pk] = ranking.NamedCandidate(name=name, abbreviation=abbreviation, town_names=towns)
    return named


def rank_candidates(
    candidates: list["_Candidate"], terms: list[QueryPart], typed_words: list[str]
) -> list[tuple[int, float]]:
    """(id, name quality) best first: by how well the name matches, then static rank, then shorter names."""
    named = _named_candidates([candidate.organization_id for candidate in candidates])
    keyed = []
    for candidate in candidates:
        found = named.get(candidate.organization_id)
        if found is None:
            continue
        quality = ranking.name_quality(terms, typed_words, found)
        static = candidate.boost * (1.0 if candidate.active else INACTIVE_FACTOR)
        keyed.append(((-quality, -static, ranking.name_length(found), candidate.organization_id), quality))
    keyed.sort()
    return [(key[-1], quality) for key, quality in keyed]


def _postgres_candidates(query, terms: list[QueryPart], *, in_names: bool, limit: int, now) -> list[_Candidate]:
    """The first `limit` matches by static rank (active first, then boost, then id), with how many
    terms each has in its name (from the narrow names table)."""
    tsquery = _pg_tsquery(terms, query.facet_groups())
    name_hits = " + ".join(["(n.document @@ %s::tsquery)::int"] * len(terms))
    name_params = [_pg_tsquery([term], []) for term in terms]
    year_params: list = []
    if in_names:
        # Walk the names in static-rank order (active ones first) for the few a page needs; for a
        # rare name PostgreSQL takes them from the GIN index instead (its estimate decides).
        years = _year_clause(query, year_params, table="n")
        part = (
            f"(SELECT n.organization_id, n.boost, {{active}}, {name_hits} FROM {NAMES_TABLE} n "
            f"WHERE n.active_until {{compare}} %s AND n.document @@ %s::tsquery{years} "
            "ORDER BY n.boost DESC, n.organization_id LIMIT %s)"
        )
        sql = (
            f"SELECT m.* FROM ({part.format(active='true', compare='>=')} UNION ALL "
            f"{part.format(active='false', compare='<')} LIMIT %s) m "
            "JOIN directory_organizationsearch s ON s.organization_id = m.organization_id"
        )
        part_params = [*name_params, now, tsquery, *year_params, limit]
        params = [*part_params, *part_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [_Candidate(*row) for row in cursor.fetchall()]
    walk_rows = _pg_walk_rows(terms, query.facet_groups(), query, limit=limit)
    while True:
        matches, match_params = _pg_matches(tsquery, query, limit=limit, now=now, walk_rows=walk_rows)
        sql = (
            f"SELECT m.organization_id, m.boost, m.active, {name_hits} "
            f"FROM ({matches}) m JOIN {NAMES_TABLE} n ON n.organization_id = m.organization_id "
            "ORDER BY m.active DESC, m.boost DESC, m.organization_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*name_params, *match_params])
            candidates = [_Candidate(*row) for row in cursor.fetchall()]
        if walk_rows is None or len(candidates) >= limit:
            return candidates
        walk_rows = None  # the walk stopped short: fewer match than estimated, and GIN finds them all


def _pg_matches(tsquery: str, query: DirectoryQuery, *, limit: int, now, walk_rows: int | None) -> tuple[str, list]:
    """SQL for the first `limit` matches in static-rank order, read in one of two ways: walking the
    rank index and testing each document (common words), at most `walk_rows` rows of each of the
    active and inactive parts; or, with `walk_rows` None, taking every match from the GIN index
    and sorting (rarer words). See _pg_walk_rows for the choice."""
    year_params: list = []
    years = _year_clause(query, year_params)
    if walk_rows is not None:
        # ts_match_vq() is @@ that the GIN index cannot answer, so PostgreSQL walks the rank index.
        part = (
            "(SELECT w.organization_id, w.boost, w.active FROM ("
            "SELECT s.organization_id, s.boost, s.active_until >= %s AS active, s.document "
            "FROM directory_organizationsearch s "
            f"WHERE s.active_until {{}} %s{years} ORDER BY s.boost DESC, s.organization_id LIMIT %s"
            ") w WHERE ts_match_vq(w.document, %s::tsquery) LIMIT %s)"
        )
        params = [now, now, *year_params, walk_rows, tsquery, limit]
        return f"{part.format('>=')} UNION ALL {part.format('<')} LIMIT %s", [*params, *params, limit]
    sql = (
        "SELECT s.organization_id, s.boost, s.active_until >= %s AS active "
        f"FROM directory_organizationsearch s WHERE s.document @@ %s::tsquery{years} "
        "ORDER BY s.active_until >= %s DESC, s.boost DESC, s.organization_id LIMIT %s"
    )
    return sql, [now, tsquery, *year_params, now, limit]


def _pg_walk_rows(terms: list[QueryPart], groups: list[list[str]], query: DirectoryQuery, *, limit: int) -> int | None:
    """How many rows to walk at most, or None when taking every match from the GIN index is cheaper.

    Walking reads about limit / share-of-matches rows, the GIN index every match; they cost about
    the same at sqrt(limit * rows) matches. PostgreSQL multiplies the shares of the query's parts
    as if words and filters were independent, and they are not (the words of a phrase come
    together): the estimate used is the geometric mean of its estimate and that of the rarest
    part. The walk stops after WALK_ROWS_FACTOR times the rows it should need, so a wrong
    estimate costs a bounded walk before the GIN index answers (see _postgres_candidates)."""
    parts = [_pg_tsquery(terms, groups)]
    if len(terms) + len(groups) > 1:
        parts += [_pg_tsquery([term], []) for term in terms] + [_pg_tsquery([], [group]) for group in groups]
    year_params: list = []
    years = _year_clause(query, year_params)
    explain = " UNION ALL ".join(
        [f"(SELECT 1 FROM directory_organizationsearch s WHERE s.document @@ %s::tsquery{years})"] * len(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'directory_organizationsearch'::regclass")
        rows = max(cursor.fetchone()[0], 1.0)
        cursor.execute(f"EXPLAIN (FORMAT JSON) {explain}", [value for part in parts for value in (part, *year_params)])
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    estimates = [max(node["Plan Rows"], 1.0) for node in plan.get("Plans", [plan])]
    estimate = estimates[0] if len(estimates) == 1 else math.sqrt(estimates[0] * min(estimates[1:]))
    needed = limit * rows / estimate
    if needed >= estimate:
        return None
    return min(int(needed * WALK_ROWS_FACTOR) + limit, int(rows) + 1)


def _sqlite_candidates(query, terms: list[QueryPart], *, in_names: bool, limit: int, now) -> list[_Candidate]:
    """The first `limit` matches by static rank: FTS5 yields matches in rowid order, which is the
    static rank (see _rank_key), so LIMIT stops it early however common the words are."""
    year_params: list = []
    years = _year_clause(query, year_params)
    sql = (
        f"SELECT s.organization_id, s.boost, s.active_until >= %s, s.document FROM {FTS_TABLE} f "
        f"JOIN directory_organizationsearch s ON s.organization_id = f.rowid & {ORGANIZATION_ID_MASK} "
        f"WHERE {FTS_TABLE} MATCH %s{years} ORDER BY f.rowid LIMIT %s"
    )
    params = [_db_datetime(now), _fts5_match(terms, query.facet_groups(), in_names=in_names), *year_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    candidates = []
    for pk, boost, active, name in rows:
        name_words = (name or "").split()
        hits = sum(any(term.matches(word) for word in name_words) for term in terms)
        candidates.append(_Candidate(pk, boost, bool(active), hits))
    return candidates


def matching_ids(query: DirectoryQuery) -> list[int]:
    """Every matching organization id, unranked (for exports)."""
    terms = _expand(query.terms)
    if not terms:
        return []
    groups = query.facet_groups()
    year_params: list = []
    years = _year_clause(query, year_params)
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"SELECT s.organization_id FROM directory_organizationsearch s WHERE s.document @@ %s::tsquery{years}",
                [_pg_tsquery(terms, groups), *year_params],
            )
        else:
            cursor.execute(
                f"SELECT s.organization_id FROM {FTS_TABLE} f JOIN directory_organizationsearch s "
                f"ON s.organization_id = f.rowid & {ORGANIZATION_ID_MASK} WHERE {FTS_TABLE} MATCH %s{years}",
                [_fts5_match(terms, groups), *year_params],
            )
        return [row[0] for row in cursor.fetchall()]
