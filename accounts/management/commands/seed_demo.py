"""`manage.py seed_demo`: demo organizations, accounts and catalog. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from credentials.demo import seed_demo_catalog
from organizations.demo import ISSUER_SLUG, seed_demo_accounts, seed_demo_organizations
from reviews.demo import seed_demo_reviewer_designations


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations, accounts and catalog."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_SEED_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (production).")
        with transaction.atomic():
            organizations = seed_demo_organizations()
            users = seed_demo_accounts(password=settings.DEMO_PASSWORD, organizations=organizations)
            created = seed_demo_catalog(
                issuer=organizations[ISSUER_SLUG],
                author=User.objects.filter(email="author@example.com").first(),
            )
            seed_demo_reviewer_designations()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(organizations)} organizations, {len(users)} accounts "
                f"(password from DEMO_PASSWORD), {created} new micro-credentials."
            )
        )
