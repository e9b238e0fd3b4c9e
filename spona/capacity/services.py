"""Writes of the capacity-building app: loading the shipped frameworks, new versions, publishing, cloning."""

import hashlib
import json
import re
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from spona.accounts.permissions import staff_can
from spona.capacity.models import (
    SCORES,
    Domain,
    Framework,
    FrameworkVersion,
    LevelDescriptor,
    ScaleLevel,
    Subarea,
)
from spona.core.models import CapacityDomain

SHIPPED_FRAMEWORKS = Path(__file__).resolve().parent / "frameworks"
EDIT_FRAMEWORKS = "capacity.change_framework"
LANGUAGES = ("en", "bs", "sr_latn")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def can_edit_frameworks(user) -> bool:
    return staff_can(user, EDIT_FRAMEWORKS)


def _require_editor(user) -> None:
    if user is not None and not can_edit_frameworks(user):
        raise PermissionDenied


# Loading: the data files shipped in spona/capacity/frameworks/ (see their format in README's "Capacity building").


class FrameworkFileError(ValueError):
    pass


def _texts(data: dict, key: str, where: str, *, required: bool = True) -> dict[str, str]:
    texts = data.get(key) or {}
    if not isinstance(texts, dict) or (required and not all(str(texts.get(code, "")).strip() for code in LANGUAGES)):
        raise FrameworkFileError(f"{where}: {key} needs en, bs and sr_latn")
    return {f"{key}_{code}": str(texts.get(code, "")).strip() for code in LANGUAGES}


def _slug(data: dict, where: str) -> str:
    slug = data.get("slug", "")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise FrameworkFileError(f"{where}: slug {slug!r} is not lowercase letters, digits and hyphens")
    return slug


def _lines(items: list, key: str, where: str) -> dict[str, str]:
    """A list of texts in languages, as one text a line per language."""
    columns = {f"{key}_{code}": [] for code in LANGUAGES}
    for index, item in enumerate(items or []):
        for column, text in _texts({key: item}, key, f"{where} {key} {index + 1}").items():
            columns[column].append(text)
    return {column: "\n".join(texts) for column, texts in columns.items()}


def read_framework_file(path: Path) -> tuple[dict, str]:
    """The file's framework as checked data, and the digest of its bytes."""
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise FrameworkFileError(f"{path.name}: not JSON ({error})") from error
    _slug(data, path.name)
    return data, hashlib.sha256(raw).hexdigest()


def _content_of(data: dict, version: FrameworkVersion, where: str) -> tuple[list, list]:
    """Unsaved levels, and domains each with its sub-areas and their descriptors."""
    levels = {int(level.get("score", 0)): level for level in data.get("levels", [])}
    if set(levels) != set(SCORES):
        raise FrameworkFileError(f"{where}: levels must name each score from 1 to 4")
    scale = [ScaleLevel(version=version, score=score, **_texts(levels[score], "name", where)) for score in SCORES]
    capacity_domains = {domain.slug: domain for domain in CapacityDomain.objects.all()}
    domains, seen = [], set()
    for position, domain_data in enumerate(data.get("domains", [])):
        domain_where = f"{where} domain {position + 1}"
        slug = _slug(domain_data, domain_where)
        if slug in seen:
            raise FrameworkFileError(f"{domain_where}: slug {slug} is used twice")
        seen.add(slug)
        capacity_slug = domain_data.get("capacity_domain")
        if capacity_slug and capacity_slug not in capacity_domains:
            raise FrameworkFileError(f"{domain_where}: no capacity domain {capacity_slug!r}")
        domain = Domain(
            version=version,
            slug=slug,
            position=position,
            capacity_domain=capacity_domains.get(capacity_slug),
            **_texts(domain_data, "name", domain_where),
        )
        subareas, subarea_slugs = [], set()
        for subarea_position, subarea_data in enumerate(domain_data.get("subareas", [])):
            subarea_where = f"{domain_where} sub-area {subarea_position + 1}"
            subarea_slug = _slug(subarea_data, subarea_where)
            if subarea_slug in subarea_slugs:
                raise FrameworkFileError(f"{subarea_where}: slug {subarea_slug} is used twice")
            subarea_slugs.add(subarea_slug)
            descriptors = subarea_data.get("levels") or {}
            if set(descriptors) != {str(score) for score in SCORES}:
                raise FrameworkFileError(f"{subarea_where}: levels must describe each score from 1 to 4")
            subarea = Subarea(
                slug=subarea_slug,
                position=subarea_position,
                **_texts(subarea_data, "name", subarea_where),
                **_texts(subarea_data, "question", subarea_where),
                **_lines(subarea_data.get("evidence"), "evidence", subarea_where),
            )
            subareas.append(
                (
                    subarea,
                    [
                        LevelDescriptor(score=score, **_texts({"text": descriptors[str(score)]}, "text", subarea_where))
                        for score in SCORES
                    ],
                )
            )
        if not subareas:
            raise FrameworkFileError(f"{domain_where}: no sub-areas")
        domains.append((domain, subareas))
    if not domains:
        raise FrameworkFileError(f"{where}: no domains")
    return scale, domains


def _store_content(version: FrameworkVersion, scale: list, domains: list) -> None:
    """Save a version's content in a few queries (bulk_create skips save(), so the Cyrillic is filled here)."""
    for level in scale:
        level.version = version
        level.fill_cyrillic()
    ScaleLevel.objects.bulk_create(scale)
    for domain, _subareas in domains:
        domain.version = version
        domain.fill_cyrillic()
    Domain.objects.bulk_create([domain for domain, _subareas in domains])
    subareas = []
    for domain, domain_subareas in domains:
        for subarea, _descriptors in domain_subareas:
            subarea.domain = domain
            subarea.fill_cyrillic()
            subareas.append(subarea)
    Subarea.objects.bulk_create(subareas)
    descriptors = []
    for _domain, domain_subareas in domains:
        for subarea, subarea_descriptors in domain_subareas:
            for descriptor in subarea_descriptors:
                descriptor.subarea = subarea
                descriptor.fill_cyrillic()
                descriptors.append(descriptor)
    LevelDescriptor.objects.bulk_create(descriptors)


@transaction.atomic
def load_framework_file(path: Path, *, now=None) -> FrameworkVersion | None:
    """Load a shipped framework: a new published version when the file changed since the last load, nothing
    when it did not. Published versions are never changed, so assessments keep the text they were made with."""
    data, digest = read_framework_file(path)
    framework = Framework.objects.select_for_update().filter(slug=data["slug"]).first()
    framework_fields = {
        **_texts(data, "name", path.name),
        **_texts(data, "description", path.name, required=False),
        "is_shipped": True,
    }
    if framework is None:
        framework = Framework(slug=data["slug"], **framework_fields)
        framework.save()
    elif framework.versions.filter(source_digest=digest).exists():
        return None
    else:
        for field, value in framework_fields.items():
            setattr(framework, field, value)
        framework.save()
    version = FrameworkVersion.objects.create(framework=framework, number=_next_number(framework), source_digest=digest)
    _store_content(version, *_content_of(data, version, path.name))
    _publish(version, now=now, changes=_("Loaded from the product's reference data."))
    return version


def load_shipped_frameworks(*, now=None) -> list[FrameworkVersion]:
    """Every framework the product ships; returns the versions made (none when nothing changed)."""
    loaded = [load_framework_file(path, now=now) for path in sorted(SHIPPED_FRAMEWORKS.glob("*.json"))]
    return [version for version in loaded if version is not None]


# Versions


def _next_number(framework: Framework) -> int:
    return (framework.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1


def _copy_content(source: FrameworkVersion, target: FrameworkVersion) -> None:
    scale = [_unsaved_copy(level) for level in source.levels.all()]
    domains = []
    for domain in source.domains.prefetch_related("subareas__descriptors"):
        subareas = [
            (_unsaved_copy(subarea), [_unsaved_copy(descriptor) for descriptor in subarea.descriptors.all()])
            for subarea in domain.subareas.all()
        ]
        domains.append((_unsaved_copy(domain), subareas))
    _store_content(target, scale, domains)


def _unsaved_copy(instance):
    copy = type(instance).objects.model()
    for field in instance._meta.concrete_fields:
        if not field.primary_key:
            setattr(copy, field.attname, getattr(instance, field.attname))
    return copy


@transaction.atomic
def start_new_version(*, framework: Framework, user=None) -> FrameworkVersion:
    """A draft copy of the latest version, to change; the published ones stay as they are."""
    _require_editor(user)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists():
        raise ValidationError(_("This framework already has a draft version: change that one, or publish it."))
    source = framework.versions.order_by("-number").first()
    version = FrameworkVersion.objects.create(framework=framework, number=_next_number(framework))
    if source is not None:
        _copy_content(source, version)
    return version


def _publish(version: FrameworkVersion, *, now=None, changes: str = "") -> None:
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = now or timezone.now()
    version.changes = changes or version.changes
    version.save(update_fields=["status", "published_at", "changes"])


def incomplete_parts(version: FrameworkVersion) -> list[str]:
    """What keeps a version from being used: no domains, a domain without sub-areas, a missing descriptor."""
    problems = []
    if version.levels.count() != len(SCORES):
        problems.append(_("The scale must name each score from 1 to 4."))
    domains = list(version.domains.prefetch_related("subareas__descriptors"))
    if not domains:
        problems.append(_("The version has no domains."))
    for domain in domains:
        subareas = list(domain.subareas.all())
        if not subareas:
            problems.append(_("The domain “%(domain)s” has no sub-areas.") % {"domain": domain.name})
        for subarea in subareas:
            if sorted(descriptor.score for descriptor in subarea.descriptors.all()) != list(SCORES):
                problems.append(
                    _("The sub-area “%(subarea)s” needs a descriptor for each score from 1 to 4.")
                    % {"subarea": subarea.name}
                )
    return problems


@transaction.atomic
def publish_version(*, version: FrameworkVersion, user=None, changes: str = "", now=None) -> FrameworkVersion:
    _require_editor(user)
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise ValidationError(_("This version is already published."))
    problems = incomplete_parts(version)
    if problems:
        raise ValidationError(problems)
    _publish(version, now=now, changes=changes)
    return version


@transaction.atomic
def clone_framework(*, version: FrameworkVersion, slug: str, name_en: str, user=None) -> Framework:
    """A framework of its own (for a program, say) starting as a draft copy of `version`."""
    _require_editor(user)
    if not SLUG.match(slug):
        raise ValidationError({"slug": _("Use lowercase letters, digits and hyphens.")})
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A framework with this code exists already.")})
    source = version.framework
    clone = Framework(
        slug=slug,
        name_en=name_en,
        name_bs=name_en,
        name_sr_latn=name_en,
        description_en=source.description_en,
        description_bs=source.description_bs,
        description_sr_latn=source.description_sr_latn,
        cloned_from=version,
    )
    clone.save()
    draft = FrameworkVersion.objects.create(framework=clone, number=1)
    _copy_content(version, draft)
    return clone
