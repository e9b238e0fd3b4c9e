"""Write the messages of Django and third-party apps that Spona translates itself into modules makemessages reads.

django-allauth, django-reversion, django-filter and the task backend ship no Bosnian catalog, and Django's own
Bosnian catalogs are incomplete (and wrong in places). Django looks in LOCALE_PATHS before any app's catalog, so
translating these messages in locale/ fixes them; but makemessages only keeps messages it finds in our sources.
This command lists them in spona/core/third_party_messages.py (and .js for the admin's JavaScript catalog), which
nothing imports: `make messages` runs it before makemessages. A message is listed when a package's catalog lacks it
in one of our languages, or when CORRECTIONS says its upstream translation is wrong.
"""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The catalogs of our languages (en needs none).
LANGUAGES = ("bs", "sr_Latn", "sr")
OUTPUT = Path(settings.BASE_DIR) / "spona" / "core" / "third_party_messages"


@dataclass(frozen=True)
class Source:
    package: str
    # The folder, inside the package, whose locale/ holds its catalogs ("" for the package's own).
    folder: str = ""
    domain: str = "django"
    # Keep only the messages used in these parts of the package (prefixes of the catalog's references).
    paths: tuple[str, ...] = ()
    # A package without catalogs: its messages are read from these source files with xgettext.
    python_files: tuple[str, ...] = ()


SOURCES = [
    Source("django", "conf"),
    Source("django", "contrib/admin"),
    Source("django", "contrib/admin", domain="djangojs"),
    Source("django", "contrib/auth"),
    Source("django", "contrib/contenttypes"),
    Source("django", "contrib/sessions"),
    Source("django", "contrib/sites"),
    Source("django", "contrib/humanize"),
    # The site uses allauth's accounts only (no social accounts, MFA, sessions or identity provider).
    Source("allauth", paths=("account/", "templates/account/", "templates/allauth/")),
    Source("reversion"),
    Source("django_filters"),
    Source("django_tasks_db", python_files=("models.py",)),
]

# Messages whose upstream translation is wrong, so ours must replace it: (context, msgid) -> why.
CORRECTIONS = {
    (None, "Change"): "bs: 'Izmjeni' (ijekavian imperative is 'Izmijeni')",
    (None, "Change %s"): "bs: 'Izmjeni'",
    (None, "Change password: %s"): "bs: 'Izmjeni'",
    (None, "Unknown"): "bs: translated as 'Password changed successfully.'",
    (None, "Filter"): "bs: left in English",
    (None, "Yes"): "django-filter's choices next to Django's",
    (None, "No"): "django-filter's choices next to Django's",
    **{
        (context, month): "bs, sr: capitalised and in the nominative where dates need the genitive"
        for context, months in {
            "alt. month": [
                "January", "February", "March", "April", "May", "June",
                "July", "August", "September", "October", "November", "December",
            ],
            "abbrev. month": ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
                              "Nov.", "Dec."],
        }.items()
        for month in months
    },
    # allauth's Serbian: "se projavite" (a typo of "prijavite").
    (None, "Already have an account? Then please %(link)ssign in%(end_link)s."): "sr: 'projavite'",
}  # fmt: skip


@dataclass(frozen=True)
class Message:
    context: str | None
    msgid: str
    plural: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def _package_dir(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise CommandError(f"{package} is not installed.")
    return Path(spec.origin).parent


def _read(path: Path) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def _catalogs(source: Source) -> tuple[Path, dict[str, Catalog | None]]:
    locale = _package_dir(source.package) / source.folder / "locale"
    return locale, {lang: _read(locale / lang / "LC_MESSAGES" / f"{source.domain}.po") for lang in LANGUAGES}


def _messages_of(catalog: Catalog, paths: tuple[str, ...]) -> list[Message]:
    found = []
    for entry in catalog:
        if not entry.id:
            continue
        if paths and not any(location.startswith(paths) for location, _line in entry.locations):
            continue
        msgid, plural = (entry.id[0], entry.id[1]) if entry.pluralizable else (entry.id, None)
        found.append(Message(entry.context, msgid, plural))
    return found


def _extract(source: Source) -> list[Message]:
    """Messages of a package that ships no catalog, read from its code by xgettext."""
    folder = _package_dir(source.package)
    with tempfile.TemporaryDirectory() as temporary:
        pot = Path(temporary) / "messages.pot"
        subprocess.run(
            ["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=_", "--keyword=gettext_lazy",
             "--keyword=pgettext_lazy:1c,2", "--keyword=ngettext_lazy:1,2", "-o", str(pot),
             *(str(folder / name) for name in source.python_files)],
            check=True,
        )  # fmt: skip
        catalog = _read(pot)
    return _messages_of(catalog, ()) if catalog else []


def _translated(catalog: Catalog | None, message: Message) -> bool:
    if catalog is None:
        return False
    entry = catalog.get(message.msgid if message.plural is None else (message.msgid, message.plural), message.context)
    if entry is None or entry.fuzzy:
        return False
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(strings)


def messages_to_translate(source: Source) -> list[Message]:
    """The source's messages that one of our languages lacks upstream, or that CORRECTIONS lists."""
    if source.python_files:
        return _extract(source)
    locale, catalogs = _catalogs(source)
    reference = _read(locale / "en" / "LC_MESSAGES" / f"{source.domain}.po") or next(
        (
            _read(path)
            for path in sorted(locale.glob(f"*/LC_MESSAGES/{source.domain}.po"))
            if path.parent.parent.name not in LANGUAGES
        ),
        None,
    )
    if reference is None:
        raise CommandError(f"No catalog of {source.package} lists its messages ({locale}).")
    return [
        message
        for message in _messages_of(reference, source.paths)
        if message.key in CORRECTIONS or not all(_translated(catalogs[lang], message) for lang in LANGUAGES)
    ]


def _python_call(message: Message) -> str:
    args = [repr(text) for text in (message.context, message.msgid, message.plural) if text is not None]
    if message.plural is not None:
        name = "npgettext_lazy" if message.context is not None else "ngettext_lazy"
        return f"    {name}({', '.join(args)}, 1),"
    return f"    {'pgettext_lazy' if message.context is not None else 'gettext_noop'}({', '.join(args)}),"


def _js_call(message: Message) -> str:
    args = [json.dumps(text, ensure_ascii=False) for text in (message.context, message.msgid, message.plural)
            if text is not None]  # fmt: skip
    name = ("npgettext" if message.context is not None else "ngettext") if message.plural is not None else (
        "pgettext" if message.context is not None else "gettext"
    )  # fmt: skip
    return f"{name}({', '.join(args)}{', 1' if message.plural is not None else ''});"


PYTHON_HEADER = '''"""Messages of Django and third-party apps that Spona's catalogs translate; makemessages reads them.

Generated by `manage.py collect_third_party_messages`; do not edit. Nothing imports this module.
"""
# ruff: noqa: E501

from django.utils.translation import gettext_noop, ngettext_lazy, npgettext_lazy, pgettext_lazy

MESSAGES = (
'''

JS_HEADER = """// Messages of Django's admin scripts that Spona's catalogs translate (read by makemessages -d djangojs).
// Generated by `manage.py collect_third_party_messages`; do not edit. Never served or loaded.
"""


class Command(BaseCommand):
    help = "List the messages of Django and third-party apps that Spona's own catalogs translate."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if the modules are stale.")

    def handle(self, *args, check: bool, **options):
        by_domain: dict[str, dict[tuple, Message]] = {"django": {}, "djangojs": {}}
        sections: dict[str, list[tuple[str, list[Message]]]] = {"django": [], "djangojs": []}
        for source in SOURCES:
            seen = by_domain[source.domain]
            new = [message for message in messages_to_translate(source) if message.key not in seen]
            seen.update((message.key, message) for message in new)
            label = f"{source.package}{'/' + source.folder if source.folder else ''}"
            sections[source.domain].append((label, new))
        python = PYTHON_HEADER + "".join(
            f"    # {label}\n" + "".join(_python_call(message) + "\n" for message in messages)
            for label, messages in sections["django"]
            if messages
        ) + ")\n"  # fmt: skip
        javascript = JS_HEADER + "".join(
            f"\n// {label}\n" + "".join(_js_call(message) + "\n" for message in messages)
            for label, messages in sections["djangojs"]
            if messages
        )  # fmt: skip
        outputs = {OUTPUT.with_suffix(".py"): python, OUTPUT.with_suffix(".js"): javascript}
        if check:
            stale = [str(path) for path, text in outputs.items() if not path.exists() or path.read_text() != text]
            if stale:
                raise CommandError(f"Out of date: {', '.join(stale)}; run collect_third_party_messages.")
            return
        for path, text in outputs.items():
            path.write_text(text, encoding="utf-8")
        if options["verbosity"] > 0:
            counts = {domain: len(messages) for domain, messages in by_domain.items()}
            self.stdout.write(f"Listed {counts['django']} messages (django) and {counts['djangojs']} (djangojs).")
