"""Every state change of a submission and its responses.

The status moves only along `Submission.TRANSITIONS`, under a row lock, with an audit event.
Artifacts live in `artifacts.py` (statuses, upload) and the modules it names.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone

from accounts.models import User
from common.events import SUBMISSION_RENEWAL_REQUESTED, SUBMISSION_SUBMITTED, emit
from common.tasks import enqueue_on_commit
from credentials.models import EvidenceRequirement, MicroCredential

from .artifacts import max_upload_bytes
from .event_data import submission_event_data
from .models import (
    Artifact,
    Response,
    ResponseRevision,
    Submission,
    SubmissionEvent,
    TeamMembership,
)

WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)
REVISION_FOLD = timedelta(minutes=1)


class SubmissionError(Exception):
    """A request the submission's state does not allow; the message is for the person."""


class IllegalTransition(SubmissionError):
    pass


class EditConflict(SubmissionError):
    """An autosave based on a revision another page has since replaced: the newer text is
    kept, and the page is told what it is (the educator chooses which to keep)."""

    def __init__(self, response: "Response") -> None:
        super().__init__(
            "This answer was changed in another tab or window since this page loaded it."
        )
        self.response = response


@dataclass(frozen=True)
class SaveOrder:
    """Where an autosave stands (static/js/autosave.js sends it): the revision its text is
    based on, the page load it comes from and that page's save number."""

    base: int
    page: str
    save: int


@dataclass
class SubmissionIncomplete(SubmissionError):
    """Submit refused: requirement public_id -> what is missing, in words."""

    problems: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "Some requirements are not complete yet."


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def _transition(
    *, submission: Submission, to_status: str, by: User | None, note: str = ""
) -> Submission:
    """Move a locked submission to `to_status` and write the audit event."""
    from_status = submission.status
    if to_status not in Submission.TRANSITIONS[from_status]:
        raise IllegalTransition(
            f"A {submission.get_status_display().lower()} submission cannot become "
            f"{Submission.Status(to_status).label.lower()}."
        )
    now = timezone.now()
    submission.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Submission.Status.SUBMITTED and from_status == Submission.Status.DRAFT:
        submission.submitted_at = now
        fields.append("submitted_at")
    if to_status in (Submission.Status.PASSED, Submission.Status.NOT_YET):
        submission.decided_at = now
        fields.append("decided_at")
    submission.save(update_fields=fields)
    SubmissionEvent.objects.create(
        submission=submission, actor=by, from_status=from_status, to_status=to_status, note=note
    )
    return submission


def locked(submission: Submission) -> Submission:
    """The submission's row, locked for a transition."""
    return _locked(submission)


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def attempts_counted(attempts: Iterable[tuple[int, str]]) -> int:
    """Attempts that count against the limit, from (attempt number, status) pairs: the
    "not yet" decisions since the last pass (a renewal starts a fresh count); withdrawn and
    open attempts never count."""
    rows = list(attempts)
    last_pass = max((n for n, status in rows if status == Submission.Status.PASSED), default=0)
    return sum(1 for n, status in rows if n > last_pass and status == Submission.Status.NOT_YET)


def attempts_used(*, educator: User, credential: MicroCredential) -> int:
    return attempts_counted(
        Submission.objects.filter(educator=educator, credential=credential).values_list(
            "attempt", "status"
        )
    )


def submission_start(*, educator: User, credential: MicroCredential) -> Submission:
    """The educator's open attempt, or a new draft bound to the published version.

    A new attempt after "not yet" (or a withdrawal) is prefilled from the last one. After a
    pass, a new attempt is a renewal, allowed once the badge's renewal has opened (ADR 0018);
    it starts empty, because it asks for current evidence. Safe under double clicks and
    concurrent requests: the partial unique constraint admits one open attempt, and the loser
    of a race gets the winner's draft.
    """
    open_attempt = _open_attempt(educator, credential)
    if open_attempt is not None:
        return open_attempt
    credential = MicroCredential.objects.get(pk=credential.pk)  # the current published version
    if not credential.is_offered:
        raise SubmissionError("This micro-credential is not open for submissions.")
    last_pass = (
        Submission.objects.filter(
            educator=educator, credential=credential, status=Submission.Status.PASSED
        )
        .order_by("-attempt")
        .first()
    )
    if last_pass is not None:
        # A new attempt after a pass is a renewal: the badge decides whether it may start now
        # (badges refuses by raising SubmissionError, with the reason).
        emit(SUBMISSION_RENEWAL_REQUESTED, passed_submission_id=last_pass.pk)
    limit = credential.attempt_limit
    if limit is not None and attempts_used(educator=educator, credential=credential) >= limit:
        raise SubmissionError(f"You have used all {limit} attempts for this micro-credential.")
    try:
        return _create_attempt(educator, credential, renewal=last_pass is not None)
    except IntegrityError:
        # Another request created the open attempt (or took the attempt number) first.
        existing = _open_attempt(educator, credential)
        if existing is None:
            raise
        return existing


def _open_attempt(educator: User, credential: MicroCredential) -> Submission | None:
    return Submission.objects.filter(
        educator=educator, credential=credential, status__in=Submission.OPEN_STATUSES
    ).first()


@transaction.atomic
def _create_attempt(educator: User, credential: MicroCredential, *, renewal: bool) -> Submission:
    last = (
        Submission.objects.filter(educator=educator, credential=credential)
        .order_by("-attempt")
        .first()
    )
    version = credential.published_version
    assert version is not None  # checked by the caller
    submission = Submission.objects.create(
        educator=educator,
        credential=credential,
        version=version,
        attempt=(last.attempt + 1) if last else 1,
        previous=last,
        is_renewal=renewal,
    )
    SubmissionEvent.objects.create(
        submission=submission, actor=educator, to_status=Submission.Status.DRAFT, note="started"
    )
    if last is not None and last.status != Submission.Status.PASSED:
        _prefill_from(submission, last)
    return submission


def _prefill_from(submission: Submission, source: Submission) -> None:
    """Carry text and ready artifacts over, matched by requirement position in the new version,
    where they meet its requirement (a new version may ask for another kind, type or size).

    The last attempt's row lock keeps retention (evidence_removal.submission_evidence_delete)
    from deleting bytes while they are being carried over: it waits for this transaction, then
    sees the copies; or this waits for retention, then finds nothing left to carry."""
    source = Submission.objects.select_for_update().get(pk=source.pk)
    mapping = _requirement_mapping(source, submission)
    for response in source.responses.all():
        target = mapping.get(response.requirement_id)
        if target is not None and target.kind == EvidenceRequirement.Kind.TEXT and response.text:
            Response.objects.create(submission=submission, requirement=target, text=response.text)
    for artifact in source.artifacts.filter(status=Artifact.Status.READY, deleted_at=None):
        target = mapping.get(artifact.requirement_id)
        if target is None or not _meets(artifact, target):
            continue
        copy = Artifact.objects.get(pk=artifact.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.public_id = Artifact._meta.get_field("public_id").get_default()
        copy.submission = submission
        copy.requirement = target
        copy.source = artifact.source or artifact
        # Stored bytes are shared, so the key gets a suffix only to satisfy uniqueness.
        copy.storage_key = f"{artifact.storage_key}#attempt{submission.attempt}"
        copy.save()


def _meets(artifact: Artifact, requirement: EvidenceRequirement) -> bool:
    """Whether an examined artifact would be accepted by `requirement` if uploaded now."""
    return (
        requirement.kind == EvidenceRequirement.Kind.ARTIFACT
        and artifact.detected_kind in requirement.accepted_types
        and (artifact.size or 0) <= max_upload_bytes(requirement)
    )


def _requirement_mapping(source: Submission, target: Submission) -> dict[int, EvidenceRequirement]:
    """Old requirement pk -> requirement of the target's version (same version: identity)."""
    old = list(source.version.requirements.all())
    if source.version_id == target.version_id:
        return {r.pk: r for r in old}
    new = {(r.part, r.title): r for r in target.version.requirements.all()}
    return {r.pk: new[(r.part, r.title)] for r in old if (r.part, r.title) in new}


@transaction.atomic
def response_save(
    *,
    submission: Submission,
    requirement: EvidenceRequirement,
    text: str,
    by: User,
    order: SaveOrder | None = None,
) -> Response:
    """Autosave a written response; history keeps one revision per minute of editing.

    With `order` (the workspace's saves), text never goes backwards: a page's save older than
    one it already stored is ignored (they can arrive out of order), and a save based on a
    revision another page has replaced raises EditConflict. Without it the last save wins.
    """
    submission = _locked(submission)
    if not submission.is_editable:
        raise SubmissionError(
            "This attempt has been submitted; its responses can no longer change."
        )
    if requirement.version_id != submission.version_id or requirement.kind != "text":
        raise SubmissionError("That requirement does not take a written response here.")
    if by.pk != submission.educator_id and not _writes_shared(submission, requirement, by):
        raise SubmissionError("Only the team's shared answers are written by its members.")
    response, _ = Response.objects.select_for_update().get_or_create(
        submission=submission, requirement=requirement
    )
    if order is not None and order.page == response.last_page:
        if order.save <= response.last_page_save:
            return response  # this page stored newer text already
    elif order is not None and order.base != response.revision and text != response.text:
        raise EditConflict(response)
    if response.text == text:
        return response
    response.text = text
    response.revision += 1
    response.last_page, response.last_page_save = (order.page, order.save) if order else ("", 0)
    response.save(update_fields=["text", "revision", "last_page", "last_page_save", "updated_at"])
    # The latest revision takes the text when it is under a minute old (one statement, the
    # most frequent write of all); otherwise a new revision starts.
    now = timezone.now()
    latest = response.history.order_by("-created_at", "-pk").values("pk")[:1]
    folded = ResponseRevision.objects.filter(
        pk=Subquery(latest), created_at__gt=now - REVISION_FOLD
    ).update(text=text, updated_at=now)
    if not folded:
        ResponseRevision.objects.create(response=response, text=text)
    return response


def _writes_shared(submission: Submission, requirement: EvidenceRequirement, by: User) -> bool:
    """A team member writing a shared answer on the lead's draft (ADR 0032)."""
    team = submission.team
    return (
        team is not None
        and requirement.shared
        and team.lead_id == submission.educator_id
        and TeamMembership.objects.filter(
            team=team, user_id=by.pk, status=TeamMembership.Status.ACCEPTED
        ).exists()
    )


def submission_problems(submission: Submission) -> dict[str, str]:
    """Requirement public_id -> what keeps it from being complete (empty when ready)."""
    responses = {r.requirement_id: r.text for r in submission.responses.all()}
    artifacts: dict[int, list[str]] = {}
    # .all(), filtered here: the workspace prefetched the live artifacts (no second query).
    for artifact in submission.artifacts.all():
        if artifact.deleted_at is None:
            artifacts.setdefault(artifact.requirement_id, []).append(artifact.status)
    problems: dict[str, str] = {}
    # A team member's own submission answers only the individual requirements: the shared
    # ones are answered once, on the lead's (ADR 0032).
    skip_shared = submission.is_team_member_attempt
    for requirement in submission.version.requirements.all():
        if skip_shared and requirement.shared:
            continue
        key = str(requirement.public_id)
        if requirement.kind == EvidenceRequirement.Kind.TEXT:
            words = count_words(responses.get(requirement.pk, ""))
            if requirement.required and words == 0:
                problems[key] = "Write a response."
            elif requirement.word_limit and words > requirement.word_limit:
                problems[key] = (
                    f"Shorten this response to {requirement.word_limit} words (now {words})."
                )
            continue
        statuses = artifacts.get(requirement.pk, [])
        if any(s in (Artifact.Status.UPLOADING, Artifact.Status.PROCESSING) for s in statuses):
            problems[key] = "Wait until every upload here has finished processing."
        elif requirement.required and Artifact.Status.READY not in statuses:
            if Artifact.Status.FAILED in statuses:
                problems[key] = "The upload failed; remove it and upload a file that fits."
            else:
                problems[key] = "Upload a file."
    return problems


@dataclass(frozen=True)
class ChecklistItem:
    """One line of "Still missing before you can submit"."""

    requirement: str  # the requirement's public_id
    title: str
    problem: str


def submission_checklist(submission: Submission) -> list[ChecklistItem]:
    """What keeps the draft from being submitted, in the page's order (part, position).

    The very check `submission_submit` runs (`submission_problems`), so the workspace's
    checklist and its Submit button never disagree with the server: empty means submit
    would be accepted (for a draft)."""
    problems = submission_problems(submission)
    requirements = sorted(submission.version.requirements.all(), key=lambda r: (r.part, r.position))
    return [
        ChecklistItem(requirement=key, title=requirement.title, problem=problems[key])
        for requirement in requirements
        if (key := str(requirement.public_id)) in problems
    ]


def checklist_payload(submission: Submission) -> dict[str, Any]:
    """The checklist as JSON: the API's `GET .../checklist/` and the workspace's autosave
    answers. `can_submit` is true exactly when `submission_submit` would accept it now."""
    items = submission_checklist(submission) if submission.is_editable else []
    return {
        "submission": str(submission.public_id),
        "status": submission.status,
        "can_submit": submission.is_editable and not items,
        "items": [
            {"requirement": i.requirement, "title": i.title, "problem": i.problem} for i in items
        ],
    }


@transaction.atomic
def submission_submit(*, submission: Submission, by: User) -> Submission:
    """Send a complete draft for review. Raises SubmissionIncomplete naming each gap."""
    submission = _locked(submission)
    if submission.status != Submission.Status.DRAFT:
        if submission.status in (Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW):
            return submission  # a double click: already done
        raise IllegalTransition("Only a draft can be submitted.")
    if submission.team_id is not None:
        # Everyone's attempt moves at once, by the lead (submissions/teams.py: team_submit).
        raise IllegalTransition("A team attempt is submitted by its lead, for the whole team.")
    problems = submission_problems(submission)
    if problems:
        raise SubmissionIncomplete(problems)
    return send_for_review(submission=submission, by=by)


def send_for_review(*, submission: Submission, by: User) -> Submission:
    """Move a locked, complete draft to submitted: the audit row, the "we received it" email
    (after commit) and the submitted event. The callers check completeness."""
    submission = _transition(submission=submission, to_status=Submission.Status.SUBMITTED, by=by)
    from .notifications import submission_email_received_task

    submission_id = submission.pk
    enqueue_on_commit(submission_email_received_task, submission_id)
    emit(
        SUBMISSION_SUBMITTED,
        educator_id=submission.educator_id,
        data=submission_event_data(submission),
    )
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission, by: User) -> Submission:
    """Withdraw before a reviewer claims it (or discard a draft); work is kept for a next try,
    so not while a file is still uploading or processing (a next attempt copies ready ones)."""
    submission = _locked(submission)
    if submission.team_id is not None:
        # A member leaves the team, the lead withdraws the team (submissions/teams.py).
        raise IllegalTransition(
            "This is a team attempt: leave the team, or (as its lead) withdraw the team."
        )
    return withdraw_locked(submission=submission, by=by)


def withdraw_locked(*, submission: Submission, by: User, note: str = "") -> Submission:
    """Withdraw a locked submission (the checks every withdrawal makes)."""
    if submission.status == Submission.Status.IN_REVIEW:
        raise IllegalTransition("A reviewer is already reviewing this submission.")
    unfinished = (Artifact.Status.UPLOADING, Artifact.Status.PROCESSING)
    if submission.artifacts.filter(status__in=unfinished, deleted_at=None).exists():
        raise IllegalTransition(
            "A file is still uploading or being processed. Wait until it is ready (or remove "
            "it), then withdraw: your work is kept for your next attempt."
        )
    return _transition(
        submission=submission, to_status=Submission.Status.WITHDRAWN, by=by, note=note
    )


@transaction.atomic
def submission_claimed(*, submission: Submission, by: User) -> Submission:
    """Reviews: a reviewer claimed it (submitted -> in review)."""
    return _transition(submission=_locked(submission), to_status=Submission.Status.IN_REVIEW, by=by)


@transaction.atomic
def submission_released(*, submission: Submission, by: User | None, note: str) -> Submission:
    """Reviews: a claim was released or expired (in review -> submitted, back in the queue)."""
    return _transition(
        submission=_locked(submission), to_status=Submission.Status.SUBMITTED, by=by, note=note
    )


@transaction.atomic
def submission_decided(*, submission: Submission, passed: bool, by: User) -> Submission:
    """Reviews: the decision (in review -> passed or not yet)."""
    to_status = Submission.Status.PASSED if passed else Submission.Status.NOT_YET
    return _transition(submission=_locked(submission), to_status=to_status, by=by)
