"""Emails sent at most once (ADR 0016), whichever record remembers that they went out.

Every email a task sends is claimed on a record first, so a task that runs twice (a redelivered
message, a sweeper's copy) sends it once. One order for all of them: build the message (database
and storage reads, templates), then claim the send, then send; a failed send releases the claim
for the retry. Built before the claim, so a worker that dies building it leaves nothing claimed
and the next copy sends; only the SMTP call itself runs under the claim.

The record is a timestamp on the row the email is about (`send_once(row, "x_sent_at", ...)`), or
a row of an email log keyed by a unique name (`RecordClaim`); anything else can implement
`SendClaim`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone


class SendClaim(Protocol):
    """The record that an email went out (or is going out right now)."""

    def is_taken(self) -> bool:
        """Sent already: nothing to build."""
        ...

    def take(self) -> bool:
        """Claim the send; False when another copy claimed it meanwhile."""
        ...

    def release(self) -> None:
        """The send failed: let the retry claim it again."""
        ...


@dataclass(frozen=True)
class StampClaim:
    """Claimed by stamping `field` (empty until then) of the one row `row` selects, with `at`
    (default: now)."""

    row: QuerySet[Any]
    field: str
    at: datetime | None = None

    def is_taken(self) -> bool:
        return self.row.exclude(**{self.field: None}).exists()

    def take(self) -> bool:
        stamp = self.at or timezone.now()
        return bool(self.row.filter(**{self.field: None}).update(**{self.field: stamp}))

    def release(self) -> None:
        self.row.update(**{self.field: None})


@dataclass(frozen=True)
class RecordClaim:
    """Claimed by creating the row of `model` that `lookup` names (a unique key)."""

    model: type[models.Model]
    lookup: dict[str, Any] = field(default_factory=dict)

    def is_taken(self) -> bool:
        return self.model._default_manager.filter(**self.lookup).exists()

    def take(self) -> bool:
        try:
            with transaction.atomic():
                self.model._default_manager.create(**self.lookup)
        except IntegrityError:
            return False
        return True

    def release(self) -> None:
        self.model._default_manager.filter(**self.lookup).delete()


def send_claimed(claim: SendClaim, prepare: Callable[[], EmailMessage]) -> bool:
    """Build the message (`prepare`), claim the send on `claim`, send; a failed send releases
    the claim and raises. Returns whether this call sent."""
    if claim.is_taken():
        return False  # sent already: nothing to build
    message = prepare()
    if not claim.take():
        return False  # another copy of the message claimed it meanwhile
    try:
        message.send()
    except Exception:
        claim.release()
        raise
    return True


def send_once(
    row: QuerySet[Any],
    sent_field: str,
    prepare: Callable[[], EmailMessage],
    *,
    at: datetime | None = None,
) -> bool:
    """At most once by the row's own record: `send_claimed` with the send claimed by stamping
    `sent_field` of `row` (one row's queryset) if it is empty. Returns whether this call sent."""
    return send_claimed(StampClaim(row, sent_field, at), prepare)
