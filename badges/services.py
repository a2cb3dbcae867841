"""Every state change of badges: issuing, revoking, the educator's sharing choices, emails.

Issuing is idempotent and safe under concurrency: the submission row is locked while its
badge is made, `Badge.submission` is unique (one badge per passed submission, in the
database) and so is (educator, stack) for stack badges. Work that must follow a commit
(emails, the stack check) is enqueued with `transaction.on_commit`.
"""

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.events import BADGE_AWARDED, BADGE_REVOKED, emit
from common.mail import send_once
from common.tasks import enqueue_on_commit
from credentials.models import MicroCredential, RubricCriterion, Stack
from organizations.models import Organization
from submissions.models import Submission

from . import conf, documents, images, selectors
from .event_data import badge_event_data
from .keys import signing_key_for
from .models import Badge, BadgeEvent, StatusList
from .ob3.signing import sign_credential
from .ob3.status_list import encode_bitstring

logger = logging.getLogger(__name__)

# Random index draws before a list counts as full (at 80% fill, 1 issue in 3 opens a list).
STATUS_INDEX_ATTEMPTS = 5
EVIDENCE_SUMMARY_MAX_CHARS = 2000


class BadgeError(Exception):
    """A request the badge's state does not allow; the message is for people."""


class BadgeRefused(BadgeError):
    """No badge for this submission: it has not passed."""


def add_years(moment: datetime, years: int) -> datetime:
    """`moment` plus whole calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


# --------------------------------------------------------------------------- issuing


def badge_request_issue(*, submission: Submission) -> None:
    """Reviews call this when a submission passes: the badge is issued after the commit."""
    from .tasks import badge_award_task

    submission_id = submission.pk
    enqueue_on_commit(badge_award_task, submission_id)


def badge_award(*, submission: Submission) -> Badge:
    """The badge of a passed submission, issued now if it has none yet (idempotent).

    Raises BadgeRefused for a submission that has not passed. Two workers running this for
    the same submission serialize on the submission's row lock; the second finds the first's
    badge.
    """
    existing = Badge.objects.filter(submission_id=submission.pk).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # Everything the documents read, loaded with the lock: issuing is a hot path.
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related(
                "educator",
                "credential__issuer",
                "version__credential__issuer",
                "version__focus_area",
                "version__competency",
            )
            .prefetch_related(
                Prefetch("version__criteria", queryset=RubricCriterion.objects.order_by("position"))
            )
            .get(pk=submission.pk)
        )
        existing = Badge.objects.filter(submission_id=locked.pk).first()
        if existing is not None:
            return existing
        if locked.status != Submission.Status.PASSED:
            raise BadgeRefused(f"Submission {locked.public_id} has not passed; it earns no badge.")
        now = timezone.now()
        validity = locked.version.validity_years
        # A renewal passed before the old badge expired keeps the time that badge had left,
        # judged when the reviewer decided: a badge issued late (a worker outage, the sweeper)
        # loses nothing.
        kept = _expiries_after(locked, locked.decided_at or now) if locked.is_renewal else []
        start = max(kept) if kept else now
        badge = _issue(
            Badge(
                kind=Badge.Kind.MICRO_CREDENTIAL,
                educator=locked.educator,
                issuer=locked.credential.issuer,
                submission=locked,
                credential=locked.credential,
                version=locked.version,
                title=locked.version.title,
                issued_at=now,
                expires_at=add_years(start, validity) if validity else None,
            )
        )
        _after_issue(badge)
    return badge


def _expiries_after(submission: Submission, moment: datetime) -> list[datetime]:
    """When the educator's badges for the submission's micro-credential that were still valid
    at `moment` expire."""
    return [
        expiry
        for expiry in Badge.objects.filter(
            kind=Badge.Kind.MICRO_CREDENTIAL,
            educator_id=submission.educator_id,
            credential_id=submission.credential_id,
            revoked_at=None,
            expires_at__gt=moment,
        ).values_list("expires_at", flat=True)
        if expiry is not None
    ]


def stack_badges_award(*, educator: User) -> list[Badge]:
    """Issue the badge of every published stack the educator has completed, or issue it again
    where renewals of its parts carry it past the latest one's expiry (idempotent). Returns
    the badges issued now."""
    awarded = []
    for stack in selectors.stacks_completed(educator):
        badge, issued = _stack_badge_current(educator, stack)
        if issued and badge is not None:
            awarded.append(badge)
    return awarded


def stack_badge_award(*, educator: User, stack: Stack) -> Badge | None:
    """The educator's current badge for `stack`, issued if every micro-credential is earned.

    A stack badge expires with the first of the badges it stands on. When renewals of those
    (ADR 0018) carry that end past the latest stack badge's expiry, a new stack badge is issued
    (`stack_sequence` + 1) and the old one stays as it was, like a renewed micro-credential's.
    A revoked or never-expiring latest badge is final. None while the stack is incomplete and
    no badge was issued.
    """
    return _stack_badge_current(educator, stack)[0]


def _stack_badge_current(educator: User, stack: Stack) -> tuple[Badge | None, bool]:
    """stack_badge_award's badge, and whether this call issued it."""
    latest = selectors.latest_stack_badge(educator, stack)
    latest_end = None
    if latest is not None:
        if latest.is_revoked or latest.expires_at is None:
            return latest, False  # final
        latest_end = latest.expires_at
    complete, ends_at = _stack_end(educator, stack)
    if not complete:
        return latest, False
    if latest_end is not None and ends_at is not None and ends_at <= latest_end:
        return latest, False  # the parts' renewals do not (yet) outlive it
    sequence = latest.stack_sequence + 1 if latest is not None else 1
    try:
        with transaction.atomic():
            badge = _issue(
                Badge(
                    kind=Badge.Kind.STACK,
                    educator=educator,
                    issuer=stack.issuer,
                    stack=stack,
                    stack_sequence=sequence,
                    title=stack.title,
                    issued_at=timezone.now(),
                    expires_at=ends_at,
                )
            )
            _after_issue(badge)
    except IntegrityError:
        # Another worker issued this stack badge first (the unique constraint): theirs counts.
        theirs = Badge.objects.get(
            kind=Badge.Kind.STACK, educator=educator, stack=stack, stack_sequence=sequence
        )
        return theirs, False
    return badge, True


def _stack_end(educator: User, stack: Stack) -> tuple[bool, datetime | None]:
    """Whether the educator holds a valid badge for every micro-credential of the stack, and
    when a stack badge standing on them ends: per micro-credential the longest-lived badge
    counts (a renewal outlives the badge it renews), and the first of those to end (None: none
    of them expires)."""
    parts = selectors.constituent_badges(educator, stack)
    needed = {item.credential_id for item in stack.items.all()}
    if not needed or not needed <= {badge.credential_id for badge in parts}:
        return False, None
    ends: dict[int | None, datetime | None] = {}
    for part in parts:
        end = ends.get(part.credential_id, part.expires_at)
        longest = None if end is None or part.expires_at is None else max(end, part.expires_at)
        ends[part.credential_id] = longest
    expiries = [end for end in ends.values() if end is not None]
    return True, min(expiries) if expiries else None


def _issue(badge: Badge) -> Badge:
    """Insert the badge, sign its OB 3.0 credential, bake and store its images."""
    salt = secrets.token_hex(16)
    badge.recipient_salt = salt
    badge.recipient_identity = documents.identity_hash(badge.educator.email, salt)
    _insert_with_status_index(badge)
    signing = signing_key_for(issuer=badge.issuer)
    badge.credential_json = sign_credential(
        documents.ob3_credential(badge),
        private_key=signing.private_key,
        verification_method=signing.verification_method,
        created=badge.issued_at,
    )
    badge.signing_key = signing.key
    badge.image_png, badge.image_svg = images.store_baked_images(
        badge,
        documents.ob2_assertion(badge, for_baking=True),
        documents.assertion_url(badge),
    )
    badge.save(update_fields=["credential_json", "signing_key", "image_png", "image_svg"])
    BadgeEvent.objects.create(badge=badge, action=BadgeEvent.Action.ISSUED, note=badge.title)
    return badge


def _insert_with_status_index(badge: Badge) -> None:
    """Save the new badge with a random free index in the issuer's open status list."""
    for _attempt in range(STATUS_INDEX_ATTEMPTS):
        status_list = _open_status_list(badge.issuer)
        badge.status_list = status_list
        badge.status_list_index = secrets.randbelow(status_list.size)
        try:
            with transaction.atomic():
                badge.save(force_insert=True)
            return
        except IntegrityError:
            badge.pk = None
            taken = Badge.objects.filter(
                status_list=status_list, status_list_index=badge.status_list_index
            ).exists()
            if not taken:
                raise  # not an index collision: a duplicate badge (the caller decides)
    # Random draws keep landing on used indexes: the list is full enough, start another.
    _close_status_list(badge.issuer)
    _insert_with_status_index(badge)


def _open_status_list(issuer: Organization) -> StatusList:
    status_list = StatusList.objects.filter(issuer=issuer, is_open=True).first()
    if status_list is not None:
        return status_list
    try:
        with transaction.atomic():
            status_list = StatusList.objects.create(issuer=issuer)
            _publish_status_list(status_list)
    except IntegrityError:
        return StatusList.objects.get(issuer=issuer, is_open=True)
    return status_list


def _close_status_list(issuer: Organization) -> None:
    StatusList.objects.filter(issuer=issuer, is_open=True).update(is_open=False)


def _publish_status_list(status_list: StatusList) -> None:
    """Re-encode the list from the revoked badges on it, sign it and store it."""
    encoded = encode_bitstring(selectors.revoked_indexes(status_list), size=status_list.size)
    now = timezone.now()
    signing = signing_key_for(issuer=status_list.issuer)
    status_list.credential = sign_credential(
        documents.status_list_credential(status_list, encoded, now),
        private_key=signing.private_key,
        verification_method=signing.verification_method,
        created=now,
    )
    status_list.save(update_fields=["credential", "updated_at"])


def _after_issue(badge: Badge) -> None:
    from .tasks import badge_send_email_task, stack_badges_award_task

    badge_id, educator_id = badge.pk, badge.educator_id
    enqueue_on_commit(badge_send_email_task, badge_id, "issued")
    emit(BADGE_AWARDED, educator_id=badge.educator_id, data=badge_event_data(badge))
    if badge.kind == Badge.Kind.MICRO_CREDENTIAL:
        enqueue_on_commit(stack_badges_award_task, educator_id)


# --------------------------------------------------------------------------- revocation


@transaction.atomic
def badge_revoke(*, badge: Badge, by: User, reason: str) -> Badge:
    """Revoke with a published reason: the hosted assertion answers 410 Gone and the status
    list bit is set (and re-signed). Revoking a revoked badge changes nothing."""
    reason = reason.strip()
    if not reason:
        raise BadgeError("Give a reason for the revocation; it is published with the badge.")
    locked = Badge.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=badge.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by", "updated_at"])
    BadgeEvent.objects.create(badge=locked, actor=by, action=BadgeEvent.Action.REVOKED, note=reason)
    if locked.status_list_id is not None:
        # The list's row lock orders concurrent revocations: each re-encodes after the last.
        status_list = (
            StatusList.objects.select_for_update()
            .select_related("issuer")
            .get(pk=locked.status_list_id)
        )
        _publish_status_list(status_list)
    from .tasks import badge_send_email_task

    badge_id = locked.pk
    enqueue_on_commit(badge_send_email_task, badge_id, "revoked")
    emit(BADGE_REVOKED, educator_id=locked.educator_id, data=badge_event_data(locked))
    _revoke_stacks_standing_on(locked, by=by, reason=reason)
    return locked


def _revoke_stacks_standing_on(badge: Badge, *, by: User, reason: str) -> None:
    """A stack badge certifies every micro-credential in it: when one of them is revoked, the
    stack badge no longer holds and is revoked too, with a reason that says why."""
    if badge.kind != Badge.Kind.MICRO_CREDENTIAL:
        return
    for stack_badge in selectors.stack_badges_standing_on(badge):
        badge_revoke(
            badge=stack_badge,
            by=by,
            reason=f"{badge.title}, a micro-credential this stack requires, was revoked: {reason}",
        )


# --------------------------------------------------------------------------- sharing


@transaction.atomic
def badge_update_sharing(
    *, badge: Badge, by: User, is_public: bool, evidence_summary: str, evidence_published: bool
) -> Badge:
    """The educator's choices: a public page or not, and an evidence summary to publish."""
    if badge.educator_id != by.pk:
        raise BadgeError("Only the badge's earner can change how it is shared.")
    evidence_summary = evidence_summary.strip()[:EVIDENCE_SUMMARY_MAX_CHARS]
    if evidence_published and not evidence_summary:
        raise BadgeError("Write the evidence summary before publishing it.")
    locked = Badge.objects.select_for_update(of=("self",)).get(pk=badge.pk)
    events = []
    if locked.is_public != is_public:
        note = "public page on" if is_public else "public page off (private)"
        events.append(BadgeEvent(action=BadgeEvent.Action.SHARING_CHANGED, note=note))
    if (locked.evidence_summary, locked.evidence_published) != (
        evidence_summary,
        evidence_published,
    ):
        note = "summary published" if evidence_published else "summary not published"
        events.append(BadgeEvent(action=BadgeEvent.Action.EVIDENCE_CHANGED, note=note))
    if not events:
        return locked
    locked.is_public = is_public
    locked.evidence_summary = evidence_summary
    locked.evidence_published = evidence_published
    locked.save(update_fields=["is_public", "evidence_summary", "evidence_published", "updated_at"])
    for event in events:
        event.badge, event.actor = locked, by
    BadgeEvent.objects.bulk_create(events)
    return locked


# --------------------------------------------------------------------------- email


def badge_send_email(*, badge_id: int, kind: str) -> bool:
    """Email the educator that a badge was issued (with the baked PNG) or revoked.

    Sent at most once per kind: a conditional update claims the send, and a failed send
    releases it for the retry. Returns whether an email went out.
    """
    field = {"issued": "issued_email_sent_at", "revoked": "revoked_email_sent_at"}[kind]

    def prepare() -> EmailMessage:
        return _email(selectors.badges_with_documents().get(pk=badge_id), kind)

    return send_once(Badge.objects.filter(pk=badge_id), field, prepare)


def _email(badge: Badge, kind: str) -> EmailMessage:
    context: dict[str, Any] = {
        "badge": badge,
        "educator": badge.educator,
        "public_url": documents.public_url(badge),
        "png_url": documents.png_url(badge) + "?download=1",
        "credential_url": documents.credential_url(badge) + "?download=1",
        "site_name": settings.SITE_NAME,
    }
    message = EmailMessage(
        subject=render_to_string(f"emails/badge_{kind}_subject.txt", context).strip(),
        body=render_to_string(f"emails/badge_{kind}.txt", context),
        to=[badge.educator.email],
    )
    if kind == "issued" and badge.image_png:
        message.attach("badge.png", images.read(badge.image_png), "image/png")
    return message


# --------------------------------------------------------------------------- renewal


def renewal_reminders_send(*, limit: int = 500) -> list[int]:
    """Periodic: email each educator once when an expiring badge's renewal opens (ADR 0018).

    Not for a revoked badge, nor when the educator has already started the next attempt, nor
    when the micro-credential is no longer offered. A failed send is released and the next
    run tries again; the others go on. Returns the badges reminded about."""
    now = timezone.now()
    later_attempt = Submission.objects.filter(
        educator_id=OuterRef("educator_id"),
        credential_id=OuterRef("credential_id"),
        attempt__gt=OuterRef("submission__attempt"),
    ).exclude(status=Submission.Status.WITHDRAWN)
    due = (
        Badge.objects.filter(
            kind=Badge.Kind.MICRO_CREDENTIAL,
            revoked_at=None,
            renewal_reminder_sent_at=None,
            expires_at__gt=now,
            expires_at__lte=now + conf.renewal_window(),
            credential__status=MicroCredential.Status.PUBLISHED,
        )
        .exclude(Exists(later_attempt))
        .order_by("expires_at")
    )
    reminded = []
    for badge_id in list(due.values_list("pk", flat=True)[:limit]):
        try:
            if badge_renewal_remind(badge_id=badge_id):
                reminded.append(badge_id)
        except Exception:  # SMTP failures come in many types; the next run retries this one
            logger.exception("badges: renewal reminder for badge %s failed", badge_id)
    return reminded


def badge_renewal_remind(*, badge_id: int) -> bool:
    """The renewal reminder for one badge, at most once. Returns whether it went out."""

    def prepare() -> EmailMessage:
        badge = Badge.objects.select_related("educator", "issuer", "credential").get(pk=badge_id)
        assert badge.credential is not None and badge.expires_at is not None  # micro, expiring
        context = {
            "badge": badge,
            "educator": badge.educator,
            "public_url": documents.public_url(badge),
            "renew_url": conf.absolute(
                reverse("credentials:detail", kwargs={"slug": badge.credential.slug})
            ),
            "site_name": settings.SITE_NAME,
        }
        return EmailMessage(
            subject=render_to_string("emails/badge_renewal_subject.txt", context).strip(),
            body=render_to_string("emails/badge_renewal.txt", context),
            to=[badge.educator.email],
        )

    return send_once(Badge.objects.filter(pk=badge_id), "renewal_reminder_sent_at", prepare)


# --------------------------------------------------------------------------- sweeper


def badges_sweep(*, limit: int = 500) -> dict[str, int]:
    """Re-enqueue what a lost message left undone: badges of passed submissions, stack
    checks, issue emails. Returns counts (for the log)."""
    from .tasks import badge_send_email_task, stack_badges_award_task

    grace = timezone.now() - timedelta(seconds=conf.sweep_grace_seconds())
    missing = list(
        Submission.objects.filter(
            status=Submission.Status.PASSED, badge__isnull=True, decided_at__lt=grace
        ).values_list("pk", flat=True)[:limit]
    )
    for submission_id in missing:
        badge_request_issue(submission=Submission(pk=submission_id))
    unsent = list(
        Badge.objects.filter(issued_email_sent_at=None, created_at__lt=grace).values_list(
            "pk", flat=True
        )[:limit]
    )
    for badge_id in unsent:
        badge_send_email_task.delay(badge_id, "issued")
    educators = list(
        selectors.valid_badges()
        .filter(kind=Badge.Kind.MICRO_CREDENTIAL, created_at__gt=grace - timedelta(days=1))
        .values_list("educator_id", flat=True)
        .distinct()[:limit]
    )
    for educator_id in educators:
        stack_badges_award_task.delay(educator_id)
    return {"issues": len(missing), "emails": len(unsent), "stack_checks": len(educators)}
