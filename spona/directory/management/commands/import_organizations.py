"""Import organizations from a CSV or XLSX file, with a progress bar and a report of rejected rows."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from spona.directory import imports


class Command(BaseCommand):
    help = "Import organizations from CSV or XLSX. Any rejected row means nothing is imported."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--pending", action="store_true", help="Leave them waiting for approval.")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file.")
        parser.add_argument("--user", help="E-mail of the staff user the import is recorded under.")

    def handle(self, *args, path: Path, pending: bool, dry_run: bool, user: str | None, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        importer = get_user_model().objects.filter(email=user).first() if user else None
        if user and importer is None:
            raise CommandError(f"No user with the e-mail {user}")
        try:
            with path.open("rb") as handle:
                total = imports.count_rows(handle, path.name)
                with tqdm(total=total, desc="rows", unit="row", disable=options["verbosity"] == 0) as bar:
                    report = imports.import_organizations(
                        rows=imports.read_rows(handle, path.name),
                        user=importer,
                        publish=not pending,
                        dry_run=dry_run,
                        progress=bar.update,
                    )
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from error
        for rejected in report.rejected:
            self.stderr.write(f"line {rejected.line} ({rejected.name}): {'; '.join(rejected.errors)}")
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} of {report.total} rows rejected: nothing was imported.")
        verb = "checked" if dry_run else "imported"
        self.stdout.write(f"{report.total} rows {verb}: {report.created} new, {report.updated} updated.")
