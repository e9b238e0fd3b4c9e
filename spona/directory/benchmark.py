"""The directory benchmark's parts: seeding, server-side search latency, and load against gunicorn with wrk.

`manage.py benchmark` runs the parts that need a database in subprocesses of itself
(`--worker ...`) with DATABASE_URL pointing at a benchmark database, so the developer's own
database is never touched. This module holds what those workers and the driver share.
"""

import concurrent.futures
import contextlib
import dataclasses
import gc
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test import Client

from spona.directory import demo, search, selectors, services
from spona.directory.filters import DirectoryFilterSet
from spona.directory.forgiving_search import forgiving_search
from spona.directory.models import Organization, OrganizationSearch

LANGUAGE_PREFIX = "/en"

# Queries people type: words found in most descriptions (demo.SENTENCES), rarer words and names,
# places, and the same in Cyrillic. Each runs without a filter and with every filter below.
QUERY_GROUPS: dict[str, list[str]] = {
    "1 word, in most descriptions": ["organizacija", "projekti", "zajednice", "mladi", "saradnja", "volonteri"],
    "1 word, rare or a name": ["Đerdan", "Ljubičica", "Horizont", "Tuzla", "pekara", "korupcije"],
    "2 words": [
        "udruženje žena",
        "ljudska prava",
        "zaštita okoliša",
        "omladinski centar",
        "pravna pomoć",
        "Banja Luka",
    ],
    "3 words": [
        "centar za mlade",
        "udruženje žena Tuzla",
        "organizacija projekti zajednica",
        "fondacija otvoreno društvo",
        "mladi volonteri Sarajevo",
        "prava osoba s invaliditetom",
    ],
    "Cyrillic": ["удружење жена", "омладински центар", "Нови Сад", "правна помоћ", "организације", "млади"],
}
# Queries with a typo in every word (none is an indexed word): the forgiving search corrects them.
TYPO_QUERIES = ["volontarizam", "udruzenje penzinera", "bibilioteka", "korupcjie", "ljudksa prava", "horizomt"]
# What a person has typed so far into the search box, for type-ahead.
TYPE_AHEAD = ["udr", "udruž", "omladi", "centar za m", "Đerd", "ljubič", "bijela la", "fond", "Тузл", "prav"]
# Rows of the latency table beyond the searches, with their p95 budget in ms.
FORGIVING_ROWS = {"typo fallback": 80.0, "type-ahead": 15.0}

# Broad (70 % of rows), narrow (3 %), a sector, and the two biggest cities' regions.
FILTERS: list[tuple[str, str]] = [
    ("kind", "cso"),
    ("kind", "media"),
    ("sector", "education"),
    ("region", "ba-canton-9"),
    ("region", "rs-00"),
]


@dataclasses.dataclass(frozen=True)
class SearchCase:
    group: str
    text: str
    filter: tuple[str, str] | None = None

    @property
    def row(self) -> str:
        return f"{self.group}, {'with a filter' if self.filter else 'no filter'}"

    def params(self) -> dict[str, str]:
        params = {"q": self.text}
        if self.filter:
            params[self.filter[0]] = self.filter[1]
        return params

    def path(self, page: int = 1) -> str:
        params = self.params() | ({"page": str(page)} if page > 1 else {})
        return f"{LANGUAGE_PREFIX}/directory/?{urlencode(params)}"


def search_cases() -> list[SearchCase]:
    cases = []
    for group, texts in QUERY_GROUPS.items():
        for text in texts:
            cases.append(SearchCase(group, text))
            cases += [SearchCase(group, text, pair) for pair in FILTERS]
    return cases


def latency_rows() -> list[str]:
    """Rows of the latency table, in order."""
    rows = []
    for group in QUERY_GROUPS:
        rows += [f"{group}, no filter", f"{group}, with a filter"]
    return rows


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def summarize(samples: list[float]) -> dict[str, float]:
    values = sorted(samples)
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": values[-1] if values else float("nan"),
    }


# In a worker: seeding and measuring -----------------------------------------------------------


def index_status() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "published": Organization.objects.filter(status=Organization.Status.PUBLISHED).count(),
        "indexed": OrganizationSearch.objects.count(),
    }


def seed_directory(*, count: int, words: tuple[int, int], progress: Callable[[int], None] | None) -> dict:
    """Create `count` demo organizations and index them; the index time includes the engine's upkeep."""
    started = time.perf_counter()
    created = demo.create_demo_organizations(count=count, description_words=words, progress=progress)
    seeded = time.perf_counter()
    indexed = services.reindex_organizations()
    search.optimize_index()
    done = time.perf_counter()
    # Planner statistics of every table, as autovacuum would have them some minutes after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"created": created, "indexed": indexed, "seed_s": seeded - started, "index_s": done - seeded}


def measure_latency(*, repeat: int, profiles: int = 300, seed: int = 7) -> dict[str, dict[str, float]]:
    """Server-side milliseconds per table row: `directory_page` alone (the search and loading the
    page's organizations, as the list page and the API call it), then whole pages rendered through
    Django's test client. Each part runs on its own, so one's garbage is not collected in the other."""
    cases = search_cases()
    samples: dict[str, list[float]] = {row: [] for row in [*latency_rows(), *FORGIVING_ROWS]}
    client = Client()
    for case in cases:  # warm the caches and check that every page renders
        _get(client, case.path())
    filtersets = []
    for case in cases:
        filterset = DirectoryFilterSet(
            QueryDict(urlencode(case.params())), queryset=selectors.published_organizations()
        )
        if not filterset.is_valid():
            raise ValueError(f"Invalid benchmark filter {case.filter}: {filterset.errors}")
        filtersets.append((case, filterset))
    gc.collect()
    for _round in range(repeat):
        for case, filterset in filtersets:
            started = time.perf_counter()
            page = selectors.directory_page(filterset, page_number=1, forgiving=True)
            samples[case.row].append((time.perf_counter() - started) * 1000)
            if not page.organizations and case.filter is None:
                raise ValueError(f"The benchmark query {case.text!r} found nothing: is the data seeded?")
    for _round in range(repeat):
        for text in TYPO_QUERIES:
            started = time.perf_counter()
            forgiving_search(search.DirectoryQuery(text=text), limit=settings.SPONA["DIRECTORY_PAGE_SIZE"])
            samples["typo fallback"].append((time.perf_counter() - started) * 1000)
        for text in TYPE_AHEAD:
            started = time.perf_counter()
            selectors.name_suggestions(text)
            samples["type-ahead"].append((time.perf_counter() - started) * 1000)
    samples["search page, whole view"] = time_pages(client, [case.path() for case in cases] * max(1, repeat // 3))
    samples["profile page, whole view"] = time_pages(client, _profile_paths(profiles, seed=seed))
    return {row: summarize(values) for row, values in samples.items()}


def time_pages(client: Client, paths: list[str]) -> list[float]:
    gc.collect()
    timings = []
    for path in paths:
        started = time.perf_counter()
        _get(client, path)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise ValueError(f"GET {path} answered {response.status_code}")


def _profile_paths(count: int, *, seed: int) -> list[str]:
    rows = list(
        Organization.objects.filter(status=Organization.Status.PUBLISHED).order_by("pk").values_list("pk", "slug")
    )
    chosen = random.Random(seed).sample(rows, min(count, len(rows)))
    return [f"{LANGUAGE_PREFIX}/directory/{pk}/{slug}/" for pk, slug in chosen]


def load_paths(*, searches: int = 600, profiles: int = 3000, seed: int = 11) -> dict[str, list[str]]:
    """URLs for the load test: every benchmark query (pages 1 and 2) plus random mixes of their
    words, with and without filters, so no single cached answer serves the load."""
    rng = random.Random(seed)
    cases = search_cases()
    paths = [case.path() for case in cases] + [case.path(page=2) for case in cases[::3]]
    vocabulary = sorted({word for texts in QUERY_GROUPS.values() for text in texts for word in text.split()})
    while len(paths) < searches:
        text = " ".join(rng.sample(vocabulary, rng.randint(1, 3)))
        pair = rng.choice([None, *FILTERS])
        paths.append(SearchCase("mix", text, pair).path())
    rng.shuffle(paths)
    return {"search": paths, "profile": _profile_paths(profiles, seed=seed)}


# In the driver: gunicorn and wrk --------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, env: dict[str, str], workers: int, threads: int = 1) -> Iterator[str]:
    """Run gunicorn with config.wsgi on a free local port; yields its base URL and stops it after."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
        "--backlog=256",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process)
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}{LANGUAGE_PREFIX}/directory/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {base_url} within {timeout:.0f} s")


WRK_SCRIPT = """-- Generated by manage.py benchmark: cycle through many paths, each thread from its own start.
local paths = {
%(paths)s
}
local counter = 0
function setup(thread)
  thread:set("start", counter * 7919)
  counter = counter + 1
end
function init(args)
  i = start or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def run_wrk(
    *, base_url: str, paths: list[str], duration: int, connections: int, threads: int, script: Path
) -> dict[str, float]:
    """Requests per second over `paths`, after a short warm-up that is not counted."""
    script.write_text(WRK_SCRIPT % {"paths": ",\n".join(f'  "{_lua_string(path)}"' for path in paths)})

    def wrk(seconds: int) -> str:
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout=10s", "--latency"]
        command += ["-s", str(script)]
        return subprocess.run(
            [*command, base_url], check=True, capture_output=True, text=True, timeout=seconds + 60
        ).stdout

    wrk(3)
    output = wrk(duration)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "errors": errors,
        "p50": _wrk_ms(output, "50%"),
        "p99": _wrk_ms(output, "99%"),
    }


def _lua_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _wrk_ms(output: str, label: str) -> float:
    match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def redis_reachable(url: str) -> bool:
    import redis  # noqa: PLC0415 (only the benchmark driver needs it directly)

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def flush_redis(url: str) -> None:
    import redis  # noqa: PLC0415

    redis.Redis.from_url(url).flushdb()


def warm_up(*, base_url: str, paths: list[str], workers: int = 4) -> float:
    """Request every path once (so the page cache holds them all); returns the seconds it took.
    A page past the end of small results answers 404, which is fine here."""
    started = time.perf_counter()

    def fetch(path: str) -> None:
        try:
            with urllib.request.urlopen(f"{base_url}{path}", timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fetch, paths))
    return time.perf_counter() - started


def subprocess_env(database_url: str, *, redis_url: str | None = None, page_cache: bool = True) -> dict[str, str]:
    """The environment of every benchmark subprocess: the benchmark database, production-like settings."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    env["SPONA_PUBLIC_PAGE_CACHE_SECONDS"] = "300" if page_cache else "0"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SPONA_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SPONA_DEBUG": "0",
            "SPONA_LOG_LEVEL": "WARNING",
            "SPONA_STATIC_ROOT": str(Path(settings.BASE_DIR) / "var" / "benchmark" / "static"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env
