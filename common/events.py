"""Domain events: how a lower app lets a higher one react without importing it (ADR 0022).

Apps stand on floors (README, "Architecture"); an app imports only from the floors below it.
When something happens in a lower app that a higher app must act on (a review passes and a
badge is due; a badge is awarded and a district's webhook wants to hear of it), the lower app
``emit``s a named event with plain data (ids and strings, never model instances), and the higher
app ``subscribe``s a handler in its ``AppConfig.ready()``, through the one module
``<app>/subscriptions.py`` that lists everything it listens to.

Handlers run synchronously, in subscription order, inside the emitter's transaction: a handler
that starts slow work enqueues it with ``transaction.on_commit`` as any service would. An
exception in a handler propagates to the emitter, so a failed reaction is never silent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = [
    "ACCOUNTS_MERGED",
    "BADGE_AWARDED",
    "BADGE_REVOKED",
    "REVIEW_COMPLETED",
    "SUBMISSION_PASSED",
    "SUBMISSION_RENEWAL_REQUESTED",
    "SUBMISSION_SUBMITTED",
    "Event",
    "Handler",
    "emit",
    "iso_datetime",
    "subscribe",
    "subscribers",
]

Handler = Callable[..., None]


@dataclass(frozen=True)
class Event:
    """A named event and the keyword arguments (all plain data) that come with it."""

    name: str
    payload: tuple[str, ...]
    description: str = ""


_subscribers: dict[str, list[tuple[str, Handler]]] = {}


def subscribe(event: Event, handler: Handler, *, uid: str) -> None:
    """Call ``handler(**payload)`` whenever ``event`` is emitted.

    ``uid`` names the subscription; subscribing the same uid twice (``ready()`` may run more
    than once in tests) keeps one subscription.
    """
    handlers = _subscribers.setdefault(event.name, [])
    if any(existing_uid == uid for existing_uid, _ in handlers):
        return
    handlers.append((uid, handler))


def emit(event: Event, **payload: Any) -> None:
    """Run every subscriber of ``event`` with ``payload``, which must match its declaration."""
    if set(payload) != set(event.payload):
        raise TypeError(
            f"{event.name} carries {sorted(event.payload)}, was emitted with {sorted(payload)}"
        )
    for _uid, handler in list(_subscribers.get(event.name, ())):
        handler(**payload)


def subscribers(event: Event) -> list[str]:
    """The uids subscribed to ``event``, in order (for tests and for reading)."""
    return [uid for uid, _ in _subscribers.get(event.name, ())]


# --------------------------------------------------------------------------------------------
# The catalog: every event an app emits, what it carries, who listens
# --------------------------------------------------------------------------------------------
#
# The four events the educator's organizations hear of by webhook (docs/decisions/0009).
# `educator_id` is the educator the event is about (integrations sends the event to the
# webhooks of their organizations and of every organization above them); `data` is the
# event's description as plain data (strings, numbers, booleans, None, and dicts and lists of
# them; moments as `iso_datetime`), exactly the `data` of the webhook body: ids, slugs, the
# educator's id, name and email, the decision, the badge's dates; never evidence, scores,
# feedback or reviewer identities.
#
# Emitted by: submissions (submission.submitted), reviews (review.completed), badges
# (badge.awarded, badge.revoked). Subscribed by: integrations/subscriptions.py (webhooks).


def iso_datetime(moment: datetime | None) -> str | None:
    """A moment as events carry it: ISO 8601, UTC written as "Z" (None stays None)."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


SUBMISSION_SUBMITTED = Event(
    "submission.submitted",
    ("educator_id", "data"),
    "An educator sent an attempt for review (submissions.services.submission_submit).",
)
REVIEW_COMPLETED = Event(
    "review.completed",
    ("educator_id", "data"),
    "A decision was released, passed or not yet (reviews.services); never for a first review "
    "that waits for a second one.",
)
BADGE_AWARDED = Event(
    "badge.awarded",
    ("educator_id", "data"),
    "A badge was issued, for a micro-credential or a stack (badges.services).",
)
BADGE_REVOKED = Event(
    "badge.revoked",
    ("educator_id", "data"),
    "A badge was revoked, with its published reason (badges.services.badge_revoke).",
)


# A pass and its badge: reviews releases the decision, badges issues the badge (ADR 0022).

SUBMISSION_PASSED = Event(
    "submission.passed",
    ("submission_id",),
    "A released decision passed a submission (reviews.services, inside the decision's "
    "transaction). Subscribed by badges/subscriptions.py: the badge is requested, and its "
    "issuing task is enqueued once the transaction commits.",
)
SUBMISSION_RENEWAL_REQUESTED = Event(
    "submission.renewal_requested",
    ("passed_submission_id",),
    "An educator asks for another attempt at a micro-credential they passed "
    "(submissions.services.submission_start, before the attempt exists); the id is their "
    "latest passed attempt. Subscribed by badges/subscriptions.py, which refuses by raising "
    "submissions.services.SubmissionError unless the badge's renewal is open (ADR 0018).",
)


# One person, one account (ADR 0026).

ACCOUNTS_MERGED = Event(
    "accounts.merged",
    ("kept_id", "folded_id"),
    "Platform staff folded one account into another, or undid that (accounts.merging): rows of "
    "every app moved between the two without their save(). Subscribed by "
    "organizations/role_cache.py, which forgets both accounts' cached roles.",
)
