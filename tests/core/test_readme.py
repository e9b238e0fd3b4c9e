"""The README is the maintainers' door: every environment variable the code reads and every management command
is in it, so a new one cannot arrive undocumented."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()
# Where the product, its settings and its tests read the environment.
SOURCES = ["config", "spona", "tests"]
# Read by Django and the libraries themselves, not by our code.
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
ENV_HELPERS = {"env_bool", "env_list"}


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", None) == "os"


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _reads_first_argument(func: ast.AST) -> bool:
    if isinstance(func, ast.Attribute):
        on_environ = _is_environ(func.value) and func.attr in {"get", "pop"}
        return on_environ or (func.attr == "getenv" and getattr(func.value, "id", None) == "os")
    return isinstance(func, ast.Name) and func.id in ENV_HELPERS


def environment_reads(tree: ast.AST) -> set[str]:
    """Names read with os.environ.get/[]/in, os.getenv, env_bool/env_list or dj_database_url's `env=`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            names.add(_literal(node.slice))
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            names.add(_literal(node.left))
        elif isinstance(node, ast.Call):
            if _reads_first_argument(node.func) and node.args:
                names.add(_literal(node.args[0]))
            names.update(_literal(keyword.value) for keyword in node.keywords if keyword.arg == "env")
    return {name for name in names if name} - NOT_OURS


def _read_anywhere() -> dict[str, str]:
    found = {}
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            for name in environment_reads(ast.parse(path.read_text(), filename=str(path))):
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_each_way_of_reading_the_environment():
    code = (
        'os.environ.get("A")\nos.environ["B"]\nos.getenv("C")\nenv_bool("D", False)\nenv_list("E")\n'
        'dj_database_url.config(env="F")\n"G" in os.environ\nos.environ.setdefault("H", "1")\n'
    )
    assert environment_reads(ast.parse(code)) == {"A", "B", "C", "D", "E", "F", "G"}


def test_every_environment_variable_read_is_in_the_configuration_table():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", _section("Configuration")))
    read = _read_anywhere()
    assert "SPONA_SECRET_KEY" in read and "SPONA_REQUIRE_BROWSER" in read  # the scan sees settings and tests
    missing = {name: path for name, path in read.items() if name not in documented}
    assert not missing, f"read but not in README's configuration table: {missing}"


def test_every_management_command_is_in_the_readme():
    commands = sorted(path.stem for path in ROOT.glob("spona/*/management/commands/*.py") if path.stem != "__init__")
    assert "import_organizations" in commands and "seed_demo_data" in commands
    table = _section("Commands")
    missing = [name for name in commands if not re.search(rf"^\| `{name}[ `]", table, re.M)]
    assert not missing, f"management commands missing from the README's table of commands: {missing}"
