"""The benchmark command at a tiny scale: it seeds its own database, measures, and prints every figure."""

import io
import re
import shutil

import pytest
from django.core.management import call_command

from spona.calls import benchmark as calls_benchmark
from spona.directory import benchmark
from spona.learning import benchmark as learning_benchmark

pytestmark = pytest.mark.django_db


def _run(tmp_path, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "benchmark",
        "--databases=sqlite",
        f"--sqlite-path={tmp_path / 'benchmark.sqlite3'}",
        "--orgs=500",
        "--words",
        "20",
        "40",
        "--repeat=1",
        "--sessions=60",
        "--registrations=600",
        "--calls=300",
        "--news=200",
        "--subscriptions=400",
        "--redis-url=redis://127.0.0.1:6379/14",
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def _check_latency(report: str) -> None:
    assert "Site benchmark: 500 organizations, descriptions of 20–40 words; 60 training sessions" in report
    assert re.search(r"Seed time\s+\d+ s", report)
    assert re.search(r"Training seed time\s+\d+ s", report)
    rows = [*benchmark.latency_rows(), "search page, whole view", "profile page, whole view"]
    for row in [*rows, *learning_benchmark.LATENCY_ROWS, *calls_benchmark.LATENCY_ROWS]:
        assert re.search(rf"{re.escape(row)}\s+[\d.]+ / [\d.]+ / [\d.]+", report), row
    assert re.search(r"SQLite: (met|NOT met): worst search p95 [\d.]+ ms", report)
    assert re.search(r"training catalogue p95 [\d.]+ ms, training session page p95 [\d.]+ ms", report)
    assert re.search(r"call list p95 [\d.]+ ms, news list p95 [\d.]+ ms, daily digest [\d.]+ s", report)
    assert re.search(r"wall time\s+[\d.]+ s", report)
    assert re.search(r"e-mails\s+[1-9][\d,]*", report)


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)")
def test_every_figure_is_printed(tmp_path):
    report = _run(tmp_path, "--duration=1", "--gunicorn-workers=1", "--connections=2")

    _check_latency(report)
    for title in ("as deployed: page cache on", "every request rendered: page cache off"):
        assert title in report
    rates = re.findall(r"(search|profile) page\s+([\d,]+)/s \(p50 \d+ ms\)(.*)", report)
    assert [page for page, _rate, _rest in rates] == ["search", "profile", "search", "profile"], report
    for page, rate, rest in rates:
        assert int(rate.replace(",", "")) > 0
        # At this scale some second pages of results are past the end (404); profiles always exist.
        assert page == "search" or "errors" not in rest, report


@pytest.mark.skipif(shutil.which("wrk") is not None, reason="the test above covers it")
def test_latency_figures_without_wrk(tmp_path):
    _check_latency(_run(tmp_path, "--skip-load"))
