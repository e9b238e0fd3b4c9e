"""Bulk import of organizations from CSV or XLSX: every row validated, all or nothing.

Columns are those of the CSV export (see exports.EXPORT_COLUMNS); only `name` is required.
Places, sectors and legal forms are given by code or by name, in any script and with or
without diacritics. A file with any rejected row changes nothing; the report lists each
rejected row with its reasons.
"""

import csv
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import openpyxl
import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from spona.core.forms import ModelForm
from spona.core.models import LegalForm, Municipality, Sector, SustainableDevelopmentGoal
from spona.core.normalization import fold, to_latin
from spona.core.page_cache import invalidate_public_pages
from spona.core.spreadsheets import restore_neutralized
from spona.directory import services
from spona.directory.models import PLAIN_PROFILE_FIELDS, DirectoryImport, Organization

logger = logging.getLogger(__name__)
MAX_ROWS = 200_000
BATCH_SIZE = 1000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, no name column)."""


@dataclass
class RejectedRow:
    line: int
    name: str
    errors: list[str]


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "committed": self.committed,
            "rejected": [{"line": r.line, "name": r.name, "errors": r.errors} for r in self.rejected],
        }


def _key(value: str) -> str:
    return fold(to_latin(str(value))).strip()


def read_rows(file, filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV (UTF-8, comma or semicolon) or XLSX file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises zipfile, KeyError and others for bad files
            raise ImportFileError(_("This is not an XLSX file we can read.")) from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise ImportFileError(_("The file is empty."))
        columns = [str(cell or "").strip().lower() for cell in header]
        _check_columns(columns)
        width = max((index + 1 for index, column in enumerate(columns) if column), default=0)
        for line, values in enumerate(rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            if any(value not in (None, "") for value in values[width:]):
                name = values[columns.index("name")] if len(values) > columns.index("name") else ""
                yield line, MalformedRow(_extra_values_message(len(values), width), str(name or ""))
                continue
            yield (
                line,
                {
                    col: restore_neutralized("" if v is None else str(v).strip())
                    for col, v in zip(columns, values, strict=False)
                    if col
                },
            )
        workbook.close()
    elif name.endswith(".csv"):
        raw = file.read()
        try:
            text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from error
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            fieldnames = reader.fieldnames
        except csv.Error as error:
            raise ImportFileError(_("The first row cannot be read: %(error)s.") % {"error": error}) from error
        if not fieldnames:
            raise ImportFileError(_("The file is empty."))
        reader.fieldnames = [name.strip().lower() for name in fieldnames]
        _check_columns(reader.fieldnames)
        yield from _csv_rows(reader)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))


@dataclass
class MalformedRow:
    """A line whose shape does not fit the header: too many or too few values, or a broken quote."""

    error: str
    name: str = ""


def _extra_values_message(count: int, width: int) -> str:
    return _("the line has %(count)s values, but the first row names %(width)s columns") % {
        "count": count,
        "width": width,
    }


def _csv_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str] | MalformedRow]]:
    width = len(reader.fieldnames)
    while True:
        started = reader.line_num + 1  # where the next record starts, even when it cannot be read
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # A quote opened and never closed swallows the rest of the file: nothing after it can be read.
            yield (
                started,
                MalformedRow(
                    _("the line cannot be read (%(error)s); check its quotes: nothing from here on was read")
                    % {"error": error}
                ),
            )
            return
        values = [value for key, value in row.items() if key is not None]
        extra = row.get(None) or []
        if not any((value or "").strip() for value in [*values, *extra] if isinstance(value, str)):
            continue
        if extra or any(value is None for value in values):
            given = len([value for value in values if value is not None]) + len(extra)
            yield started, MalformedRow(_extra_values_message(given, width), (row.get("name") or "").strip())
            continue
        yield started, {key: restore_neutralized(value.strip()) for key, value in row.items() if key}


def _check_columns(columns: list[str]) -> None:
    if "name" not in columns:
        raise ImportFileError(_("The first row must name the columns, and one of them must be “name”."))


class ImportRowForm(ModelForm):
    """One row's plain fields; the coded ones are resolved by the Lookups below."""

    class Meta:
        model = Organization
        fields = PLAIN_PROFILE_FIELDS


class Lookups:
    """Codes and names of places and taxonomies, loaded once per import."""

    def __init__(self):
        self.municipalities: dict[str, list[Municipality]] = {}
        for municipality in Municipality.objects.select_related("city"):
            self.municipalities.setdefault(municipality.code, []).append(municipality)
            self.municipalities.setdefault(_key(municipality.name), []).append(municipality)
        self.sectors: dict[str, Sector] = {}
        for sector in Sector.objects.all():
            for value in (sector.slug, sector.name_en, sector.name_bs, sector.name_sr_latn):
                self.sectors[_key(value)] = sector
        self.legal_forms: dict[str, LegalForm] = {}
        for form in LegalForm.objects.all():
            for value in (form.slug, form.name_en, form.name_bs, form.name_sr_latn):
                self.legal_forms[_key(value)] = form
        self.goals = {str(goal.number): goal for goal in SustainableDevelopmentGoal.objects.all()}
        self.kinds = {}
        for language, _name in settings.LANGUAGES:  # a file may name kinds in any UI language
            with translation.override(language):
                for value, label in Organization.Kind.choices:
                    self.kinds[_key(value)] = value
                    self.kinds[_key(str(label))] = value


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


@dataclass
class ValidRow:
    line: int
    fields: dict
    sectors: list
    goals: list
    existing_id: int | None
    columns: frozenset[str] = frozenset()

    def given(self, name: str) -> bool:
        """Whether the file has this column (an update leaves the others as they are)."""
        return name in self.columns


def validate_row(line: int, row: dict[str, str], lookups: Lookups) -> ValidRow | RejectedRow:
    errors: list[str] = []
    data = dict(row)
    if data.get("kind"):
        kind = lookups.kinds.get(_key(data["kind"]))
        if kind is None:
            errors.append(_("kind: unknown value “%(value)s”") % {"value": data["kind"]})
        # An unknown kind is reported once, above, not again by the form.
        data["kind"] = kind or Organization.Kind.CSO
    else:
        data["kind"] = Organization.Kind.CSO
    form = ImportRowForm(data)
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors += [f"{name}: {message}" for message in messages]
    fields = dict(form.cleaned_data) if form.is_valid() else {}
    municipality = None
    if row.get("municipality"):
        candidates = lookups.municipalities.get(row["municipality"]) or lookups.municipalities.get(
            _key(row["municipality"]), []
        )
        if len(candidates) == 1:
            municipality = candidates[0]
        elif not candidates:
            errors.append(_("municipality: unknown place “%(value)s”") % {"value": row["municipality"]})
        else:
            errors.append(
                _("municipality: “%(value)s” is ambiguous; use one of the codes %(codes)s")
                % {"value": row["municipality"], "codes": ", ".join(m.code for m in candidates)}
            )
    legal_form = None
    if row.get("legal_form"):
        legal_form = lookups.legal_forms.get(_key(row["legal_form"]))
        if legal_form is None:
            errors.append(_("legal_form: unknown value “%(value)s”") % {"value": row["legal_form"]})
    sectors = []
    for value in _split(row.get("sectors", "")):
        sector = lookups.sectors.get(_key(value))
        if sector is None:
            errors.append(_("sectors: unknown sector “%(value)s”") % {"value": value})
        else:
            sectors.append(sector)
    goals = []
    for value in _split(row.get("goals", "")):
        goal = lookups.goals.get(value.removeprefix("SDG").strip())
        if goal is None:
            errors.append(_("goals: unknown goal “%(value)s” (use 1 to 17)") % {"value": value})
        else:
            goals.append(goal)
    existing_id = None
    if row.get("id"):
        try:
            existing_id = int(row["id"])
        except ValueError:
            errors.append(_("id: not a number"))
    if errors:
        return RejectedRow(line=line, name=row.get("name", ""), errors=errors)
    fields.update({"municipality": municipality, "legal_form": legal_form})
    return ValidRow(
        line=line, fields=fields, sectors=sectors, goals=goals, existing_id=existing_id, columns=frozenset(row)
    )


def import_organizations(
    *,
    rows,
    user=None,
    publish: bool = True,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every row, then (unless a row is rejected or `dry_run`) save them all at once.

    Rows with an `id` of an existing organization update it; the others are created, published
    (or pending when `publish` is false). The search index is brought up to date at the end.
    """
    report = ImportReport()
    lookups = Lookups()
    valid: list[ValidRow] = []
    seen_numbers: dict[str, int] = {}
    for line, row in rows:
        report.total += 1
        if report.total > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
        if isinstance(row, MalformedRow):
            report.rejected.append(RejectedRow(line=line, name=row.name, errors=[row.error]))
            if progress:
                progress(1)
            continue
        result = validate_row(line, row, lookups)
        if isinstance(result, ValidRow):
            number = result.fields.get("registration_number")
            if number and number in seen_numbers:
                result = RejectedRow(
                    line=line,
                    name=row.get("name", ""),
                    errors=[
                        _("registration_number: the same number is on line %(line)s") % {"line": seen_numbers[number]}
                    ],
                )
            elif number:
                seen_numbers[number] = line
        if isinstance(result, RejectedRow):
            report.rejected.append(result)
        else:
            valid.append(result)
        if progress:
            progress(1)
    existing_ids = {row.existing_id for row in valid if row.existing_id}
    found = set(Organization.objects.filter(pk__in=existing_ids).values_list("pk", flat=True))
    for row in valid:
        if row.existing_id and row.existing_id not in found:
            report.rejected.append(
                RejectedRow(line=row.line, name=row.fields.get("name", ""), errors=[_("id: no such organization")])
            )
    report.rejected.sort(key=lambda rejected: rejected.line)
    if report.rejected or dry_run:
        return report
    _save_rows(valid, report=report, user=user, publish=publish)
    report.committed = True
    return report


@transaction.atomic
def _save_rows(valid: list[ValidRow], *, report: ImportReport, user, publish: bool) -> None:
    now = timezone.now()
    status = Organization.Status.PUBLISHED if publish else Organization.Status.PENDING
    to_create = [row for row in valid if not row.existing_id]
    to_update = [row for row in valid if row.existing_id]
    invalidate_public_pages()  # rows are written in bulk, without the save signals
    ids: list[int] = []
    for start in range(0, len(to_create), BATCH_SIZE):
        batch = to_create[start : start + BATCH_SIZE]
        organizations = []
        for row in batch:
            organization = Organization(
                **row.fields,
                status=status,
                submitted_by=user,
                published_at=now if publish else None,
                confirmed_at=now if publish else None,
            )
            organization.slug = Organization.slug_for(organization.name)  # bulk_create skips save()
            organizations.append(organization)
        created = Organization.objects.bulk_create(organizations)
        sector_links, goal_links = [], []
        for organization, row in zip(created, batch, strict=True):
            sector_links += [
                Organization.sectors.through(organization_id=organization.pk, sector_id=s.pk) for s in row.sectors
            ]
            goal_links += [
                Organization.goals.through(organization_id=organization.pk, sustainabledevelopmentgoal_id=g.pk)
                for g in row.goals
            ]
        Organization.sectors.through.objects.bulk_create(sector_links)
        Organization.goals.through.objects.bulk_create(goal_links)
        report.created += len(created)
        ids += [organization.pk for organization in created]
    for row in to_update:
        organization = Organization.objects.get(pk=row.existing_id)
        with reversion.create_revision():
            for name, value in row.fields.items():
                if row.given(name):
                    setattr(organization, name, value)
            organization.save()
            if row.given("sectors"):
                organization.sectors.set(row.sectors)
            if row.given("goals"):
                organization.goals.set(row.goals)
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment("Imported")
        report.updated += 1
    ids += [row.existing_id for row in to_update]
    services.refresh_completeness_in_bulk(ids=ids)
    services.reindex_organizations(ids=ids)


def count_rows(file, filename: str) -> int:
    total = sum(1 for _row in read_rows(file, filename))
    file.seek(0)
    return total


def start_import_job(*, uploaded_file, user, publish: bool, dry_run: bool):
    """Store the upload and queue its import; the task worker reports progress on the job."""
    job = DirectoryImport.objects.create(
        file=uploaded_file, original_name=uploaded_file.name[:255], publish=publish, dry_run=dry_run, created_by=user
    )
    transaction.on_commit(lambda: run_directory_import.enqueue(import_id=job.pk))
    return job


@task()
def run_directory_import(*, import_id: int) -> str:
    """The background task behind start_import_job."""
    return run_import_job(import_id=import_id)


def _discard_file(job: DirectoryImport) -> None:
    """The file holds private contact people: it is kept only until its import has run, dry runs too (after an
    unexpected error it stays, so the same import can be run again)."""
    job.file.delete(save=False)


def run_import_job(*, import_id: int) -> str:
    job = DirectoryImport.objects.get(pk=import_id)
    job.status = DirectoryImport.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])
    processed = 0

    def progress(step: int) -> None:
        nonlocal processed
        processed += step
        if processed % 500 == 0:
            DirectoryImport.objects.filter(pk=job.pk).update(processed_rows=processed)

    try:
        with job.file.open("rb") as handle:
            job.total_rows = count_rows(handle, job.original_name)
            DirectoryImport.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
            report = import_organizations(
                rows=read_rows(handle, job.original_name),
                user=job.created_by,
                publish=job.publish,
                dry_run=job.dry_run,
                progress=progress,
            )
    except ImportFileError as error:
        job.status = DirectoryImport.Status.FAILED
        job.report = {"error": str(error)}
        _discard_file(job)
    except Exception as error:  # anything else (an organization deleted meanwhile, the database): never RUNNING forever
        logger.exception("Import %s (%s) failed", job.pk, job.original_name)
        job.status = DirectoryImport.Status.FAILED
        job.report = {
            "error": _(
                "The import stopped on an unexpected error (%(error)s), so nothing was imported. "
                "The details are in the server's log; try again, or tell the site's maintainers."
            )
            % {"error": type(error).__name__}
        }
    else:
        job.report = report.as_dict()
        if report.rejected:
            job.status = DirectoryImport.Status.REJECTED
        else:
            job.status = DirectoryImport.Status.DONE
        _discard_file(job)
    job.processed_rows = processed
    job.save(update_fields=["status", "report", "processed_rows", "total_rows", "file", "updated_at"])
    return job.status
