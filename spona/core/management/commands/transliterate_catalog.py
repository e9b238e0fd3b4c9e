"""Write the Serbian Cyrillic message catalog (sr) as a transliteration of the Serbian Latin one (sr_Latn).

Run it after `makemessages` and after translating sr_Latn; the sr catalog is regenerated as a whole,
so corrections to the Cyrillic text belong in WORD_EXCEPTIONS or LATIN_WORDS of spona/core/transliteration.py
(or in sr_Latn), never in locale/sr by hand.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from spona.core.transliteration import transliterate

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
LINE_WIDTH = 79


@dataclass
class Entry:
    """One message of a .po file: its comment lines as written, and its fields with unescaped values."""

    comments: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)

    def get(self, keyword: str) -> str | None:
        return next((value for key, value in self.fields if key == keyword), None)

    @property
    def is_header(self) -> bool:
        return self.get("msgid") == "" and self.get("msgctxt") is None


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(0)), text)


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def read_catalog(path: Path) -> list[Entry]:
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = Entry()
        for line in (raw.strip() for raw in block.splitlines()):
            if line.startswith("#"):
                entry.comments.append(line)
            elif line.startswith('"'):
                keyword, value = entry.fields[-1]
                entry.fields[-1] = (keyword, value + unescape(line[1:-1]))
            elif line:
                keyword, _space, quoted = line.partition(" ")
                entry.fields.append((keyword, unescape(quoted.strip()[1:-1])))
        if entry.fields or entry.comments:
            entries.append(entry)
    return entries


def format_field(keyword: str, value: str) -> list[str]:
    """Lay a field out the way gettext does: one line if it fits, else wrapped after spaces and newlines."""
    escaped = escape(value)
    single = f'{keyword} "{escaped}"'
    if len(single) <= LINE_WIDTH and "\\n" not in escaped[:-2]:
        return [single]
    lines = [f'{keyword} ""']
    for paragraph in re.findall(r".*?\\n|.+$", escaped):
        current = ""
        # Like gettext, break after spaces, and after a hyphen that a letter follows.
        for word in re.findall(r"\S*?-(?=[^\W\d_])|\S*\s*", paragraph):
            if current and len(current) + len(word) > LINE_WIDTH - 2:
                lines.append(f'"{current}"')
                current = ""
            current += word
        if current:
            lines.append(f'"{current}"')
    return lines


def write_catalog(path: Path, entries: list[Entry]) -> None:
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        for keyword, value in entry.fields:
            lines.extend(format_field(keyword, value))
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def transliterate_entry(entry: Entry) -> Entry:
    fields = [(key, transliterate(value) if key.startswith("msgstr") else value) for key, value in entry.fields]
    return Entry(comments=list(entry.comments), fields=fields)


def cyrillic_header(source_header: Entry, target: Path) -> Entry:
    """The header the sr catalog already has, unless it is still makemessages' fuzzy default; then
    sr_Latn's, renamed."""
    if target.exists():
        header = next((entry for entry in read_catalog(target) if entry.is_header), None)
        if header and not any(line.startswith("#,") and "fuzzy" in line for line in header.comments):
            return header

    def rename(text: str) -> str:
        text = re.sub(r"^Language: .*$", "Language: sr", text, flags=re.MULTILINE)
        return text.replace("Serbian (Latin)", "Serbian (Cyrillic)")

    return Entry(
        comments=[rename(line) for line in source_header.comments],
        fields=[(key, rename(value) if key == "msgstr" else value) for key, value in source_header.fields],
    )


def cyrillic_catalog(source: Path, target: Path) -> list[Entry]:
    return [
        cyrillic_header(entry, target) if entry.is_header else transliterate_entry(entry)
        for entry in read_catalog(source)
    ]


def messages(entries: list[Entry]) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """What the compiled catalog is made of: each message's flags (fuzzy or not) and fields."""
    return [
        ([line for line in entry.comments if line.startswith("#,")], entry.fields)
        for entry in entries
        if not entry.is_header
    ]


class Command(BaseCommand):
    help = "Regenerate the Serbian Cyrillic catalog (sr) from the Serbian Latin one (sr_Latn)."

    def add_arguments(self, parser):
        parser.add_argument("--domain", default="django", help="Catalog domain: django or djangojs.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the sr catalog is not the transliteration of sr_Latn.",
        )

    def handle(self, *args, domain: str, check: bool, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        source = locale_dir / "sr_Latn" / "LC_MESSAGES" / f"{domain}.po"
        target = locale_dir / "sr" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            raise CommandError(f"No Serbian Latin catalog at {source}: run makemessages first.")
        entries = cyrillic_catalog(source, target)
        if check:
            if not target.exists() or messages(read_catalog(target)) != messages(entries):
                raise CommandError(f"{target} is out of date: run transliterate_catalog.")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        write_catalog(target, entries)
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {len(messages(entries))} messages to {target}")
