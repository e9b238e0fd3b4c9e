"""Reads of calls and news that more than one page needs, already filtered for the visitor."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone

from spona.calls.filters import CallFilterSet, NewsFilterSet
from spona.calls.models import Call, CallDismissal, EditorialState, NewsPost


def public_calls(*, now: datetime.datetime | None = None) -> QuerySet:
    return Call.objects.filter(state=EditorialState.PUBLISHED, publish_at__lte=now or timezone.now())


def public_news(*, now: datetime.datetime | None = None) -> QuerySet:
    return NewsPost.objects.filter(state=EditorialState.PUBLISHED, publish_at__lte=now or timezone.now())


def with_call_card_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("funder").prefetch_related("sectors")


def open_calls(*, now: datetime.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return public_calls(now=now).filter(deadline__gt=now)


@dataclass
class ListPage:
    items: list
    number: int
    num_pages: int
    total: int
    out_of_range: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def paginate(queryset: QuerySet, page_number: int, load) -> ListPage:
    paginator = Paginator(queryset.values_list("pk", flat=True), settings.SPONA["CALLS_PAGE_SIZE"])
    total, num_pages = paginator.count, paginator.num_pages
    ids = list(paginator.page(page_number).object_list) if page_number <= num_pages else []
    by_id = {item.pk: item for item in load(ids)}
    return ListPage(
        items=[by_id[pk] for pk in ids if pk in by_id],
        number=page_number,
        num_pages=num_pages,
        total=total,
        out_of_range=page_number > num_pages,
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
    return paginate(queryset, page_number, lambda ids: with_call_card_relations(Call.objects.filter(pk__in=ids)))


def news_page(filterset: NewsFilterSet, *, page_number: int) -> ListPage:
    queryset = filterset.qs.order_by("-publish_at", "-pk")
    return paginate(queryset, page_number, lambda ids: NewsPost.objects.filter(pk__in=ids).prefetch_related("tags"))


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
