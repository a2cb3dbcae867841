"""`manage.py rebuild_progress_rollup`: recompute every educator's row of the progress rollup
(ADR 0038) and every organization's outcome cells (ADR 0040) from the submissions. After a bulk
load or an import written with SQL or `QuerySet.update()`, which bypass the saves that keep the
rollups current; safe at any time."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.rollup import REBUILD_CHUNK, progress_rollup_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the educator progress rollup and the organizations' outcome cells that "
        "the staff dashboards read, from the submissions, a range of accounts at a time. "
        "Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk",
            type=int,
            default=REBUILD_CHUNK,
            help=f"Accounts per transaction (default {REBUILD_CHUNK}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk"] < 1:
            raise CommandError("--chunk must be at least 1.")
        written = progress_rollup_rebuild(chunk=options["chunk"])
        self.stdout.write(f"Progress rollup rebuilt: {written} educators.")
