import pytest
from django.core.management import call_command

from accounts.models import User
from organizations.models import Membership, Organization


def _counts() -> tuple[int, int, int]:
    return User.objects.count(), Organization.objects.count(), Membership.objects.count()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_the_public_cast(settings):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    educator = User.objects.get(email="educator@example.com")
    assert educator.check_password(settings.DEMO_PASSWORD)
    school = educator.memberships.get().organization
    assert (school.name, school.parent.name) == ("Lincoln Elementary", "Riverside Unified")
    assert User.objects.get(email="staff@example.com").is_staff
    for email in ("admin@example.com", "admin2@example.com", "reviewer@example.com"):
        assert User.objects.get(email=email).memberships.exists()
