"""Settings as a fresh process reads them from a given environment (config/settings.py reads the
environment once, at import, so the test process's own settings cannot show it)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEUTRAL = {"DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}


def run_with_settings(environment: dict, *arguments: str) -> subprocess.CompletedProcess:
    """`python <arguments>` in the project with only `environment` set of Spona's variables."""
    base = {
        key: value for key, value in os.environ.items() if not key.startswith(("SPONA_", "DATABASE_URL", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={**base, **NEUTRAL, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_as_read(environment: dict, name: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = run_with_settings(environment, "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
