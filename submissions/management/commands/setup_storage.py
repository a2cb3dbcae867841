"""`manage.py setup_storage`: create and configure the S3 buckets (run once per deploy)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from submissions.storage import storage_setup_buckets


class Command(BaseCommand):
    help = "Create the evidence and public buckets and set their CORS rule and read policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cors-origin",
            action="append",
            default=[],
            help="Origin allowed to upload directly (repeat; default: SITE_URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.USE_S3:
            raise CommandError("Storage is local in these settings: there is nothing to set up.")
        origins = options["cors_origin"] or [settings.SITE_URL]
        for line in storage_setup_buckets(cors_origins=origins):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Storage is ready."))
