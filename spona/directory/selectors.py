"""Reads of the directory shared by the pages, the API and the exports."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, Prefetch, Q, QuerySet, When
from django.utils import timezone

from spona.accounts.models import Membership
from spona.core.pagination import ResultsPage
from spona.core.reference_cache import reference_data
from spona.directory import search
from spona.directory.filters import DirectoryFilterSet
from spona.directory.forgiving_search import ForgivingPage, forgiving_search
from spona.directory.models import Organization


def published_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(status=Organization.Status.PUBLISHED)


def with_listing_relations(organizations: Iterable[Organization]) -> list[Organization]:
    """What cards and API rows show, attached from memory: municipality (with its region and
    country), legal form, and `sector_list` (read through Organization.listed_sectors)."""
    organizations = list(organizations)
    reference = reference_data()
    links: dict[int, list] = {}
    through = Organization.sectors.through.objects.filter(organization_id__in=[org.pk for org in organizations])
    for organization_id, sector_id in through.values_list("organization_id", "sector_id"):
        links.setdefault(organization_id, []).append(reference.sectors[sector_id])
    for organization in organizations:
        if organization.municipality_id:
            organization.municipality = reference.municipalities[organization.municipality_id]
        if organization.legal_form_id:
            organization.legal_form = reference.legal_forms[organization.legal_form_id]
        organization.sector_list = sorted(links.get(organization.pk, []), key=lambda s: (s.position, s.name_en))
    return organizations


@dataclass(kw_only=True)
class DirectoryPage(ResultsPage):
    """With `total_is_lower_bound`, more than `total` organizations match a text search, and only the best
    `total` of them are ranked into pages (see search.search)."""

    organizations: list[Organization]
    page_size: int
    # Forgiving search (spona.directory.forgiving_search): where the results with most of the words begin on
    # this page, and the corrected query shown instead of the typed one, or suggested.
    most_words_from: int | None = None
    all_words_total: int | None = None
    showing_results_for: str = ""
    did_you_mean: str = ""

    @property
    def matching_total(self) -> int:
        """What the heading counts: the organizations matching every word (the fallbacks' are listed apart)."""
        return self.total if self.all_words_total is None else self.all_words_total

    @property
    def all_words_organizations(self) -> list[Organization]:
        return self.organizations if self.most_words_from is None else self.organizations[: self.most_words_from]

    @property
    def most_words_organizations(self) -> list[Organization]:
        return [] if self.most_words_from is None else self.organizations[self.most_words_from :]

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.organizations else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.organizations) - 1 if self.organizations else 0


def directory_page(
    filterset: DirectoryFilterSet, *, page_number: int, page_size: int | None = None, forgiving: bool = False
) -> DirectoryPage:
    """One page of the directory for validated filters: ranked by relevance when there is text,
    else active profiles first, then by name. `forgiving` (the page people read, not the API's exact
    answers): typos corrected and most of the words when every word finds fewer than a few."""
    page_size = page_size or settings.SPONA["DIRECTORY_PAGE_SIZE"]
    offset = (page_number - 1) * page_size
    notes: dict = {}
    if filterset.has_text:
        find = forgiving_search if forgiving else search.search
        result = find(filterset.to_query(), offset=offset, limit=page_size)
        by_id = {org.pk: org for org in with_listing_relations(Organization.objects.filter(pk__in=result.ids))}
        organizations = [by_id[pk] for pk in result.ids if pk in by_id]
        total, lower_bound = result.total, result.total_is_lower_bound
        if isinstance(result, ForgivingPage):
            notes = {
                "most_words_from": result.most_words_from,
                "all_words_total": result.all_words_total,
                "showing_results_for": result.showing_results_for,
                "did_you_mean": result.did_you_mean,
            }
    else:
        queryset = filterset.qs
        total, lower_bound = queryset.count(), False
        organizations = with_listing_relations(order_for_listing(queryset)[offset : offset + page_size])
    num_pages = max(1, math.ceil(total / page_size))
    return DirectoryPage(
        organizations=organizations,
        total=total,
        number=page_number,
        num_pages=num_pages,
        page_size=page_size,
        out_of_range=page_number > num_pages,
        total_is_lower_bound=lower_bound,
        **notes,
    )


def order_for_listing(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    cutoff = timezone.now() - timezone.timedelta(days=settings.SPONA["INACTIVE_AFTER_DAYS"])
    return queryset.annotate(is_current=Case(When(confirmed_at__gte=cutoff, then=1), default=0)).order_by(
        F("is_current").desc(), "name", "pk"
    )


def organization_for_profile(pk: int) -> Organization | None:
    return (
        Organization.objects.select_related("municipality__region", "legal_form")
        .prefetch_related("sectors", "goals", "programs", "results", "finances")
        .filter(pk=pk)
        .first()
    )


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")


@dataclass
class Waiting:
    """What a person waits for before they act for an organization: organizations they registered that
    staff have not approved yet, and their requests to join one that its administrators have not answered."""

    organizations: list[Organization]
    join_requests: list[Membership]

    def __bool__(self) -> bool:
        return bool(self.organizations or self.join_requests)


def waiting_for(user) -> Waiting:
    if not user.is_authenticated:
        return Waiting([], [])
    memberships = list(
        Membership.objects.filter(user=user)
        .filter(
            Q(status=Membership.Status.ACTIVE, organization__status=Organization.Status.PENDING)
            | Q(status=Membership.Status.REQUESTED, organization__status=Organization.Status.PUBLISHED)
        )
        .select_related("organization")
        .order_by("organization__name")
    )
    return Waiting(
        organizations=[m.organization for m in memberships if m.status == Membership.Status.ACTIVE],
        join_requests=[m for m in memberships if m.status == Membership.Status.REQUESTED],
    )


def members_of(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("status", "role", "user__email")


def moderation_queue() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(status=Organization.Status.PENDING)
        .select_related("submitted_by", "municipality")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("user")))
        .order_by("created_at")
    )


SUGGESTIONS = 8
SUGGESTION_QUERY_LENGTH = 200
SUGGESTION_CANDIDATES = 100


def name_suggestions(text: str, *, limit: int = SUGGESTIONS) -> list[dict[str, str]]:
    """Names for the search box as a person types (the best matches of what is typed so far): name, town, URL."""
    text = (text or "").replace("\x00", " ")[:SUGGESTION_QUERY_LENGTH]
    if not text.strip():
        return []
    # Fewer candidates than a search: type-ahead answers within a keystroke, and names matter most here.
    ids = search.search(
        search.DirectoryQuery(text=text, typing=True), limit=limit, candidates=SUGGESTION_CANDIDATES
    ).ids
    by_id = {org.pk: org for org in with_listing_relations(published_organizations().filter(pk__in=ids))}
    return [
        {
            "name": by_id[pk].name,
            "town": by_id[pk].municipality.display_name if by_id[pk].municipality_id else "",
            "url": by_id[pk].get_absolute_url(),
        }
        for pk in ids
        if pk in by_id
    ]
