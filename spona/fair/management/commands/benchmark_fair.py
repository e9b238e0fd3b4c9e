"""Benchmark the fair's meeting scheduler on generated fairs: placed weight against the LP bound, and time."""

from django.core.management.base import BaseCommand, CommandError

from spona.fair.benchmark import HEADER, format_row, run_benchmark


class Command(BaseCommand):
    help = "Schedule generated fairs of the given sizes and print placed weight, LP bound and time (no database)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="200,1000,3000", help="Participants per fair, comma-separated.")
        parser.add_argument(
            "--optimize-seconds",
            type=float,
            default=0.0,
            help="Also run optimize mode for this many seconds on a fair of 1,000 participants.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generated fairs.")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="Seconds per fast run (default: 10 up to 200 participants, 2 up to 1,000, 5 above).",
        )

    def handle(self, *args, sizes: str, optimize_seconds: float, seed: int, time_limit: float | None, **options):
        try:
            counts = [int(size) for size in str(sizes).split(",") if size.strip()]
        except ValueError as error:
            raise CommandError(f"--sizes wants numbers separated by commas, not {sizes!r}") from error
        if not counts or min(counts) < 2:
            raise CommandError("each size needs at least two participants")
        self.stdout.write(HEADER)
        run_benchmark(
            counts,
            seed=seed,
            optimize_seconds=optimize_seconds,
            time_limit=time_limit,
            progress=lambda row: self.stdout.write(format_row(row)),
        )
        self.stdout.write(
            "time s: building and solving, the LP included when it guided the search (up to 200 participants\n"
            "and in optimize mode); to wt s: until the final weight was reached (the rest goes on fewer gaps);\n"
            "LP s: the LP bound (HiGHS interior point); %bound: placed weight / floor(LP bound)."
        )
