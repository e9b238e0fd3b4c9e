"""Reads of calls and news that more than one page needs, already filtered for the visitor."""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from spona.calls.filters import CallFilterSet, NewsFilterSet
from spona.calls.models import Call, CallDismissal, EditorialState, NewsPost
from spona.core.pagination import ResultsPage

# A text search counts its matches up to this many ("more than 1,000"); 50 pages of results.
SEARCH_COUNT_LIMIT = 1000


def public_calls(*, now: datetime.datetime | None = None) -> QuerySet:
    return Call.objects.filter(state=EditorialState.PUBLISHED, publish_at__lte=now or timezone.now())


def public_news(*, now: datetime.datetime | None = None) -> QuerySet:
    return NewsPost.objects.filter(state=EditorialState.PUBLISHED, publish_at__lte=now or timezone.now())


def with_call_card_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("funder").prefetch_related("sectors")


def open_calls(*, now: datetime.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return public_calls(now=now).filter(deadline__gt=now)


@dataclass(kw_only=True)
class ListPage(ResultsPage):
    items: list


def paginate(queryset: QuerySet, page_number: int, load, *, count_limit: int | None = None) -> ListPage:
    """A page of `queryset` (ids first, then `load(ids)` for the rows). With `count_limit`, counting stops
    there: a search that matches most of 50,000 posts says "more than 1,000" instead of counting them."""
    page_size = settings.SPONA["CALLS_PAGE_SIZE"]
    ids = queryset.values_list("pk", flat=True)
    # A bounded count in no order, so that the database stops at the first matches it finds.
    total = ids.order_by()[: count_limit + 1].count() if count_limit else ids.count()
    bounded = bool(count_limit) and total > count_limit
    total = min(total, count_limit) if bounded else total
    num_pages = max(1, math.ceil(total / page_size))
    out_of_range = page_number > num_pages
    page_ids = [] if out_of_range else list(ids[(page_number - 1) * page_size : page_number * page_size])
    by_id = {item.pk: item for item in load(page_ids)}
    return ListPage(
        items=[by_id[pk] for pk in page_ids if pk in by_id],
        number=page_number,
        num_pages=num_pages,
        total=total,
        out_of_range=out_of_range,
        total_is_lower_bound=bounded,
    )


def call_page(filterset: CallFilterSet, *, page_number: int, now: datetime.datetime | None = None) -> ListPage:
    """Open calls nearest deadline first by default; closing soon, closed (latest first) or all."""
    now = now or timezone.now()
    queryset = filterset.qs
    status = filterset.cleaned("status", "open")
    soon = now + datetime.timedelta(days=settings.SPONA["CALL_CLOSING_SOON_DAYS"])
    if status == "open":
        queryset = queryset.filter(deadline__gt=now)
    elif status == "closing":
        queryset = queryset.filter(deadline__gt=now, deadline__lte=soon)
    elif status == "closed":
        queryset = queryset.filter(deadline__lte=now)
    if filterset.cleaned("sort") == "newest":
        queryset = queryset.order_by("-publish_at", "-pk")
    elif status == "closed":
        queryset = queryset.order_by("-deadline", "-pk")
    else:
        queryset = queryset.order_by("deadline", "pk")
    return paginate(
        queryset,
        page_number,
        lambda ids: with_call_card_relations(Call.objects.filter(pk__in=ids)),
        count_limit=SEARCH_COUNT_LIMIT if filterset.cleaned("q") else None,
    )


def news_page(filterset: NewsFilterSet, *, page_number: int) -> ListPage:
    """Newest first. The whole archive is counted and paged to its end; a search or a filter counts up to
    SEARCH_COUNT_LIMIT (a tag on thousands of posts says "more than 1,000")."""
    queryset = filterset.qs.order_by("-publish_at", "-pk")
    cleaned = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    narrowed = any(cleaned.get(name) for name in ("q", "tag", "sector"))
    return paginate(
        queryset,
        page_number,
        lambda ids: NewsPost.objects.filter(pk__in=ids).prefetch_related("tags"),
        count_limit=SEARCH_COUNT_LIMIT if narrowed else None,
    )


def closing_soon(*, limit: int, now: datetime.datetime | None = None) -> list[Call]:
    return list(with_call_card_relations(open_calls(now=now).order_by("deadline", "pk"))[:limit])


def latest_news(*, limit: int) -> list[NewsPost]:
    return list(public_news().order_by("-publish_at", "-pk")[:limit])


def dismissed_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(CallDismissal.objects.filter(user=user).values_list("call_id", flat=True))


def call_for_page(pk: int) -> Call | None:
    return (
        Call.objects.filter(pk=pk)
        .select_related("funder", "organization")
        .prefetch_related("sectors", "regions", "legal_forms", "links", "attachments")
        .first()
    )


def editorial_queue() -> tuple[list[Call], list[NewsPost]]:
    waiting = {"state": EditorialState.SUBMITTED}
    calls = list(Call.objects.filter(**waiting).select_related("organization", "submitted_by").order_by("updated_at"))
    news = list(
        NewsPost.objects.filter(**waiting).select_related("organization", "submitted_by").order_by("updated_at")
    )
    return calls, news
