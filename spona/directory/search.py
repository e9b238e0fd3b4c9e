"""Full-text search of the directory on PostgreSQL (tsvector + GIN) and SQLite (FTS5).

Documents and queries go through the same normalization (spona.core.normalization): Cyrillic to
Latin, diacritics folded, Serbian Snowball stems. Filters become facet tokens in the same document,
so a filtered search is a single full-text query. Ranking is bounded: the engine returns at most
SEARCH_CANDIDATES matches by static rank, plus as many matches in names, and only those are scored,
so a word found in most descriptions costs no more than a rare one.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from spona.core.models import Municipality, Region
from spona.core.normalization import query_terms, stems
from spona.directory.models import Organization

INACTIVE_FACTOR = 0.3
FTS_TABLE = "directory_organization_fts"


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

    @property
    def terms(self) -> list[str]:
        return query_terms(self.text)

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
    total: int
    scores: dict[int, float] = field(default_factory=dict)


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


def write_entries(entries: list[IndexEntry]) -> None:
    """Insert or replace index entries (one statement per batch)."""
    if not entries:
        return
    ids = [entry.organization_id for entry in entries]
    with transaction.atomic(), connection.cursor() as cursor:
        remove_ids(ids, cursor=cursor)
        if _is_postgres():
            cursor.executemany(
                "INSERT INTO directory_organizationsearch "
                "(organization_id, boost, active_until, founding_year, document) "
                "VALUES (%s, %s, %s, %s, setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'C') || to_tsvector('simple', %s))",
                [
                    (
                        e.organization_id,
                        e.boost,
                        _db_datetime(e.active_until),
                        e.founding_year,
                        e.title,
                        e.body,
                        e.facets + " " + _title_tokens(e.title),
                    )
                    for e in entries
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO directory_organizationsearch (organization_id, boost, active_until, founding_year) "
                "VALUES (%s, %s, %s, %s)",
                [(e.organization_id, e.boost, _db_datetime(e.active_until), e.founding_year) for e in entries],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
                [(e.organization_id, e.title, e.body, e.facets) for e in entries],
            )


def _title_tokens(title: str) -> str:
    # PostgreSQL's GIN index cannot test weights without reading every row, so title words are
    # also indexed as separate `t`-prefixed tokens for the "matches in names" candidate query.
    return " ".join("t" + term for term in title.split())


def remove_ids(ids: list[int], *, cursor=None) -> None:
    if not ids:
        return
    own_cursor = cursor is None
    cursor = cursor or connection.cursor()
    try:
        placeholders = ",".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM directory_organizationsearch WHERE organization_id IN ({placeholders})", ids)
        if not _is_postgres():
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)
    finally:
        if own_cursor:
            cursor.close()


def optimize_index() -> None:
    """Upkeep after a bulk (re)index: PostgreSQL's statistics and visibility map, SQLite's FTS5 segments
    merged into one b-tree. Outside a transaction; a few seconds for 100,000 organizations."""
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute("VACUUM ANALYZE directory_organizationsearch")
            cursor.execute("ANALYZE directory_organization")
        else:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
            cursor.execute("ANALYZE")


# Querying ---------------------------------------------------------------------------------------


def _pg_tsquery(terms: list[str], groups: list[list[str]], *, prefix: str = "") -> str:
    parts = [f"{prefix}{term}:*" if len(term) >= 4 else f"{prefix}{term}" for term in terms]
    parts += ["(" + " | ".join(group) + ")" for group in groups]
    return " & ".join(parts)


def _fts5_match(terms: list[str], groups: list[list[str]], *, title_only: bool = False) -> str:
    columns = "title" if title_only else "{title body}"
    parts = [f"({columns} : {term}*)" if len(term) >= 4 else f"({columns} : {term})" for term in terms]
    parts += ["(facets : (" + " OR ".join(group) + "))" for group in groups]
    return " AND ".join(parts)


def _year_clause(query: DirectoryQuery, params: list) -> str:
    clause = ""
    if query.founded_from is not None:
        clause += " AND s.founding_year >= %s"
        params.append(query.founded_from)
    if query.founded_to is not None:
        clause += " AND s.founding_year <= %s"
        params.append(query.founded_to)
    return clause


def search(
    query: DirectoryQuery, *, offset: int = 0, limit: int = 20, now: datetime.datetime | None = None
) -> SearchPage:
    """Ranked organization ids for a text query with filters; `total` counts every match."""
    terms = query.terms
    if not terms:
        return SearchPage(ids=[], total=0)
    now = now or timezone.now()
    candidates = settings.SPONA["SEARCH_CANDIDATES"]
    if _is_postgres():
        return _search_postgres(query, terms, offset=offset, limit=limit, now=now, candidates=candidates)
    return _search_sqlite(query, terms, offset=offset, limit=limit, now=now, candidates=candidates)


def matching_ids(query: DirectoryQuery) -> list[int]:
    """Every matching organization id, unranked (for exports)."""
    terms = query.terms
    if not terms:
        return []
    groups = query.facet_groups()
    year_params: list = []
    years = _year_clause(query, year_params)
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"SELECT s.organization_id FROM directory_organizationsearch s "
                f"WHERE s.document @@ to_tsquery('simple', %s){years}",
                [_pg_tsquery(terms, groups), *year_params],
            )
        else:
            cursor.execute(
                f"SELECT s.organization_id FROM {FTS_TABLE} f JOIN directory_organizationsearch s "
                f"ON s.organization_id = f.rowid WHERE {FTS_TABLE} MATCH %s{years}",
                [_fts5_match(terms, groups), *year_params],
            )
        return [row[0] for row in cursor.fetchall()]


def _search_postgres(query, terms, *, offset, limit, now, candidates) -> SearchPage:
    groups = query.facet_groups()
    full = _pg_tsquery(terms, groups)
    in_title = _pg_tsquery(terms, groups, prefix="t")
    text_only = _pg_tsquery(terms, [])
    year_params: list = []
    years = _year_clause(query, year_params)
    sql = f"""
        WITH matches AS (
            SELECT s.organization_id, s.boost, s.active_until FROM directory_organizationsearch s
            WHERE s.document @@ to_tsquery('simple', %s){years}
        ),
        candidates AS (
            (SELECT organization_id FROM matches
             ORDER BY active_until >= %s DESC, boost DESC, organization_id LIMIT %s)
            UNION
            (SELECT s.organization_id FROM directory_organizationsearch s
             WHERE s.document @@ to_tsquery('simple', %s){years}
             ORDER BY s.active_until >= %s DESC, s.boost DESC, s.organization_id LIMIT %s)
        )
        SELECT s.organization_id,
               ts_rank('{{0.05, 0.2, 0.4, 1.0}}', s.document, to_tsquery('simple', %s), 1) * s.boost
               * CASE WHEN s.active_until >= %s THEN 1.0 ELSE {INACTIVE_FACTOR} END AS score,
               (SELECT count(*) FROM matches) AS total
        FROM directory_organizationsearch s JOIN candidates c USING (organization_id)
        ORDER BY score DESC, s.organization_id
        LIMIT %s OFFSET %s
    """
    params = [
        full,
        *year_params,
        now,
        candidates,
        in_title,
        *year_params,
        now,
        candidates,
        text_only,
        now,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if rows:
            total = rows[0][2]
        else:
            cursor.execute(
                "SELECT count(*) FROM directory_organizationsearch s "
                f"WHERE s.document @@ to_tsquery('simple', %s){years}",
                [full, *year_params],
            )
            total = cursor.fetchone()[0]
    return SearchPage(ids=[row[0] for row in rows], total=total, scores={row[0]: row[1] for row in rows})


def _search_sqlite(query, terms, *, offset, limit, now, candidates) -> SearchPage:
    groups = query.facet_groups()
    full = _fts5_match(terms, groups)
    in_title = _fts5_match(terms, groups, title_only=True)
    year_params: list = []
    years = _year_clause(query, year_params)
    now_value = _db_datetime(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {FTS_TABLE} f JOIN directory_organizationsearch s ON s.organization_id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{years}",
            [full, *year_params],
        )
        total = cursor.fetchone()[0]
        if total == 0 or offset >= total:
            return SearchPage(ids=[], total=total)
        sql = f"""
            WITH candidates AS (
                SELECT organization_id FROM (
                    SELECT s.organization_id FROM {FTS_TABLE} f
                    JOIN directory_organizationsearch s ON s.organization_id = f.rowid
                    WHERE {FTS_TABLE} MATCH %s{years}
                    ORDER BY s.active_until >= %s DESC, s.boost DESC, s.organization_id LIMIT %s)
                UNION
                SELECT organization_id FROM (
                    SELECT s.organization_id FROM {FTS_TABLE} f
                    JOIN directory_organizationsearch s ON s.organization_id = f.rowid
                    WHERE {FTS_TABLE} MATCH %s{years}
                    ORDER BY s.active_until >= %s DESC, s.boost DESC, s.organization_id LIMIT %s)
            )
            SELECT f.rowid,
                   -bm25({FTS_TABLE}, 10.0, 1.0, 0.0) * s.boost
                   * CASE WHEN s.active_until >= %s THEN 1.0 ELSE {INACTIVE_FACTOR} END AS score
            FROM {FTS_TABLE} f
            JOIN directory_organizationsearch s ON s.organization_id = f.rowid
            WHERE {FTS_TABLE} MATCH %s AND f.rowid IN (SELECT organization_id FROM candidates)
            ORDER BY score DESC, f.rowid
            LIMIT %s OFFSET %s
        """
        params = [
            full,
            *year_params,
            now_value,
            candidates,
            in_title,
            *year_params,
            now_value,
            candidates,
            now_value,
            full,
            limit,
            offset,
        ]
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return SearchPage(ids=[row[0] for row in rows], total=total, scores={row[0]: row[1] for row in rows})
