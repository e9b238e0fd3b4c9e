"""The education part of the site benchmark (`manage.py benchmark`): seeding sessions and
registrations at scale, and the server-side time of the catalogue and of session pages."""

import math
import random
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.utils import timezone

from spona.learning import demo, selectors
from spona.learning.models import Registration, TrainingSession

LANGUAGE_PREFIX = "/en"
# The catalogue as people browse it: the first pages, and each filter (URLs use codes, not ids).
CATALOGUE_QUERIES = [
    "",
    "?format=online",
    "?city=ba-fbih-centar-sarajevo",
    "?city=rs-beograd",
    "?domain=fundraising",
    "?audience=company",
    "?language=sr",
    "?when=past",
    "?format=in-person&city=rs-novi-sad",
]
LATENCY_ROWS = ["training catalogue, whole view", "training session page, whole view"]


def training_status() -> dict[str, int]:
    return {"sessions": TrainingSession.objects.count(), "registrations": Registration.objects.count()}


def seed_trainings(*, sessions: int, registrations: int, progress: Callable[[int], None] | None = None) -> dict:
    started = time.perf_counter()
    TrainingSession.objects.all().delete()  # a different number asked for: start again
    demo.create_demo_sessions(count=sessions, registrations=registrations, progress=progress)
    seconds = time.perf_counter() - started
    # Planner statistics, as autovacuum would have them some minutes after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"training_seed_s": seconds, **training_status()}


def catalogue_paths(*, months: list[str]) -> list[str]:
    """Each query above, a month at a time, and pages further on (2 and 10, where there are that many)."""
    upcoming = selectors.public_sessions().filter(ends_at__gte=timezone.now()).count()
    pages = [page for page in (2, 10) if page <= math.ceil(upcoming / selectors.CATALOGUE_PAGE_SIZE)]
    queries = CATALOGUE_QUERIES + [f"?month={month}" for month in months] + [f"?page={page}" for page in pages]
    return [f"{LANGUAGE_PREFIX}/trainings/{query}" for query in queries]


def session_paths(count: int, *, seed: int = 5) -> list[str]:
    rows = list(TrainingSession.objects.order_by("pk").values_list("pk", "course__slug"))
    chosen = random.Random(seed).sample(rows, min(count, len(rows)))
    return [f"{LANGUAGE_PREFIX}/trainings/sessions/{pk}/{slug}/" for pk, slug in chosen]


def upcoming_months(count: int = 6) -> list[str]:
    months = list(TrainingSession.objects.dates("starts_at", "month"))
    return [month.strftime("%Y-%m") for month in months[-count:]]


def page_paths(*, sessions: int = 300) -> dict[str, list[str]]:
    return {
        "training catalogue, whole view": catalogue_paths(months=upcoming_months()),
        "training session page, whole view": session_paths(sessions),
    }


def measure_pages(client: Client, *, repeat: int, time_pages: Callable) -> dict[str, list[float]]:
    """Milliseconds per page render (the page cache is off in the benchmark's latency run)."""
    samples = {}
    for row, paths in page_paths().items():
        for path in paths:  # warm up, and check that every page renders
            response = client.get(path)
            if response.status_code != 200:
                raise ValueError(f"GET {path} answered {response.status_code}")
        repeated = paths * max(1, repeat) if row.startswith("training catalogue") else paths
        samples[row] = time_pages(client, repeated)
    return samples
