"""Exports of the public directory as CSV and JSON, streamed so 100,000 rows need little memory.

The CSV columns are the ones the importer reads, so an export can be edited and imported again.
"""

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from spona.core.spreadsheets import BYTE_ORDER_MARK, safe_csv_row
from spona.directory import search
from spona.directory.filters import DirectoryFilterSet
from spona.directory.models import PROFILE_COLUMNS, Organization

EXPORT_COLUMNS = ["id", *PROFILE_COLUMNS, "verified_at", "confirmed_at", "completeness", "url"]


def export_queryset(filterset: DirectoryFilterSet) -> QuerySet[Organization]:
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    if filterset.is_bound and filterset.has_text:
        queryset = queryset.filter(pk__in=search.matching_ids(filterset.to_query()))
    return (
        queryset.select_related("municipality__region", "municipality__country", "legal_form")
        .prefetch_related("sectors", "goals")
        .order_by("pk")
    )


def _local_date(value) -> str:
    return timezone.localdate(value).isoformat() if value else ""


def organization_row(organization: Organization) -> dict:
    municipality = organization.municipality
    return {
        "id": organization.pk,
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "kind": organization.kind,
        "legal_form": organization.legal_form.slug if organization.legal_form_id else "",
        "registration_number": organization.registration_number,
        "founding_year": organization.founding_year or "",
        "country": municipality.country_id if municipality else "",
        "region": municipality.region.code if municipality else "",
        "municipality": municipality.code if municipality else "",
        "address": organization.address,
        "postal_code": organization.postal_code,
        "sectors": ";".join(sector.slug for sector in organization.listed_sectors()),
        "goals": ";".join(str(goal.number) for goal in organization.goals.all()),
        "mission": organization.mission,
        "activities": organization.activities,
        "size": organization.size,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
        "facebook": organization.facebook,
        "instagram": organization.instagram,
        "linkedin": organization.linkedin,
        "x": organization.x,
        "youtube": organization.youtube,
        "verified_at": _local_date(organization.verified_at),
        "confirmed_at": _local_date(organization.confirmed_at),
        "completeness": organization.get_completeness_display(),
        "url": settings.SITE_URL + organization.get_absolute_url(),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset: QuerySet[Organization]) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=EXPORT_COLUMNS)
    yield BYTE_ORDER_MARK
    yield writer.writeheader()
    for organization in queryset.iterator(chunk_size=2000):
        yield writer.writerow(safe_csv_row(organization_row(organization)))


def _json_chunks(queryset: QuerySet[Organization]) -> Iterator[str]:
    yield '{"generated": ' + json.dumps(timezone.now().isoformat()) + ', "organizations": ['
    first = True
    for organization in queryset.iterator(chunk_size=2000):
        yield ("" if first else ",\n") + json.dumps(organization_row(organization), ensure_ascii=False)
        first = False
    yield "]}\n"


def export_response(filterset: DirectoryFilterSet, *, file_format: str) -> StreamingHttpResponse:
    queryset = export_queryset(filterset)
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_lines(queryset), content_type="text/csv; charset=utf-8")
    elif file_format == "json":
        response = StreamingHttpResponse(_json_chunks(queryset), content_type="application/json; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="spona-directory-{stamp}.{file_format}"'
    return response
