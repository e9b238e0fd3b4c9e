"""Atom feeds of calls and news, and an iCalendar feed of call deadlines."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from spona.calls import selectors
from spona.calls.models import Call, NewsPost
from spona.core.calendars import CalendarEvent, calendar_bytes

FEED_ITEMS = 50


class CallFeed(Feed):
    feed_type = Atom1Feed
    title = _("Spona: project calls")
    subtitle = _("Funding opportunities for civil society, newest first.")

    def link(self):
        return reverse("calls:call-list")

    def items(self):
        return selectors.public_calls().select_related("funder").order_by("-publish_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item: Call) -> str:
        return item.title

    def item_description(self, item: Call) -> str:
        deadline = timezone.localtime(item.deadline).strftime("%Y-%m-%d %H:%M")
        return f"{item.summary}\n\n{_('Funder')}: {item.funder_display}\n{_('Deadline')}: {deadline} ({item.time_zone})"

    def item_pubdate(self, item: Call) -> datetime.datetime:
        return item.publish_at

    def item_updateddate(self, item: Call) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Call) -> str:
        return item.funder_display

    def item_categories(self, item: Call) -> list[str]:
        return [sector.name for sector in item.sectors.all()]


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Spona: news")
    subtitle = _("News from the resource center and civil society.")

    def link(self):
        return reverse("calls:news-list")

    def items(self):
        return selectors.public_news().prefetch_related("tags").order_by("-publish_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return item.lead

    def item_pubdate(self, item: NewsPost) -> datetime.datetime:
        return item.publish_at

    def item_updateddate(self, item: NewsPost) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: NewsPost) -> list[str]:
        return [tag.name for tag in item.tags.all()]


def deadlines_calendar(calls, *, name: str, url_for, now: datetime.datetime | None = None) -> bytes:
    """Each call's deadline as a moment in its own time zone, so calendar apps show it at local time."""
    events = [
        CalendarEvent(
            key=f"call-deadline-{call.pk}",
            start=call.local_deadline(),
            end=call.local_deadline(),
            summary=f"{_('Deadline')}: {call.title}",
            description=f"{call.summary}\n\n{url_for(call)}",
            url=url_for(call),
            last_modified=call.updated_at,
        )
        for call in calls
    ]
    return calendar_bytes(events, name=name, product="Calls", now=now)
