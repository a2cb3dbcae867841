"""Review emails, each sent at most once (a record by key), so a retried task is harmless:
to the educator at claim and at the decision, to issuer staff when reviews disagree and when
submissions wait past the target, and the daily queue digest for reviewers who opted in."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.mail import RecordClaim, send_claimed
from organizations.models import Role
from submissions.models import Submission

from . import quality, selectors
from .models import Review, ReviewEmail, ReviewerPreference


def _send_once(key: str, template: str, context: dict[str, Any], to: list[str]) -> bool:
    """Send the email named `key` unless it went out already (its ReviewEmail row records it);
    a failure lets a retry send it."""
    if not to:
        return False

    def prepare() -> EmailMessage:
        full = {"site_name": settings.SITE_NAME, **context}
        subject = render_to_string(f"emails/{template}_subject.txt", full).strip()
        return EmailMessage(subject, render_to_string(f"emails/{template}.txt", full), to=to)

    return send_claimed(RecordClaim(ReviewEmail, {"key": key}), prepare)


def _submission_url(submission: Submission) -> str:
    return settings.SITE_URL + reverse("submissions:detail", args=[submission.public_id])


def _email_context(review: Review) -> dict[str, Any]:
    submission = review.submission
    return {
        "review": review,
        "submission": submission,
        "educator": submission.educator,
        "title": submission.version.title,
        "url": _submission_url(submission),
        "expected": selectors.expected_decision_date(submission),
    }


def _review_for_email(review_id: int) -> Review | None:
    return (
        Review.objects.select_related(
            "submission__educator", "submission__version", "submission__credential"
        )
        .filter(pk=review_id)
        .first()
    )


def review_email_claimed(*, review_id: int) -> bool:
    """Tell the educator a reviewer has started on their submission."""
    review = _review_for_email(review_id)
    if review is None:
        return False
    context = _email_context(review)
    return _send_once(
        f"claimed:{review.pk}", "review_claimed", context, [review.submission.educator.email]
    )


def review_email_decision(*, review_id: int) -> bool:
    """Tell the educator the decision, with a link to the feedback."""
    review = _review_for_email(review_id)
    if review is None or review.submission.status not in selectors.DECIDED:
        return False
    context = _email_context(review)
    context["passed"] = review.submission.status == Submission.Status.PASSED
    return _send_once(
        f"decision:{review.submission_id}",
        "review_decision",
        context,
        [review.submission.educator.email],
    )


def review_email_adjudication(*, review_id: int) -> bool:
    """Tell the issuer's staff that two reviews disagree and a final decision is needed."""
    review = _review_for_email(review_id)
    if review is None:
        return False
    submission = review.submission
    staff = User.objects.filter(
        is_active=True,
        memberships__organization_id=submission.credential.issuer_id,
        memberships__role=Role.ISSUER_STAFF,
        memberships__is_active=True,
    ).distinct()
    context = {
        "title": submission.version.title,
        "url": settings.SITE_URL + reverse("reviews:queue"),
    }
    return _send_once(
        f"adjudication:{submission.pk}",
        "review_adjudication",
        context,
        sorted(u.email for u in staff),
    )


def review_digests_send(*, now: datetime | None = None) -> list[int]:
    """Periodic (daily): each opted-in reviewer gets what waits for them, once a day."""
    today = timezone.localdate(now or timezone.now())
    sent = []
    preferences = ReviewerPreference.objects.filter(
        daily_digest=True, reviewer__is_active=True
    ).select_related("reviewer")
    for preference in preferences:
        reviewer = preference.reviewer
        queue = selectors.review_queue_for(reviewer)
        count = queue.count()
        if not count:
            continue
        context = {
            "reviewer": reviewer,
            "count": count,
            "oldest": list(queue[:10]),
            "url": settings.SITE_URL + reverse("reviews:queue"),
            "today": today,
        }
        if _send_once(f"digest:{reviewer.pk}:{today}", "review_digest", context, [reviewer.email]):
            sent.append(reviewer.pk)
    return sent


def review_overdue_alerts_send(*, now: datetime | None = None) -> list[int]:
    """Periodic (daily): issuer staff hear about submissions waiting past the target."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = []
    overdue = quality.overdue_submissions(None, now=now)
    by_issuer: dict[int, list[Any]] = {}
    for submission in overdue:
        by_issuer.setdefault(submission.credential.issuer_id, []).append(submission)
    for issuer_id, submissions in by_issuer.items():
        staff = User.objects.filter(
            is_active=True,
            memberships__organization_id=issuer_id,
            memberships__role=Role.ISSUER_STAFF,
            memberships__is_active=True,
        ).distinct()
        context = {
            "issuer": submissions[0].credential.issuer,
            "submissions": submissions,
            "count": len(submissions),
            "url": settings.SITE_URL + reverse("reviews:quality"),
        }
        key = f"overdue:{issuer_id}:{today}"
        if _send_once(key, "review_overdue", context, sorted(u.email for u in staff)):
            sent.append(issuer_id)
    return sent
