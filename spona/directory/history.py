"""The history of a profile in words: for each saved version, which fields changed and from what to what."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from spona.directory.models import Organization

# Kept by the site itself, or said by the version's row already: not a change anyone made.
NOT_SHOWN = {"version", "created_at", "updated_at", "slug", "completeness", "search_vector"}
LONG_TEXT = 120  # characters of a long text shown before it is cut


# What each version's comment says, as stored (in English, whatever the editor's language) and as shown.
REVISION_COMMENTS = {
    "Registered": _("Registered"),
    "Imported": _("Imported"),
    "Edited the profile": _("Edited the profile"),
    "Edited in the admin": _("Edited in the admin"),
    "Edited contacts": _("Edited the contact people"),
    "Edited programs": _("Edited the programs"),
    "Edited finances": _("Edited the finances"),
    "Edited results": _("Edited the results"),
    "Approved": _("Approved"),
    "Rejected": _("Rejected"),
    "Archived": _("Archived"),
}
RESTORED = "Restored the version of "


def describe_revision(comment: str) -> str:
    if comment.startswith(RESTORED):
        return str(_("Restored the version of %(date)s") % {"date": comment.removeprefix(RESTORED)})
    return str(REVISION_COMMENTS.get(comment, comment))


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


def _shown_fields() -> list[models.Field]:
    return [
        field
        for field in Organization._meta.get_fields()
        if getattr(field, "concrete", False) or field.many_to_many
        if not field.auto_created and field.name not in NOT_SHOWN
    ]


def _related_names(versions: list[Version], fields: list[models.Field]) -> dict[tuple[str, object], str]:
    """The names of every related row the versions point to, read once per related model."""
    wanted: dict[str, set] = {}
    for version in versions:
        data = version.field_dict
        for field in fields:
            if field.many_to_many:
                wanted.setdefault(field.name, set()).update(data.get(field.name) or [])
            elif field.is_relation and data.get(field.attname) is not None:
                wanted.setdefault(field.name, set()).add(data[field.attname])
    names = {}
    for field in fields:
        if field.name in wanted:
            for pk, row in field.related_model._default_manager.in_bulk(wanted[field.name]).items():
                names[(field.name, pk)] = str(row)
    return names


def _shown(field: models.Field, data: dict, names: dict) -> str:
    if field.many_to_many:
        return ", ".join(sorted(names.get((field.name, pk), "?") for pk in data.get(field.name) or [])) or "—"
    value = data.get(field.attname)
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.name, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT] + "…"


def profile_changes(versions: list[Version]) -> list[tuple[Version, str, list[FieldChange]]]:
    """Each version (newest first, as given) with what was done, in words, and what it changed against the
    one before it; the first version changes nothing (it is where the history starts)."""
    fields = _shown_fields()
    names = _related_names(versions, fields)
    result = []
    for index, version in enumerate(versions):
        earlier = versions[index + 1] if index + 1 < len(versions) else None
        changes = []
        if earlier is not None:
            now, then = version.field_dict, earlier.field_dict
            for field in fields:
                before, after = _shown(field, then, names), _shown(field, now, names)
                if before != after:
                    changes.append(FieldChange(str(field.verbose_name), before, after))
        result.append((version, describe_revision(version.revision.comment), changes))
    return result
