"""The demo recognition bodies, their rules, goals and people (demo/data/recognition.json), and,
with the activity, James Carter's renewal date and credit requests. Through recognition's
services; idempotent: a body is found by its slug, a rule by its target and outcome, a goal by
its title, and the requests are made once."""

from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import User
from badges.models import Badge
from credentials.models import FocusArea, MicroCredential, Stack
from organizations.models import Organization
from recognition.models import CreditRequest, Goal, Recognition, RecognitionBody
from recognition.selectors import badges_for_claim, rule_covers_badge
from recognition.services import (
    body_create,
    body_member_add,
    credit_request_approve,
    credit_request_create,
    educator_cycle_set,
    goal_save,
    recognition_save,
)

from .files import DATA_DIR, read

RECOGNITION_FILE = DATA_DIR / "recognition.json"
_TARGETS: dict[str, Any] = {
    "micro_credential": MicroCredential,
    "stack": Stack,
    "focus_area": FocusArea,
}


def seed_demo_recognition(*, organizations: dict[str, Organization], staff: User) -> int:
    """Bodies of recognition.json with their rules, goals, approvers and managers, brought up to
    date with the file. Returns how many bodies there are."""
    bodies = read(RECOGNITION_FILE)["bodies"]
    for entry in bodies:
        body = _body(entry, organizations, staff)
        for role in ("approvers", "managers"):
            for email in entry[role]:
                user = User.objects.get(email=email)
                body_member_add(body=body, user=user, role=role.removesuffix("s"))
        for rule in entry["rules"]:
            _rule(body, rule)
        for goal in entry["goals"]:
            _goal(body, goal)
    return len(bodies)


def _body(
    entry: dict[str, Any], organizations: dict[str, Organization], staff: User
) -> RecognitionBody:
    existing = RecognitionBody.objects.filter(slug=entry["slug"]).first()
    if existing is not None:
        return existing  # kept as it is, like the demo organizations
    return body_create(
        by=staff,
        name=entry["name"],
        slug=entry["slug"],
        kind=entry["kind"],
        description=entry["description"],
        url=entry.get("url", ""),
        contact_email=entry.get("contact_email", ""),
        organization=organizations.get(entry.get("organization", "")),
        applies_to=organizations.get(entry.get("applies_to", "")),
    )


def _rule(body: RecognitionBody, entry: dict[str, Any]) -> Recognition:
    scope = entry["scope"]
    target = _TARGETS[scope].objects.get(slug=entry["target"])
    rule = Recognition.objects.filter(
        body=body, scope=scope, outcome=entry["outcome"], **{scope: target}
    ).first() or Recognition(body=body, scope=scope, outcome=entry["outcome"], **{scope: target})
    rule.amount = Decimal(entry["amount"])
    rule.unit = entry["unit"]
    rule.cost = Decimal(entry["cost"]) if "cost" in entry else None
    rule.requires_approval = entry["requires_approval"]
    rule.badges_per_claim = entry.get("badges_per_claim", 1)
    rule.limit_count = entry.get("limit_count")
    rule.limit_period = entry.get("limit_period", Recognition.LimitPeriod.YEAR)
    rule.notes = entry.get("notes", "")
    return recognition_save(recognition=rule)


def _goal(body: RecognitionBody, entry: dict[str, Any]) -> Goal:
    goal = Goal.objects.filter(body=body, title=entry["title"]).first() or Goal(
        body=body, title=entry["title"]
    )
    goal.kind = entry["kind"]
    goal.outcome = entry.get("outcome", "")
    goal.amount = Decimal(entry["amount"]) if "amount" in entry else None
    goal.cycle_years = entry.get("cycle_years")
    goal.stack = Stack.objects.get(slug=entry["stack"]) if "stack" in entry else None
    return goal_save(goal=goal)


def seed_demo_credit() -> int:
    """The demo educators' renewal dates, and their credit requests (approved or left pending)
    from the badges they hold, once: an educator who has a request already gets no more.
    Returns how many requests were made."""
    data = read(RECOGNITION_FILE)
    for entry in data["renewal_dates"]:
        educator_cycle_set(
            educator=User.objects.get(email=entry["educator"]),
            body=RecognitionBody.objects.get(slug=entry["body"]),
            renewal_date=date.fromisoformat(entry["renewal_date"]),
        )
    claimants = {entry["educator"] for entry in data["credit_requests"]}
    done = set(
        CreditRequest.objects.filter(educator__email__in=claimants).values_list(
            "educator__email", flat=True
        )
    )
    made = 0
    for entry in data["credit_requests"]:
        if entry["educator"] not in done and _claim(entry):
            made += 1
    return made


def _claim(entry: dict[str, Any]) -> bool:
    educator = User.objects.get(email=entry["educator"])
    badge = (
        Badge.objects.filter(
            educator=educator, credential__slug=entry["micro_credential"], revoked_at__isnull=True
        )
        .order_by("-issued_at")
        .first()
    )
    if badge is None:
        return False  # the activity that earns it has not run
    [badge] = badges_for_claim([badge.pk])
    body = RecognitionBody.objects.get(slug=entry["body"])
    rule = next(
        rule for rule in body.rules.filter(is_active=True) if rule_covers_badge(rule, badge)
    )
    request = credit_request_create(educator=educator, recognition=rule, badges=[badge])
    if entry["decision"] == "approved" and request.status == CreditRequest.Status.PENDING:
        credit_request_approve(request=request, by=User.objects.get(email=entry["by"]))
    return True
