"""Reviews through the real services: reviewers, policies, and scores at chosen levels."""

from credentials.models import RubricLevel
from organizations.models import Role
from organizations.services import membership_grant
from reviews import services
from reviews.models import ReviewPolicy
from tests.support.factories import UserFactory


def levels(version):
    """criterion title -> (the failing level, the passing level)."""
    result = {}
    for criterion in version.criteria.all():
        ordered = list(RubricLevel.objects.filter(criterion=criterion).order_by("position"))
        result[criterion.title] = (
            next(level for level in ordered if not level.passing),
            next(level for level in ordered if level.passing),
        )
    return result


def scores(version, *, failing=(), feedback="Show the exit tickets you used."):
    """ScoreInputs: passing everywhere except the criteria titled in `failing`."""
    by_title = levels(version)
    result = []
    for criterion in version.criteria.all():
        fail, ok = by_title[criterion.title]
        level = fail if criterion.title in failing else ok
        result.append(services.ScoreInput(criterion, level, feedback))
    return result


def complete(review, by, *, failing=(), feedback="Overall: good start."):
    version = review.submission.version
    return services.review_complete(
        review=review, by=by, scores=scores(version, failing=failing), feedback=feedback
    )


def set_policy(issuer, **fields):
    policy, _ = ReviewPolicy.objects.update_or_create(issuer=issuer, defaults=fields)
    return policy


def make_reviewer(issuer, credential, **kwargs):
    user = UserFactory(**kwargs)
    membership_grant(user=user, organization=issuer, role=Role.REVIEWER)
    services.reviewer_designate(reviewer=user, credential=credential, by=None)
    return user
