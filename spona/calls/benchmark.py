"""The calls part of the site benchmark (`manage.py benchmark`): seeding calls, news and saved searches at
scale, the server-side time of the call and news lists, and a full daily digest run."""

import datetime
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from spona.calls import alerts, demo, selectors
from spona.calls.models import AlertDelivery, AlertDigest, Call, CallDismissal, NewsPost, SavedSearch

LANGUAGE_PREFIX = "/en"
# The lists as people use them: first pages, searches, each filter, pages further on, closed calls.
CALL_QUERIES = [
    "",
    "?q=mladih",
    "?q=zaštita okoliša",
    "?q=удружења",
    "?q=projekti&kind=cso",
    "?kind=cso",
    "?sector=youth",
    "?region=ba-canton-3",
    "?country=RS",
    "?amount=5000",
    "?sort=newest",
    "?status=closing",
    "?status=closed",
    "?status=closed&q=ljudskih prava",
    "?status=all&sector=environment",
]
NEWS_QUERIES = ["", "?q=radionica", "?q=волонтеризма", "?tag=konferencija", "?sector=youth"]
LATENCY_ROWS = ["call list, whole view", "news list, whole view"]


def calls_status() -> dict[str, int]:
    return {
        "calls": Call.objects.count(),
        "news": NewsPost.objects.count(),
        "saved_searches": SavedSearch.objects.count(),
    }


def seed_calls(*, calls: int, news: int, searches: int, progress: Callable[[int], None] | None = None) -> dict:
    started = time.perf_counter()
    for model in (AlertDelivery, AlertDigest, CallDismissal, SavedSearch, Call, NewsPost):
        model.objects.all().delete()  # a different number asked for: start again
    demo.create_demo_calls(count=calls, progress=progress)
    demo.create_demo_news(count=news, progress=progress)
    demo.create_demo_saved_searches(count=searches, progress=progress)
    seconds = time.perf_counter() - started
    # Planner statistics and visibility maps, as autovacuum would have them a little after a bulk load (it
    # vacuums after many inserts since PostgreSQL 13): counts then read the indexes alone.
    _vacuum_analyze()
    return {"calls_seed_s": seconds, **calls_status()}


def _vacuum_analyze(*models) -> None:
    """Planner statistics (and on PostgreSQL visibility maps) of these models' tables, or of all of them."""
    command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models] or [""]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table}".strip())


def _pages_that_exist(total: int, pages: tuple[int, ...]) -> list[int]:
    return [page for page in pages if page <= math.ceil(total / settings.SPONA["CALLS_PAGE_SIZE"])]


def page_paths() -> dict[str, list[str]]:
    """Each query above, and pages further on (where there are that many)."""
    now = timezone.now()
    open_calls = selectors.public_calls(now=now).filter(deadline__gt=now).count()
    closed_calls = selectors.public_calls(now=now).filter(deadline__lte=now).count()
    news = selectors.public_news(now=now).count()
    calls = CALL_QUERIES + [f"?page={page}" for page in _pages_that_exist(open_calls, (2, 5))]
    calls += [f"?status=closed&page={page}" for page in _pages_that_exist(closed_calls, (20, 200))]
    news_queries = NEWS_QUERIES + [f"?page={page}" for page in _pages_that_exist(news, (2, 100, 1000))]
    return {
        "call list, whole view": [f"{LANGUAGE_PREFIX}/calls/{query}" for query in calls],
        "news list, whole view": [f"{LANGUAGE_PREFIX}/news/{query}" for query in news_queries],
    }


def measure_pages(client: Client, *, repeat: int, time_pages: Callable) -> dict[str, list[float]]:
    samples = {}
    for row, paths in page_paths().items():
        for path in paths:  # warm up, and check that every page renders
            response = client.get(path)
            if response.status_code != 200:
                raise ValueError(f"GET {path} answered {response.status_code}")
        samples[row] = time_pages(client, paths * max(1, repeat))
    return samples


def measure_digest() -> dict:
    """A full daily run: every saved search due, the calls of the last day matched against them, the
    e-mails written and sent (to Django's in-memory outbox: the mail server's time is not ours), in as
    many processes as `send_call_alerts` uses."""
    now = timezone.now()
    AlertDelivery.objects.all().delete()
    AlertDigest.objects.all().delete()
    SavedSearch.objects.update(checked_until=now - datetime.timedelta(days=1, minutes=5), is_active=True)
    # The reset above rewrote every saved search; a day's immediate runs and autovacuum would have tidied
    # that up before the daily run, so the run is not timed wading through the reset's dead rows.
    _vacuum_analyze(SavedSearch, AlertDigest, AlertDelivery)
    new_calls = Call.objects.filter(publish_at__gt=now - datetime.timedelta(days=1, minutes=5), deadline__gt=now)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        started = time.perf_counter()
        report = alerts.run_alerts(now=now, processes=settings.SPONA["ALERT_PROCESSES"])
        seconds = time.perf_counter() - started
        mail.outbox = []
    return {
        "digest_s": seconds,
        "searches": report.searches,
        "new_calls": new_calls.count(),
        "digests": report.digests,
        "deliveries": report.deliveries,
        "sent": report.sent,
        "processes": settings.SPONA["ALERT_PROCESSES"] if connection.vendor == "postgresql" else 1,
    }
