"""`manage.py resign_credentials`: a deploy step after `migrate` (ADR 0021, README)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from badges.resigning import credentials_resign


class Command(BaseCommand):
    help = (
        "Sign again the Open Badges 3.0 and status list credentials whose proof other "
        "verifiers reject (same claims, same ids and status entries, a new proof). "
        "Idempotent: safe to run on every deploy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be signed again, change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = credentials_resign(dry_run=options["dry_run"])
        verb = "would be signed again" if options["dry_run"] else "signed again"
        self.stdout.write(
            f"{report.checked} credentials could be affected; {report.resigned} {verb}."
        )
