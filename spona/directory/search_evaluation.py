"""The query set: queries written as people type them, each with the organization it must find, over a
fixture of organizations, and the figures that say how well search does (recall@1, recall@3, MRR)."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spona.core.models import Municipality, Sector
from spona.directory import services
from spona.directory.forgiving_search import forgiving_search
from spona.directory.models import Organization
from spona.directory.search import DirectoryQuery

QUERY_SET_DIR = Path(settings.BASE_DIR) / "tests" / "search"
ORGANIZATIONS_FILE = QUERY_SET_DIR / "organizations.tsv"
QUERIES_FILE = QUERY_SET_DIR / "queries.tsv"
RANKS_READ = 10


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def load_organizations(path: Path = ORGANIZATIONS_FILE) -> dict[str, int]:
    """Create the fixture's organizations, published and indexed: {name: id}. A "full" profile is complete
    and verified (it ranks high statically), a "bare" one is as an import leaves it."""
    towns: dict[str, Municipality] = {}
    for municipality in Municipality.objects.order_by("kind", "pk"):
        towns.setdefault(municipality.name, municipality)
    now = timezone.now()
    organizations = []
    for row in _rows(path):
        full = row["profile"] == "full"
        organizations.append(
            Organization(
                name=row["name"],
                abbreviation=row["abbreviation"],
                kind=row["kind"],
                status=Organization.Status.PUBLISHED,
                mission=row["mission"],
                municipality=towns.get(row["town"]),
                email="info@example.org" if full else "",
                completeness=Organization.Completeness.RESULTS if full else Organization.Completeness.INCOMPLETE,
                verified_at=now if full else None,
                published_at=now,
                confirmed_at=now,
                slug=Organization.slug_for(row["name"]),
            )
        )
    with transaction.atomic():
        created = Organization.objects.bulk_create(organizations)
        sector = Sector.objects.order_by("pk").first()
        if sector is not None:
            Organization.sectors.through.objects.bulk_create(
                [Organization.sectors.through(organization_id=org.pk, sector_id=sector.pk) for org in created]
            )
        services.reindex_organizations(ids=[org.pk for org in created])
    return {org.name: org.pk for org in created}


@dataclass
class QueryOutcome:
    query: str
    expected: str
    case: str
    rank: int | None  # 1-based, None when not among the first RANKS_READ
    found: list[str] = field(default_factory=list)


@dataclass
class Figures:
    outcomes: list[QueryOutcome]

    def recall_at(self, k: int, outcomes: list[QueryOutcome] | None = None) -> float:
        outcomes = self.outcomes if outcomes is None else outcomes
        return sum(1 for o in outcomes if o.rank is not None and o.rank <= k) / max(len(outcomes), 1)

    def mrr(self, outcomes: list[QueryOutcome] | None = None) -> float:
        outcomes = self.outcomes if outcomes is None else outcomes
        return sum(1 / o.rank for o in outcomes if o.rank) / max(len(outcomes), 1)

    @property
    def missed(self) -> list[QueryOutcome]:
        """Queries whose organization is not among the first three."""
        return [o for o in self.outcomes if o.rank is None or o.rank > 3]

    def by_case(self) -> dict[str, list[QueryOutcome]]:
        cases: dict[str, list[QueryOutcome]] = defaultdict(list)
        for outcome in self.outcomes:
            cases[outcome.case].append(outcome)
        return dict(sorted(cases.items()))

    def summary(self, outcomes: list[QueryOutcome] | None = None) -> str:
        return (
            f"recall@1 {self.recall_at(1, outcomes):.3f}  recall@3 {self.recall_at(3, outcomes):.3f}  "
            f"MRR {self.mrr(outcomes):.3f}"
        )


def ranked_names(text: str, names_by_id: dict[int, str]) -> list[str]:
    page = forgiving_search(DirectoryQuery(text=text), limit=RANKS_READ)
    return [names_by_id.get(pk, "?") for pk in page.ids]


def evaluate(ids_by_name: dict[str, int], path: Path = QUERIES_FILE) -> Figures:
    names_by_id = {pk: name for name, pk in ids_by_name.items()}
    outcomes = []
    for row in _rows(path):
        found = ranked_names(row["query"], names_by_id)
        rank = found.index(row["expected"]) + 1 if row["expected"] in found else None
        outcomes.append(QueryOutcome(row["query"], row["expected"], row["case"], rank, found[:3]))
    return Figures(outcomes)
