"""`manage.py seed_demo`: demo organizations, accounts and catalog. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from demo.activity import seed_demo_activity
from demo.cast import (
    DEMO_AUTHOR,
    DEMO_STAFF,
    ISSUER_SLUG,
    seed_demo_accounts,
    seed_demo_organizations,
)
from demo.catalog import seed_demo_catalog, seed_demo_reviewer_designations
from demo.community import seed_demo_community
from demo.critical_friends import seed_demo_critical_friends
from demo.discussion import seed_demo_discussion
from demo.recognition import seed_demo_credit, seed_demo_recognition


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations, accounts and catalog."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--with-activity",
            action="store_true",
            help="Also a little history (badges and credit claimed with them, feedback, a draft, "
            "a submission waiting for review), once. Needs tasks run in process (make run's "
            "settings).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_SEED_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (production).")
        if options["with_activity"] and not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "--with-activity needs tasks run in process (CELERY_TASK_ALWAYS_EAGER): the "
                "demo uploads must be processed before they are submitted."
            )
        with transaction.atomic():
            organizations = seed_demo_organizations()
            users = seed_demo_accounts(password=settings.DEMO_PASSWORD, organizations=organizations)
            created = seed_demo_catalog(
                issuer=organizations[ISSUER_SLUG],
                author=User.objects.filter(email=DEMO_AUTHOR).first(),
            )
            seed_demo_reviewer_designations()
            bodies = seed_demo_recognition(
                organizations=organizations, staff=User.objects.get(email=DEMO_STAFF)
            )
            cohorts = seed_demo_community(organizations=organizations)
        # After the commit above: mention emails are sent once the posts are saved.
        if threads := seed_demo_discussion():
            self.stdout.write(f"Demo discussion added: {threads} threads in the Riverside cohort.")
        if options["with_activity"] and seed_demo_activity():
            self.stdout.write("Demo activity added: badges, feedback, a draft, a waiting review.")
        if options["with_activity"] and seed_demo_critical_friends():
            self.stdout.write("Demo critical friends added: Maria's draft shared with James.")
        if options["with_activity"] and seed_demo_credit():
            self.stdout.write("Demo credit added: one request approved, one pending.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(organizations)} organizations, {len(users)} accounts "
                f"(password from DEMO_PASSWORD), {created} new micro-credentials, {bodies} "
                f"recognition bodies, {cohorts} cohorts."
            )
        )
