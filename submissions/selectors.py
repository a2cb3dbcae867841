"""Reads about submissions, with their joins built in."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from accounts.models import User
from credentials.models import EvidenceRequirement, MicroCredential
from credentials.selectors import requirements_by_part, version_with_content
from organizations.selectors import organizations_administered_by

from .models import Artifact, Response, Submission

# Most advanced first: what an educator's progress on a micro-credential is, across attempts.
_PRECEDENCE = ["passed", "in_review", "submitted", "draft", "not_yet"]


def credential_statuses_for_user(user: User, credential_ids: Iterable[int]) -> dict[int, str]:
    """MicroCredential pk -> not_started | draft | submitted | in_review | not_yet | passed."""
    ids = list(credential_ids)
    result = dict.fromkeys(ids, "not_started")
    if not user.is_authenticated or not ids:
        return result
    rows = (
        Submission.objects.filter(educator=user, credential_id__in=ids)
        .exclude(status=Submission.Status.WITHDRAWN)
        .values_list("credential_id", "status")
    )
    for credential_id, status in rows:
        current = result[credential_id]
        if current == "not_started" or _PRECEDENCE.index(status) < _PRECEDENCE.index(current):
            result[credential_id] = status
    return result


def credential_statuses_for_users(
    user_ids: Iterable[int], credential_ids: Iterable[int]
) -> dict[tuple[int, int], str]:
    """(user pk, MicroCredential pk) -> the status `credential_statuses_for_user` gives, for many
    people at once in one query (a cohort's progress grid). Statuses only, never evidence."""
    users, ids = list(user_ids), list(credential_ids)
    result = {(user, credential): "not_started" for user in users for credential in ids}
    if not users or not ids:
        return result
    rows = (
        Submission.objects.filter(educator_id__in=users, credential_id__in=ids)
        .exclude(status=Submission.Status.WITHDRAWN)
        .values_list("educator_id", "credential_id", "status")
    )
    for educator_id, credential_id, status in rows:
        current = result[(educator_id, credential_id)]
        if current == "not_started" or _PRECEDENCE.index(status) < _PRECEDENCE.index(current):
            result[(educator_id, credential_id)] = status
    return result


def credential_standing(user: User, credential: MicroCredential) -> dict[str, Any]:
    """Where the educator stands with a micro-credential, for the action the pages offer.

    `state`: "new" or the status of the latest attempt that was not withdrawn (`attempt`);
    `retry`: after "not yet", whether another attempt is allowed (`limit`); `last`: the latest
    attempt of all, withdrawn or not, which a new attempt copies and numbers after
    (`next_attempt`). After a pass, the badge and its renewal are the badges app's to show
    (its fragments templates/badges/_credential_action.html and _submission_badge.html).
    """
    from .services import attempts_counted

    # One read: an educator has a handful of attempts at a micro-credential.
    attempts = list(
        Submission.objects.filter(educator=user, credential=credential).order_by("-attempt")
    )
    attempt = next((a for a in attempts if a.status != Submission.Status.WITHDRAWN), None)
    standing: dict[str, Any] = {
        "state": attempt.status if attempt else "new",
        "attempt": attempt,
        "last": attempts[0] if attempts else None,
        "next_attempt": (attempts[0].attempt + 1) if attempts else 1,
    }
    if attempt is not None and attempt.status == Submission.Status.NOT_YET:
        limit = credential.attempt_limit
        used = attempts_counted((a.attempt, a.status) for a in attempts)
        standing["retry"] = limit is None or used < limit
        standing["limit"] = limit
    return standing


def submissions_for_educator(user: User) -> QuerySet[Submission]:
    """The educator's attempts, newest first, with what the list shows."""
    return (
        Submission.objects.filter(educator=user)
        .select_related("credential", "version__focus_area")
        .order_by("-updated_at")
    )


def educator_work_summary(user: User) -> dict[str, int]:
    """Over the educator's micro-credentials, where each latest attempt stands (one query):
    in progress (`drafts`), `waiting` for review, `again` (not yet: feedback to act on) and
    `earned`. An attempt that a newer one followed is not counted."""
    newer = Submission.objects.filter(
        educator=OuterRef("educator"),
        credential=OuterRef("credential"),
        attempt__gt=OuterRef("attempt"),
    )
    rows = (
        Submission.objects.filter(educator=user)
        .filter(~Exists(newer))
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {status: n for status, n in rows}
    status = Submission.Status
    return {
        "drafts": counts.get(status.DRAFT, 0),
        "waiting": counts.get(status.SUBMITTED, 0) + counts.get(status.IN_REVIEW, 0),
        "again": counts.get(status.NOT_YET, 0),
        "earned": counts.get(status.PASSED, 0),
    }


# What the checklist reads besides the version's requirements (services.submission_checklist).
_CHECKLIST_ROWS = (
    Prefetch("responses", queryset=Response.objects.only("submission", "requirement", "text")),
    Prefetch(
        "artifacts",
        queryset=Artifact.objects.filter(deleted_at=None).only(
            "submission", "requirement", "status", "deleted_at"
        ),
    ),
)


def submission_by_public_id(public_id: str) -> Submission | None:
    """The submission row alone: enough for the permission rules and a write."""
    return Submission.objects.filter(public_id=public_id).first()


def submission_for_page(public_id: str) -> Submission | None:
    """A submission with its version content, responses and artifacts prefetched."""
    submission = (
        Submission.objects.filter(public_id=public_id)
        .select_related("educator", "credential__issuer")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.all()),
            Prefetch(
                "artifacts",
                queryset=Artifact.objects.filter(deleted_at=None).order_by("created_at"),
            ),
            "events",
        )
        .first()
    )
    if submission is not None:
        submission.version = version_with_content(submission.version_id)
    return submission


def submission_for_autosave(public_id: str) -> Submission | None:
    """The submission with its version's requirements (one query more): the autosave finds the
    requirement it writes among them, and they serve the checklist it answers with."""
    return (
        Submission.objects.filter(public_id=public_id)
        .select_related("version")
        .prefetch_related("version__requirements")
        .first()
    )


def with_checklist_rows(submission: Submission) -> Submission:
    """`submission` (from `submission_for_autosave`, after its save) with the rest of what its
    checklist reads: the responses and live artifacts, as they are now (two queries)."""
    for cached in ("responses", "artifacts"):
        getattr(submission, "_prefetched_objects_cache", {}).pop(cached, None)
    prefetch_related_objects([submission], *_CHECKLIST_ROWS)
    return submission


def submission_for_checklist(public_id: str) -> Submission | None:
    """A submission with exactly what its checklist reads (services.submission_checklist):
    responses, live artifacts and the version's requirements; four queries, no page content
    (autosave answers with the fresh checklist after every save)."""
    return (
        Submission.objects.filter(public_id=public_id)
        .select_related("version")
        .prefetch_related(*_CHECKLIST_ROWS, "version__requirements")
        .first()
    )


def requirement_rows(submission: Submission) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Per part, each requirement with its response text or artifacts (for the page)."""
    responses = {r.requirement_id: r for r in submission.responses.all()}
    artifacts: dict[int, list[Artifact]] = {}
    for artifact in submission.artifacts.all():
        artifacts.setdefault(artifact.requirement_id, []).append(artifact)
    groups = []
    for part, requirements in requirements_by_part(submission.version):
        rows: list[dict[str, Any]] = []
        for requirement in requirements:
            response = responses.get(requirement.pk)
            rows.append(
                {
                    "requirement": requirement,
                    "response": response,
                    "text": response.text if response else "",
                    "artifacts": artifacts.get(requirement.pk, []),
                    "is_text": requirement.kind == EvidenceRequirement.Kind.TEXT,
                }
            )
        groups.append((part, rows))
    return groups


def last_saved_at(submission: Submission) -> datetime | None:
    times = [r.updated_at for r in submission.responses.all()]
    return max(times) if times else None


def submissions_visible_to(user: User, *, also: Q | None = None) -> QuerySet[Submission]:
    """Submissions whose status the user may see: their own; all for platform staff; for a
    district admin, those of their staff; and those `also` matches (reviews adds the ones the
    user holds the claim on: reviews/api/submission_views.py)."""
    base = Submission.objects.select_related("credential", "educator")
    if not user.is_authenticated:
        return base.none()
    if user.is_staff:
        return base
    query = Q(educator=user)
    administered = organizations_administered_by(user)
    if administered.exists():
        query |= Q(
            educator__memberships__organization__in=administered,
            educator__memberships__is_active=True,
        )
    if also is not None:
        query |= also
    return base.filter(query).distinct()
