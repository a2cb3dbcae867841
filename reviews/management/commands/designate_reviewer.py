"""`manage.py designate_reviewer EMAIL --issuer SLUG`: qualify a reviewer for every
micro-credential of an issuing organization (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from organizations.models import Organization
from reviews.services import reviewer_designate_for_all


class Command(BaseCommand):
    help = "Make a user a reviewer of an issuer, qualified for all its micro-credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--issuer", required=True, help="The issuing organization's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        reviewer = User.objects.filter(email__iexact=options["email"]).first()
        if reviewer is None:
            raise CommandError(f"No account {options['email']}.")
        issuer = Organization.objects.filter(
            slug=options["issuer"], kind=Organization.Kind.ISSUER
        ).first()
        if issuer is None:
            raise CommandError(f"No issuing organization {options['issuer']}.")
        created = reviewer_designate_for_all(reviewer=reviewer, issuer=issuer)
        self.stdout.write(
            self.style.SUCCESS(f"{reviewer.email} reviews for {issuer.name}: {created} new.")
        )
