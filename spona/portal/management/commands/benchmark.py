"""Benchmark the site at scale on SQLite and PostgreSQL: seeding, directory search latency, the training
catalogue and session pages, and requests per second under load.

Never touches the developer's database: SQLite runs on var/benchmark.sqlite3 and PostgreSQL on a
database of its own (spona_benchmark). Everything that needs a database runs in a subprocess of
this command (`--worker ...`) with DATABASE_URL set to the benchmark database.
The directory's parts are in spona.directory.benchmark, education's in spona.learning.benchmark.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from psycopg import sql
from tqdm import tqdm

from spona.calls import benchmark as calls_benchmark
from spona.directory import benchmark
from spona.learning import benchmark as learning_benchmark

DATABASES = ("sqlite", "postgresql")
BUDGET = {
    "search_p95_ms": 50.0,
    "search_rps": 150.0,
    "profile_rps": 600.0,
    "training_p95_ms": 50.0,
    "calls_p95_ms": 50.0,
    "digest_s": 60.0,
}
LOAD_MODES = {
    "cached": "as deployed: page cache on, every URL visited once before",
    "rendered": "every request rendered: page cache off",
}
LOAD_MODES_SHORT = {"cached": "cached", "rendered": "rendered"}


class Command(BaseCommand):
    help = (
        "Seed benchmark databases (SQLite and PostgreSQL, never your own) with demo organizations and trainings, "
        "then print seed and index time, search and page latency (p50/p95/p99) and requests per second under load."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=100_000, help="Organizations to seed (default 100000).")
        parser.add_argument(
            "--words",
            type=int,
            nargs=2,
            default=(200, 400),
            metavar=("MIN", "MAX"),
            help="Length range of each description in words (default 200 400).",
        )
        parser.add_argument("--sessions", type=int, default=5_000, help="Training sessions to seed (default 5000).")
        parser.add_argument(
            "--registrations", type=int, default=100_000, help="Registrations spread over them (default 100000)."
        )
        parser.add_argument("--calls", type=int, default=20_000, help="Project calls to seed (default 20000).")
        parser.add_argument("--news", type=int, default=50_000, help="News posts to seed (default 50000).")
        parser.add_argument(
            "--subscriptions", type=int, default=100_000, help="Saved searches with alerts (default 100000)."
        )
        parser.add_argument("--databases", default=",".join(DATABASES), help="Comma-separated: sqlite,postgresql.")
        parser.add_argument(
            "--sqlite-path", default="var/benchmark.sqlite3", help="Benchmark SQLite file (relative to the project)."
        )
        parser.add_argument(
            "--postgresql-url",
            default=os.environ.get("SPONA_BENCHMARK_DATABASE_URL") or _default_postgresql_url(),
            help="Benchmark PostgreSQL database; it is dropped and created again unless --reuse finds the data. "
            "Default: SPONA_BENCHMARK_DATABASE_URL, else spona_benchmark on the DATABASE_URL server or on "
            "postgresql://postgres@127.0.0.1:5432.",
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Skip seeding when the benchmark database already has the data."
        )
        parser.add_argument("--repeat", type=int, default=10, help="Rounds over the query list (default 10).")
        parser.add_argument("--duration", type=int, default=20, help="Seconds of load per page type (default 20).")
        parser.add_argument("--connections", type=int, default=8, help="Concurrent wrk connections (default 8).")
        parser.add_argument("--wrk-threads", type=int, default=1)
        parser.add_argument("--gunicorn-workers", type=int, default=3, help="Sync gunicorn workers (default 3).")
        parser.add_argument("--skip-load", action="store_true", help="Measure latency only, without gunicorn.")
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("SPONA_BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379/15"),
            help="Redis database the server processes share as their cache during the load test; it is emptied "
            "first (default: SPONA_BENCHMARK_REDIS_URL, else redis://127.0.0.1:6379/15). Without Redis each "
            "process keeps its own in-process cache.",
        )
        parser.add_argument(
            "--worker",
            choices=["status", "seed", "seed-trainings", "seed-calls", "latency", "digest", "paths"],
            help=argparse.SUPPRESS,
        )

    def handle(self, *args, **options):
        if options["worker"]:
            self._work(options)
            return
        databases = [name.strip() for name in options["databases"].split(",") if name.strip()]
        unknown = set(databases) - set(DATABASES)
        if unknown:
            raise CommandError(f"Unknown databases: {', '.join(sorted(unknown))} (choose from {', '.join(DATABASES)})")
        if not options["skip_load"] and shutil.which("wrk") is None:
            raise CommandError("wrk is not installed (apt install wrk), or pass --skip-load.")
        self.run_dir = Path(settings.BASE_DIR) / "var" / "benchmark"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        results = {}
        for name in databases:
            url = self._sqlite_url(options["sqlite_path"]) if name == "sqlite" else options["postgresql_url"]
            self._refuse_own_database(url)
            results[name] = self._benchmark(name, url, options)
        self.stdout.write(_report(results, options))

    # Driver ----------------------------------------------------------------------------------

    def _benchmark(self, name: str, url: str, options) -> dict:
        env = benchmark.subprocess_env(url, page_cache=False)
        record_path = self.run_dir / f"{name}-seed.json"
        wanted = {"orgs": options["orgs"], "words": list(options["words"])}
        record = json.loads(record_path.read_text()) if record_path.exists() else None
        status = self._status(name, url, env) if options["reuse"] else None
        reused = bool(
            status and status["organizations"] == options["orgs"] and status["indexed"] == status["published"]
        )
        if reused:
            self._say(name, f"reusing {status['organizations']} organizations already in the benchmark database")
            if not record or {key: record.get(key) for key in wanted} != wanted:
                record = {**wanted, "seed_s": None, "index_s": None}
        else:
            self._reset(name, url)
            self._manage(env, "migrate", "--verbosity=0")
            self._manage(env, "load_reference_data", "--verbosity=0")
            low, high = options["words"]
            self._say(name, f"seeding {options['orgs']} organizations with descriptions of {low}–{high} words")
            seeded = self._worker(env, "seed", options)
            record = {**wanted, "seed_s": seeded["seed_s"], "index_s": seeded["index_s"]}
            record["at"] = datetime.datetime.now().isoformat(timespec="seconds")
            record_path.write_text(json.dumps(record, indent=2))
            self._say(name, f"seeded in {seeded['seed_s']:.0f} s, indexed in {seeded['index_s']:.0f} s")
            status = None
        if not status or status["sessions"] != options["sessions"]:
            self._say(
                name, f"seeding {options['sessions']} training sessions, {options['registrations']} registrations"
            )
            trained = self._worker(env, "seed-trainings", options)
            record["training_seed_s"] = trained["training_seed_s"]
            record_path.write_text(json.dumps(record, indent=2))
            self._say(name, f"trainings seeded in {trained['training_seed_s']:.0f} s")
        wanted_calls = (options["calls"], options["news"], options["subscriptions"])
        if not status or (status["calls"], status["news"], status["saved_searches"]) != wanted_calls:
            self._say(
                name,
                f"seeding {options['calls']} calls, {options['news']} news posts, "
                f"{options['subscriptions']} saved searches",
            )
            seeded_calls = self._worker(env, "seed-calls", options)
            record["calls_seed_s"] = seeded_calls["calls_seed_s"]
            record_path.write_text(json.dumps(record, indent=2))
            self._say(name, f"calls seeded in {seeded_calls['calls_seed_s']:.0f} s")
        self._manage(env, "collectstatic", "--noinput", "--verbosity=0")
        self._say(name, "measuring search latency")
        latency = self._worker(env, "latency", options)
        self._say(name, "running a full daily digest")
        digest = self._worker(env, "digest", options)
        load = {}
        if not options["skip_load"]:
            paths = self._worker(env, "paths", options)
            load["rendered"] = self._load(name, url, paths, options, page_cache=False)
            load["cached"] = self._load(name, url, paths, options, page_cache=True)
        return {"seed": record, "reused": reused, "latency": latency, "load": load, "digest": digest}

    def _load(self, name: str, url: str, paths: dict, options, *, page_cache: bool) -> dict:
        """Requests per second of each page under wrk. With `page_cache`, as deployed: anonymous pages
        come from the cache shared by the server processes, after one visit of every URL; without it,
        every request renders its page (the cost of a URL nobody asked for within the cache's time)."""
        redis_url = options["redis_url"] if benchmark.redis_reachable(options["redis_url"]) else None
        if redis_url:
            benchmark.flush_redis(redis_url)
        env = benchmark.subprocess_env(url, redis_url=redis_url, page_cache=page_cache)
        mode = "page cache" if page_cache else "no page cache"
        result = {"cache": "Redis" if redis_url else "in-process"}
        with benchmark.gunicorn(env=env, workers=options["gunicorn_workers"]) as base_url:
            for page in ("search", "profile"):
                if page_cache:
                    self._say(name, f"{mode}: visiting each of the {len(paths[page])} {page} URLs once")
                    benchmark.warm_up(base_url=base_url, paths=paths[page])
                self._say(name, f"{mode}: loading the {page} page for {options['duration']} s")
                result[page] = benchmark.run_wrk(
                    base_url=base_url,
                    paths=paths[page],
                    duration=options["duration"],
                    connections=options["connections"],
                    threads=options["wrk_threads"],
                    script=self.run_dir / f"wrk-{page}.lua",
                )
        return result

    def _status(self, name: str, url: str, env: dict) -> dict | None:
        if name == "sqlite" and not Path(dj_database_url.parse(url)["NAME"]).exists():
            return None
        if name == "postgresql" and not _postgresql_database_exists(url):
            return None
        self._manage(env, "migrate", "--verbosity=0")
        return self._worker(env, "status", {})

    def _reset(self, name: str, url: str) -> None:
        if name == "sqlite":
            path = Path(dj_database_url.parse(url)["NAME"])
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        else:
            _recreate_postgresql_database(url)

    def _manage(self, env: dict, *arguments: str) -> None:
        subprocess.run([sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env, check=True)

    def _worker(self, env: dict, task: str, options) -> dict:
        arguments = [f"--worker={task}"]
        if task == "seed":
            arguments += [f"--orgs={options['orgs']}", "--words", *map(str, options["words"])]
        if task == "seed-trainings":
            arguments += [f"--sessions={options['sessions']}", f"--registrations={options['registrations']}"]
        if task == "seed-calls":
            arguments += [
                f"--calls={options['calls']}",
                f"--news={options['news']}",
                f"--subscriptions={options['subscriptions']}",
            ]
        if task == "latency":
            arguments.append(f"--repeat={options['repeat']}")
        completed = subprocess.run(
            [sys.executable, "manage.py", "benchmark", *arguments],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        return json.loads(completed.stdout)

    def _say(self, name: str, message: str) -> None:
        self.stderr.write(f"[{time.strftime('%H:%M:%S')} {name}] {message}")

    def _sqlite_url(self, path: str) -> str:
        return f"sqlite:///{(Path(settings.BASE_DIR) / path).resolve()}"

    def _refuse_own_database(self, url: str) -> None:
        if _identity(settings.DATABASES["default"]) == _identity(dj_database_url.parse(url)):
            raise CommandError("The benchmark database is your own database: choose another one.")

    # Worker (runs with DATABASE_URL = the benchmark database) ------------------------------------

    def _work(self, options) -> None:
        task = options["worker"]
        if task == "status":
            result = {
                **benchmark.index_status(),
                **learning_benchmark.training_status(),
                **calls_benchmark.calls_status(),
            }
        elif task == "seed-trainings":
            with tqdm(total=options["registrations"], desc="registrations", unit="reg", file=sys.stderr) as bar:
                result = learning_benchmark.seed_trainings(
                    sessions=options["sessions"],
                    registrations=options["registrations"],
                    progress=lambda done: bar.update(done - bar.n),
                )
        elif task == "seed-calls":
            total = options["calls"] + options["news"] + options["subscriptions"]
            with tqdm(total=total, desc="calls, news, searches", unit="row", file=sys.stderr) as bar:
                result = calls_benchmark.seed_calls(
                    calls=options["calls"], news=options["news"], searches=options["subscriptions"], progress=bar.update
                )
        elif task == "digest":
            result = calls_benchmark.measure_digest()
        elif task == "seed":
            with tqdm(total=options["orgs"], desc="organizations", unit="org", file=sys.stderr) as bar:
                result = benchmark.seed_directory(
                    count=options["orgs"], words=tuple(options["words"]), progress=bar.update
                )
        elif task == "latency":
            result = benchmark.measure_latency(repeat=options["repeat"])
            pages = learning_benchmark.measure_pages(
                Client(), repeat=options["repeat"], time_pages=benchmark.time_pages
            )
            result.update({row: benchmark.summarize(values) for row, values in pages.items()})
            pages = calls_benchmark.measure_pages(Client(), repeat=options["repeat"], time_pages=benchmark.time_pages)
            result.update({row: benchmark.summarize(values) for row, values in pages.items()})
        else:
            result = benchmark.load_paths()
        self.stdout.write(json.dumps(result))


def _identity(database: dict) -> tuple[str, ...]:
    return (database["ENGINE"], str(database["NAME"]), database.get("HOST") or "", str(database.get("PORT") or ""))


def _default_postgresql_url() -> str:
    own = os.environ.get("DATABASE_URL", "")
    if own.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(own)._replace(path="/spona_benchmark", query=""))
    return "postgresql://postgres@127.0.0.1:5432/spona_benchmark"


def _maintenance_conninfo(url: str) -> tuple[str, str]:
    """Where to connect to create or drop the benchmark database, and its name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _postgresql_database_exists(url: str) -> bool:
    conninfo, name = _maintenance_conninfo(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate_postgresql_database(url: str) -> None:
    conninfo, name = _maintenance_conninfo(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# Report ---------------------------------------------------------------------------------------


def _report(results: dict[str, dict], options) -> str:
    names = list(results)
    labels = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    width, column = 46, 30
    lines = [
        "",
        f"Site benchmark: {options['orgs']:,} organizations, descriptions of "
        f"{options['words'][0]}–{options['words'][1]} words; {options['sessions']:,} training sessions, "
        f"{options['registrations']:,} registrations; {options['calls']:,} calls, {options['news']:,} news posts, "
        f"{options['subscriptions']:,} saved searches; {os.cpu_count()} CPU cores",
        "",
        f"{'':<{width}}" + "".join(f"{labels[name]:>{column}}" for name in names),
    ]

    def seconds(value) -> str:
        return "—" if value is None else f"{value:,.0f} s"

    seed_rows = (
        ("seed_s", "Seed time"),
        ("index_s", "Index time"),
        ("training_seed_s", "Training seed time"),
        ("calls_seed_s", "Calls, news and searches seed time"),
    )
    for key, title in seed_rows:
        cells = []
        for name in names:
            cell = seconds(results[name]["seed"].get(key))
            cells.append(cell + (" (earlier)" if results[name]["reused"] and cell != "—" else ""))
        lines.append(f"{title:<{width}}" + "".join(f"{cell:>{column}}" for cell in cells))
    lines += ["", "Server-side latency in ms, p50 / p95 / p99"]
    rows = [*benchmark.latency_rows(), *benchmark.FORGIVING_ROWS, "search page, whole view", "profile page, whole view"]
    rows += learning_benchmark.LATENCY_ROWS + calls_benchmark.LATENCY_ROWS
    for row in rows:
        cells = []
        for name in names:
            stats = results[name]["latency"][row]
            cells.append(f"{stats['p50']:.1f} / {stats['p95']:.1f} / {stats['p99']:.1f}")
        lines.append(f"  {row:<{width - 2}}" + "".join(f"{cell:>{column}}" for cell in cells))
    lines += ["", "Full daily digest run (every saved search due; e-mails to an in-memory outbox)"]
    digest_cells = []
    for name in names:
        digest = results[name]["digest"]
        digest_cells.append(f"{digest['digest_s']:.1f} s")
    lines.append(f"  {'wall time':<{width - 2}}" + "".join(f"{cell:>{column}}" for cell in digest_cells))
    for key, title in (
        ("searches", "searches"),
        ("new_calls", "new calls"),
        ("digests", "e-mails"),
        ("deliveries", "calls mailed"),
        ("sent", "e-mails sent"),
        ("processes", "processes"),
    ):
        cells = [f"{results[name]['digest'][key]:,}" for name in names]
        lines.append(f"  {title:<{width - 2}}" + "".join(f"{cell:>{column}}" for cell in cells))
    if any(results[name]["load"] for name in names):
        lines += [
            "",
            f"Requests per second (and wrk's median latency): gunicorn ({options['gunicorn_workers']} sync "
            f"workers) on 127.0.0.1, wrk {options['connections']} connections, {options['duration']} s per page",
        ]
        for mode, title in LOAD_MODES.items():
            caches = sorted({results[name]["load"][mode]["cache"] for name in names if results[name]["load"]})
            lines.append(f"  {title} ({', '.join(caches)} cache)")
            for page in ("search", "profile"):
                cells = []
                for name in names:
                    load = results[name]["load"].get(mode, {}).get(page)
                    cell = "—" if not load else f"{load['rps']:,.0f}/s (p50 {load['p50']:.0f} ms)"
                    if load and load["errors"]:
                        cell += f" ({load['errors']} errors)"
                    cells.append(cell)
                lines.append(f"    {page + ' page':<{width - 4}}" + "".join(f"{cell:>{column}}" for cell in cells))
    lines += ["", *_budget_lines(results, names, labels)]
    return "\n".join(lines) + "\n"


def _budget_lines(results: dict[str, dict], names: list[str], labels: dict[str, str]) -> list[str]:
    lines = [
        f"Budget: every search row p95 < {BUDGET['search_p95_ms']:.0f} ms, "
        + ", ".join(f"{row} p95 < {ms:.0f} ms" for row, ms in benchmark.FORGIVING_ROWS.items())
        + f", search page ≥ "
        f"{BUDGET['search_rps']:.0f}/s, profile page ≥ {BUDGET['profile_rps']:.0f}/s (as deployed); "
        f"training catalogue and session page p95 < {BUDGET['training_p95_ms']:.0f} ms; call and news lists "
        f"p95 < {BUDGET['calls_p95_ms']:.0f} ms; daily digest < {BUDGET['digest_s']:.0f} s"
    ]
    for name in names:
        latency, load = results[name]["latency"], results[name]["load"]
        worst_row = max(benchmark.latency_rows(), key=lambda row: latency[row]["p95"])
        checks = [f"worst search p95 {latency[worst_row]['p95']:.1f} ms ({worst_row})"]
        passed = latency[worst_row]["p95"] < BUDGET["search_p95_ms"]
        for row, budget_ms in benchmark.FORGIVING_ROWS.items():
            checks.append(f"{row} p95 {latency[row]['p95']:.1f} ms")
            passed &= latency[row]["p95"] < budget_ms
        for row in learning_benchmark.LATENCY_ROWS:
            checks.append(f"{row.removesuffix(', whole view')} p95 {latency[row]['p95']:.1f} ms")
            passed &= latency[row]["p95"] < BUDGET["training_p95_ms"]
        for row in calls_benchmark.LATENCY_ROWS:
            checks.append(f"{row.removesuffix(', whole view')} p95 {latency[row]['p95']:.1f} ms")
            passed &= latency[row]["p95"] < BUDGET["calls_p95_ms"]
        digest_s = results[name]["digest"]["digest_s"]
        checks.append(f"daily digest {digest_s:.1f} s")
        passed &= digest_s < BUDGET["digest_s"]
        for mode in LOAD_MODES:
            for page in ("search", "profile"):
                if page in load.get(mode, {}):
                    checks.append(f"{page} {load[mode][page]['rps']:,.0f}/s {LOAD_MODES_SHORT[mode]}")
                    if mode == "cached":
                        passed &= load[mode][page]["rps"] >= BUDGET[f"{page}_rps"]
                    passed &= not load[mode][page]["errors"]
        verdict = "met" if passed else "NOT met"
        lines.append(f"  {labels[name]}: {verdict}: " + ", ".join(checks))
    return lines
