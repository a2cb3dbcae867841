"""Every change to recognition goes through these functions: requests for credit, decisions,
certificates, the flags a revoked badge raises, and the bodies' own rules and people."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from badges import documents
from badges.models import Badge
from badges.verification import VerificationInputError, check_badge, check_ob3
from common.mail import send_once
from common.tasks import enqueue_on_commit
from credentials.cache import catalog_changed
from integrations.webhooks import EventType, webhook_event_emit_to_organization

from . import certificates, selectors
from .models import (
    BodyMembership,
    BodyRole,
    CreditClaim,
    CreditEvent,
    CreditRequest,
    EducatorCycle,
    Goal,
    Recognition,
    RecognitionBody,
)

logger = logging.getLogger(__name__)


class RecognitionError(Exception):
    """A move the rules do not allow (an illegal transition, a missing reason)."""


@dataclass(frozen=True)
class Problem:
    """Why a request for credit cannot be made, for the person making it."""

    code: str  # not_covered | not_current | not_yours | revoked | expired | already_credited
    #           | over_limit | wrong_count | not_eligible
    message: str


class CreditRefused(Exception):
    """The request breaks the rules; `problems` says how, one message per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


# --------------------------------------------------------------------------- request checks


def credit_request_problems(
    *, educator: User, recognition: Recognition, badges: list[Badge], today: date | None = None
) -> list[Problem]:
    """Everything wrong with claiming `recognition` for `badges` now (empty: it may be made).

    Badges are read with their micro-credential version (focus area, version number) and stack.
    """
    today = today or timezone.localdate()
    problems: list[Problem] = []
    body = recognition.body
    if not recognition.is_current(today) or not body.is_active:
        problems.append(Problem("not_current", f"{body.name} no longer grants this credit."))
    if not selectors.body_serves(body, educator):
        problems.append(
            Problem(
                "not_eligible",
                f"{body.name} grants this credit only to educators of {body.applies_to}.",
            )
        )
    if len(badges) != recognition.badges_per_claim:
        problems.append(Problem("wrong_count", _count_message(recognition, len(badges))))
    for badge in badges:
        problems += _badge_problems(educator, recognition, badge, today)
    if not problems:
        problems += _limit_problems(educator, recognition, today)
    return problems


def _count_message(recognition: Recognition, given: int) -> str:
    wanted = recognition.badges_per_claim
    noun = "badge" if wanted == 1 else "badges"
    return f"This credit is claimed with {wanted} {noun} at a time; {given} were chosen."


def _badge_problems(
    educator: User, recognition: Recognition, badge: Badge, today: date
) -> list[Problem]:
    if badge.educator_id != educator.pk:
        return [Problem("not_yours", "One of the chosen badges is not yours.")]
    title = badge.title
    problems = []
    if not selectors.rule_covers_badge(recognition, badge):
        problems.append(
            Problem("not_covered", f"{title} does not count for this credit under its rules.")
        )
    if badge.revoked_at is not None:
        problems.append(Problem("revoked", f"{title} was revoked and counts for nothing."))
    elif badge.is_expired():
        problems.append(Problem("expired", f"{title} has expired: renew it first."))
    if recognition.valid_from is not None and badge.issued_at.date() < recognition.valid_from:
        problems.append(
            Problem(
                "not_covered",
                f"{title} was earned before {recognition.body.name} began to recognize it "
                f"({recognition.valid_from:%B %-d, %Y}).",
            )
        )
    if selectors.badge_credited(badge, recognition.body):
        problems.append(
            Problem(
                "already_credited",
                f"{title} is already credited (or waiting) under {recognition.body.name}.",
            )
        )
    return problems


def _limit_problems(educator: User, recognition: Recognition, today: date) -> list[Problem]:
    if recognition.limit_count is None:
        return []
    used = selectors.claims_in_limit_period(educator, recognition, today)
    if used < recognition.limit_count:
        return []
    period = recognition.get_limit_period_display().lower()
    return [
        Problem(
            "over_limit",
            f"{recognition.body.name} grants this credit at most {recognition.limit_count} "
            f"times {period}; you have reached that.",
        )
    ]


# --------------------------------------------------------------------------- requests


def credit_request_create(
    *, educator: User, recognition: Recognition, badges: list[Badge]
) -> CreditRequest:
    """Request credit under `recognition` for `badges`, after checking every rule.

    Raises CreditRefused naming each problem. The evidence the approver needs is packaged now
    (each badge verified, its hours, dates and links). A rule that needs no approval grants the
    credit at once.
    """
    badges = selectors.badges_for_claim([badge.pk for badge in badges])
    with transaction.atomic():
        # One request at a time per educator: the limits count what is already there.
        User.objects.select_for_update().filter(pk=educator.pk).first()
        problems = credit_request_problems(
            educator=educator, recognition=recognition, badges=badges
        )
        if problems:
            raise CreditRefused(problems)
        request = _create(educator, recognition, badges)
        if recognition.requires_approval:
            _tell_approvers_later(request)
        else:
            _decide(request, to=CreditRequest.Status.APPROVED, by=None, note="Granted by rule")
    return request


def _create(educator: User, recognition: Recognition, badges: list[Badge]) -> CreditRequest:
    evidence, checks = _package(educator, badges)
    request = CreditRequest.objects.create(
        educator=educator,
        recognition=recognition,
        body=recognition.body,
        outcome=recognition.outcome,
        amount=recognition.amount,
        unit=recognition.unit,
        cost=recognition.cost,
        earned_on=max(badge.issued_at for badge in badges).date(),
        evidence=evidence,
        checks=checks,
    )
    try:
        with transaction.atomic():
            CreditClaim.objects.bulk_create(
                CreditClaim(request=request, badge=badge, body=recognition.body) for badge in badges
            )
    except IntegrityError as error:  # another request claimed one of them meanwhile
        raise CreditRefused(
            [Problem("already_credited", "One of these badges was just credited under this body.")]
        ) from error
    CreditEvent.objects.create(
        request=request, actor=educator, action="requested", to_status=request.status
    )
    return request


def _package(educator: User, badges: list[Badge]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The evidence an approver needs, and the checks done on each badge."""
    items, checks = [], []
    for badge in badges:
        version = badge.version
        items.append(
            {
                "badge": str(badge.public_id),
                "title": badge.title,
                "kind": badge.kind,
                "issuer": badge.issuer.name,
                "issued_on": badge.issued_at.date().isoformat(),
                "expires_on": badge.expires_at.date().isoformat() if badge.expires_at else None,
                "pd_hours": str(version.pd_hours) if version and version.pd_hours else None,
                "ceus": str(version.ceus) if version and version.ceus else None,
                "public_url": documents.public_url(badge),
                "credential_url": documents.credential_url(badge),
            }
        )
        checks.append(_verify(badge, educator))
    return {"educator": educator.get_full_name(), "badges": items}, checks


def _verify(badge: Badge, educator: User) -> dict[str, Any]:
    """Verify the badge as a body elsewhere would: its signed credential when it has one."""
    try:
        if badge.credential_json:
            report = check_ob3(badge.credential_json, email=educator.email)
            how = "Open Badges 3.0 signature, dates and revocation list checked"
        else:
            report = check_badge(badge, email=educator.email, source="hosted")
            how = "Issuer's record checked (no signed credential yet)"
    except VerificationInputError as error:
        return {"badge": str(badge.public_id), "verified": False, "detail": str(error)}
    detail = how if report.valid else "; ".join(report.problems) or report.status
    return {"badge": str(badge.public_id), "verified": report.valid, "detail": detail}


def credit_request_approve(*, request: CreditRequest, by: User) -> CreditRequest:
    """An approver of the body grants the credit: the certificate is signed, the educator
    emailed and the body's systems told (credit.approved)."""
    return _transition(request, to=CreditRequest.Status.APPROVED, by=by, note="")


def credit_request_deny(*, request: CreditRequest, by: User, reason: str) -> CreditRequest:
    """An approver refuses, with a reason the educator reads; the badges may be claimed again."""
    reason = reason.strip()
    if not reason:
        raise RecognitionError("Say why the request is denied: the educator reads it.")
    return _transition(request, to=CreditRequest.Status.DENIED, by=by, note=reason)


def credit_request_withdraw(*, request: CreditRequest, by: User) -> CreditRequest:
    """The educator takes back a pending request."""
    return _transition(request, to=CreditRequest.Status.WITHDRAWN, by=by, note="")


@transaction.atomic
def _transition(request: CreditRequest, *, to: str, by: User | None, note: str) -> CreditRequest:
    locked = CreditRequest.objects.select_for_update().get(pk=request.pk)
    if to not in CreditRequest.TRANSITIONS[locked.status]:
        raise RecognitionError(
            f"This request is {locked.get_status_display().lower()}: it cannot be changed now."
        )
    _decide(locked, to=to, by=by, note=note)
    return locked


def _decide(request: CreditRequest, *, to: str, by: User | None, note: str) -> None:
    """Move a locked (or just created) request and do what the move means."""
    from_status = request.status
    request.status = to
    now = timezone.now()
    if to in (CreditRequest.Status.APPROVED, CreditRequest.Status.DENIED):
        request.decided_by, request.decided_at = by, now
    if to == CreditRequest.Status.DENIED:
        request.reason = note
    if to == CreditRequest.Status.APPROVED:
        request.certificate = certificates.certificate_document(request, approved_at=now)
        request.certificate_signature = certificates.sign(request.certificate)
    request.save()
    if to not in CreditRequest.ACTIVE:
        request.claims.update(is_active=False)
    action = {"approved": "approved", "denied": "denied", "withdrawn": "withdrawn"}[to]
    CreditEvent.objects.create(
        request=request, actor=by, action=action, from_status=from_status, to_status=to, note=note
    )
    if to in (CreditRequest.Status.APPROVED, CreditRequest.Status.DENIED):
        _tell_educator_later(request)
    if to == CreditRequest.Status.APPROVED:
        _tell_body(request)


def _tell_educator_later(request: CreditRequest) -> None:
    from .tasks import credit_request_send_email_task  # tasks.py imports this module

    enqueue_on_commit(credit_request_send_email_task, request.pk)


def _tell_approvers_later(request: CreditRequest) -> None:
    from .tasks import credit_request_email_approvers_task  # tasks.py imports this module

    enqueue_on_commit(credit_request_email_approvers_task, request.pk)


def _tell_approvers_of_flag_later(request: CreditRequest) -> None:
    from .tasks import credit_flag_email_approvers_task  # tasks.py imports this module

    enqueue_on_commit(credit_flag_email_approvers_task, request.pk)


def _tell_body(request: CreditRequest) -> None:
    body = request.body
    if body.organization_id is None:
        return
    webhook_event_emit_to_organization(
        EventType.CREDIT_APPROVED,
        organization_id=body.organization_id,
        data=certificates.webhook_data(request),
    )


def credit_request_send_email(*, request_id: int) -> bool:
    """Email the educator the decision (at most once). Returns whether an email went out."""

    def prepare() -> EmailMessage:
        request = selectors.credit_requests_with_details().get(pk=request_id)
        context = {
            "request": request,
            "educator": request.educator,
            "certificate_url": certificates.verification_url(request),
            "my_credit_url": certificates.absolute("recognition:my_credit"),
        }
        return EmailMessage(
            subject=render_to_string("emails/credit_decided_subject.txt", context).strip(),
            body=render_to_string("emails/credit_decided.txt", context),
            to=[request.educator.email],
        )

    return send_once(CreditRequest.objects.filter(pk=request_id), "decision_email_sent_at", prepare)


def _approvers_url() -> str:
    # The approvers' queue lives under My credit's prefix (/credit/approvals/).
    return certificates.absolute("recognition:my_credit") + "approvals/"


def credit_request_email_approvers(*, request_id: int) -> bool:
    """Tell the body's approvers that a request waits for them (at most once; nothing when it
    was decided meanwhile or the body has no approver). Returns whether an email went out."""
    request = selectors.credit_requests_with_details().get(pk=request_id)
    recipients = selectors.approver_emails(request.body)
    if request.status != CreditRequest.Status.PENDING or not recipients:
        return False

    def prepare() -> EmailMessage:
        context = {"request": request, "queue_url": _approvers_url()}
        return EmailMessage(
            subject=render_to_string("emails/credit_requested_subject.txt", context).strip(),
            body=render_to_string("emails/credit_requested.txt", context),
            bcc=recipients,
        )

    return send_once(CreditRequest.objects.filter(pk=request_id), "approvers_emailed_at", prepare)


def credit_flag_email_approvers(*, request_id: int) -> bool:
    """Tell whoever approved a credit (the body's approvers, when it was granted by rule) that
    a badge it stands on was revoked (at most once). Returns whether an email went out."""
    request = selectors.credit_requests_with_details().get(pk=request_id)
    if request.flagged_at is None or request.status != CreditRequest.Status.APPROVED:
        return False
    decider = request.decided_by
    recipients = [decider.email] if decider else selectors.approver_emails(request.body)
    if not recipients:
        return False

    def prepare() -> EmailMessage:
        context = {
            "request": request,
            "certificate_url": certificates.verification_url(request),
            "queue_url": _approvers_url(),
        }
        return EmailMessage(
            subject=render_to_string("emails/credit_flagged_subject.txt", context).strip(),
            body=render_to_string("emails/credit_flagged.txt", context),
            bcc=recipients,
        )

    return send_once(CreditRequest.objects.filter(pk=request_id), "flag_email_sent_at", prepare)


# --------------------------------------------------------------------------- revocation


def credits_flag_for_revoked_badge(*, badge_public_id: str, reason: str) -> int:
    """A badge was revoked: flag every pending or approved request standing on it, for its
    body to look at again (nothing is taken back automatically). Returns how many."""
    now = timezone.now()
    standing_on = CreditClaim.objects.filter(badge__public_id=badge_public_id)
    requests = CreditRequest.objects.filter(
        pk__in=standing_on.values("request_id"),
        status__in=CreditRequest.ACTIVE,
        flagged_at__isnull=True,
    )
    flagged = 0
    for request in requests.select_for_update():
        request.flagged_at = now
        request.flag_reason = f"A badge this credit stands on was revoked: {reason}".strip()
        request.save(update_fields=["flagged_at", "flag_reason", "updated_at"])
        CreditEvent.objects.create(request=request, action="flagged", note=request.flag_reason)
        if request.status == CreditRequest.Status.APPROVED:
            _tell_approvers_of_flag_later(request)
        flagged += 1
    return flagged


# --------------------------------------------------------------------------- bodies


def body_create(*, by: User, name: str, slug: str, kind: str, **fields: Any) -> RecognitionBody:
    """Platform staff create a body (its managers keep its rules from then on)."""
    if not by.is_staff:
        raise RecognitionError("Only platform staff create recognition bodies.")
    return RecognitionBody.objects.create(name=name, slug=slug, kind=kind, **fields)


def body_member_add(*, body: RecognitionBody, user: User, role: str) -> BodyMembership:
    """Give `user` a role in `body` (idempotent)."""
    membership, _ = BodyMembership.objects.get_or_create(body=body, user=user, role=role)
    return membership


def body_member_remove(*, body: RecognitionBody, user: User, role: str) -> None:
    managers = BodyMembership.objects.filter(body=body, role=BodyRole.MANAGER)
    if role == BodyRole.MANAGER and managers.exclude(user=user).count() == 0:
        raise RecognitionError("A body keeps at least one manager.")
    BodyMembership.objects.filter(body=body, user=user, role=role).delete()


def recognition_save(*, recognition: Recognition) -> Recognition:
    """Save a rule its body's manager edited (validated by the form or serializer)."""
    recognition.full_clean()
    recognition.save()
    catalog_changed()  # catalog cards show what each micro-credential counts for
    return recognition


def goal_save(*, goal: Goal) -> Goal:
    """Save a goal its body's manager edited (validated by the form, or the demo's schema)."""
    goal.full_clean()
    goal.save()
    return goal


def recognition_withdraw(*, recognition: Recognition) -> Recognition:
    """Stop granting credit under a rule; what was granted stays granted."""
    recognition.is_active = False
    recognition.save(update_fields=["is_active", "updated_at"])
    catalog_changed()
    return recognition


def educator_cycle_set(*, educator: User, body: RecognitionBody, renewal_date: date) -> None:
    """The educator's renewal date under `body` (their cycle ends on it)."""
    EducatorCycle.objects.update_or_create(
        educator=educator, body=body, defaults={"renewal_date": renewal_date}
    )
