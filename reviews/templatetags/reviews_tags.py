"""Template helpers of the review partials that lower apps' pages include: the submission page
(feedback, the expected decision, blind review) and the home page (the reviewer's queue)."""

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

from submissions.models import Submission

from .. import selectors
from ..models import Review

register = template.Library()


@register.simple_tag
def review_summary(submission: Submission) -> dict[str, Any] | None:
    """{% review_summary submission as summary %}: the released decision and feedback."""
    return selectors.review_summary_for_submission(submission)


@register.simple_tag
def expected_decision(submission: Submission) -> dict[str, Any] | None:
    """{% expected_decision submission as expected %}: {date, late} while it waits."""
    expected = selectors.expected_decision_date(submission)
    if expected is None:
        return None
    return {"date": expected, "late": expected < timezone.localdate()}


@register.simple_tag
def educator_hidden(user: Any, submission: Submission) -> bool:
    """{% educator_hidden user submission as hidden %}: blind review hides the educator's name
    (and school) from the reviewer (selectors.educator_hidden_from)."""
    return selectors.educator_hidden_from(user=user, submission=submission)


@register.simple_tag
def review_queue_count(user: Any) -> int:
    """{% review_queue_count user as queue_count %}: submissions waiting that the reviewer may
    claim."""
    return selectors.review_queue_for(user).count()


@register.simple_tag
def active_claims(user: Any) -> list[Review]:
    """{% active_claims user as claims %}: the reviewer's live claims."""
    return selectors.active_claims_for(user)


@register.filter
def stage_label(stage: str) -> str:
    """The queue's words for a review stage: "First review", "Second review", "Adjudication"."""
    return str(Review.Kind(stage).label)


@register.filter
def waited(delta: timedelta | None) -> str:
    """A waiting time in words: "3 days 4 hours", "5 hours", "12 minutes"."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' * (days != 1)}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} hour{'s' * (hours != 1)}"
    return f"{minutes} minute{'s' * (minutes != 1)}"


@register.filter
def percent(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else f"{100 * value:.0f} %"


@register.filter
def number(value: float | None, digits: int = 1) -> str:
    return "\N{EN DASH}" if value is None else f"{value:.{digits}f}"
