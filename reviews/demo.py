"""Demo data for reviews: the demo reviewer is qualified for every demo micro-credential."""

from accounts.models import User
from organizations.demo import ISSUER_SLUG
from organizations.models import Organization

from .services import reviewer_designate_for_all

DEMO_REVIEWER = "reviewer@example.com"


def seed_demo_reviewer_designations() -> int:
    """Designate the demo reviewer for every micro-credential of the demo issuer (idempotent;
    call after the catalog is seeded). Returns how many designations were new."""
    reviewer = User.objects.filter(email=DEMO_REVIEWER).first()
    issuer = Organization.objects.filter(slug=ISSUER_SLUG).first()
    if reviewer is None or issuer is None:
        return 0
    return reviewer_designate_for_all(reviewer=reviewer, issuer=issuer)
