"""Recognition builders: bodies, their rules and goals, and badges to claim credit with."""

from decimal import Decimal

from badges.models import Badge
from badges.services import badge_award
from recognition.models import BodyMembership, BodyRole, Goal, Recognition, RecognitionBody
from tests.support.badges import pass_submission


def make_body(
    name="Test State Licensure Board",
    *,
    kind=RecognitionBody.Kind.STATE_BOARD,
    applies_to=None,
    organization=None,
    approvers=(),
    managers=(),
) -> RecognitionBody:
    body = RecognitionBody.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-")[:80],
        kind=kind,
        applies_to=applies_to,
        organization=organization,
    )
    for user in approvers:
        BodyMembership.objects.create(body=body, user=user, role=BodyRole.APPROVER)
    for user in managers:
        BodyMembership.objects.create(body=body, user=user, role=BodyRole.MANAGER)
    return body


def make_rule(body, *, credential=None, stack=None, focus_area=None, **fields) -> Recognition:
    scope = "stack" if stack else "focus_area" if focus_area else "micro_credential"
    defaults = {
        "outcome": "license_renewal_hours",
        "amount": Decimal("10"),
        "unit": "hours",
        "requires_approval": True,
    }
    rule = Recognition.objects.create(
        body=body,
        scope=scope,
        micro_credential=credential,
        stack=stack,
        focus_area=focus_area,
        **{**defaults, **fields},
    )
    rule.refresh_from_db()  # amounts as the database holds them (Decimal, not the str given)
    return rule


def make_renewal_goal(body, amount="120", years=5) -> Goal:
    return Goal.objects.create(
        body=body,
        title="License renewal",
        kind=Goal.Kind.AMOUNT_IN_CYCLE,
        outcome="license_renewal_hours",
        amount=Decimal(amount),
        cycle_years=years,
    )


def earn_badge(educator, credential, reviewer) -> Badge:
    """Pass a submission through the real services and issue its badge (signed, baked)."""
    return badge_award(submission=pass_submission(educator, credential, reviewer))
