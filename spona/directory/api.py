"""Read-only API of the directory: the list (same filters and search as the pages) and the detail."""

from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from spona.core.pagination import parse_page_number
from spona.directory import selectors
from spona.directory.exports import organization_row
from spona.directory.filters import DirectoryFilterSet

router = Router(tags=["directory"])
MAX_PAGE_SIZE = 100


class OrganizationFilters(Schema):
    q: str | None = None
    kind: list[str] | None = None
    sector: list[str] | None = None
    country: list[str] | None = None
    region: list[str] | None = None
    municipality: list[str] | None = None
    legal_form: list[str] | None = None
    founded_from: int | None = None
    founded_to: int | None = None
    page: int = 1
    page_size: int = 20


class OrganizationOut(Schema):
    id: int
    name: str
    abbreviation: str
    kind: str
    legal_form: str
    registration_number: str
    founding_year: int | str
    country: str
    region: str
    municipality: str
    address: str
    postal_code: str
    sectors: list[str]
    goals: list[int]
    mission: str
    activities: str
    size: str
    website: str
    email: str
    phone: str
    facebook: str
    instagram: str
    linkedin: str
    x: str
    youtube: str
    verified_at: str
    confirmed_at: str
    completeness: str
    url: str


class OrganizationPage(Schema):
    count: int
    # True when more organizations match a text search than are ranked: `count` is then a lower bound.
    count_is_lower_bound: bool
    page: int
    pages: int
    results: list[OrganizationOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def _api_row(organization) -> dict:
    row = organization_row(organization)
    row["sectors"] = [s for s in row["sectors"].split(";") if s]
    row["goals"] = [int(g) for g in row["goals"].split(";") if g]
    return row


@router.get(
    "/organizations",
    response={200: OrganizationPage, 400: ErrorOut},
    summary="Search and filter the directory",
    description="Filters take codes (see /api/reference/). Repeat a filter to allow several values.",
)
def list_organizations(request, filters: Query[OrganizationFilters]):
    data = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        if name in {"page", "page_size"}:
            continue
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = str(value)
    filterset = DirectoryFilterSet(data, queryset=selectors.published_organizations())
    if not filterset.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in filterset.errors.items()}
        return Status(400, {"detail": "Some filters are not valid.", "errors": errors})
    if not 1 <= filters.page_size <= MAX_PAGE_SIZE:
        raise HttpError(400, f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
    page_number = parse_page_number(filters.page)
    page = selectors.directory_page(filterset, page_number=page_number, page_size=filters.page_size)
    prefetch_related_objects(page.organizations, "goals")
    return Status(
        200,
        {
            "count": page.total,
            "count_is_lower_bound": page.total_is_lower_bound,
            "page": page.number,
            "pages": page.num_pages,
            "results": [_api_row(org) for org in page.organizations],
        },
    )


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, 400: ErrorOut, 404: ErrorOut},
    summary="One organization",
)
def get_organization(request, organization_id: int):
    organization = selectors.organization_for_profile(organization_id)
    if organization is None or not organization.is_published:
        raise Http404
    return Status(200, _api_row(organization))
