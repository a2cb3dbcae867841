"""The educator progress rollup (EducatorProgress, ADR 0038): each educator's numbers over all
their attempts, so the dashboard sorts, filters and counts a state's staff through an index
instead of aggregating every attempt per request.

A row is recomputed from the submissions, never incremented: `progress_rollup_refresh` runs the
very aggregation the dashboard ran per request (selectors.progress.with_numbers) for the
educators named, and writes their rows, inside the caller's transaction, so the page that follows
a change reads it. It is called when a submission is saved or deleted, when an account's name or
email changes (post_save, as the progress cache listens: reporting/progress_cache.py) and when
two accounts are merged (the accounts.merged event: reporting/subscriptions.py).

Two transactions changing one educator's attempts at once (a reviewer's decision while the
educator submits another) must not leave the row with either one's view only: the refresh takes
a transaction-scoped advisory lock on the educator first, so the second one waits for the first
to commit and then reads both changes.
"""

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Model

from accounts.models import User
from organizations.models import Membership
from submissions.models import Submission

from .models import EducatorProgress
from .outcomes import outcomes_rebuild, outcomes_refresh
from .selectors.progress import NUMBERS, ProgressFilters, with_numbers

# The advisory locks' first key: this rollup's namespace (any constant no other code uses).
LOCK_NAMESPACE = 26_0038
REBUILD_CHUNK = 5000
COPIED = ("display_name", "email", "attempts", *NUMBERS)


def progress_rollup_refresh(*, educator_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> int:
    """Recompute these educators' rows from their submissions (in the database the change was
    written to); how many were written."""
    ids = sorted({pk for pk in educator_ids if pk})
    if not ids:
        return 0
    with transaction.atomic(using=using):
        _lock(ids, using)
        written = _write(User.objects.using(using).filter(pk__in=ids), using)
        # The organizations' statistics (ADR 0040), under the same lock.
        outcomes_refresh(educator_ids=ids, using=using)
        return written


def progress_rollup_rebuild(*, chunk: int = REBUILD_CHUNK, outcomes: bool = True) -> int:
    """Recompute every account's row, a range of ids at a time, and (unless told not to: the
    migration that predates them) the organizations' outcome cells (after a bulk load, or to
    repair); how many accounts' rows were written."""
    written = 0
    last = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for start in range(0, last + 1, chunk):
        with transaction.atomic():
            written += _write(User.objects.filter(pk__gte=start, pk__lt=start + chunk))
    if outcomes:
        outcomes_rebuild()
    return written


def _membership_refresh(educator_ids: list[int], using: str) -> None:
    """Who is under which organization changed: only the outcome cells depend on it."""
    with transaction.atomic(using=using):
        _lock(sorted(educator_ids), using)
        outcomes_refresh(educator_ids=educator_ids, using=using)


def _lock(ids: list[int], using: str) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return  # SQLite (local settings) writes one transaction at a time anyway
    with connection.cursor() as cursor:
        # In id order, so two transactions locking several educators never wait on each other
        # in a circle.
        for pk in ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, pk])


def _write(people: Any, using: str = DEFAULT_DB_ALIAS) -> int:
    computed = with_numbers(people, ProgressFilters()).annotate(attempts=Count("submissions"))
    rows = [
        EducatorProgress(educator_id=row[0], **dict(zip(COPIED, row[1:], strict=True)))
        for row in computed.order_by().values_list("pk", *COPIED)
    ]
    EducatorProgress.objects.using(using).bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["educator_id"],
        update_fields=[*COPIED, "updated_at"],
    )
    return len(rows)


# --------------------------------------------------------------------------------------------
# What keeps it current
# --------------------------------------------------------------------------------------------


# What the numbers read of a submission: a save that writes none of these changes no row.
COUNTED = {
    "status", "is_renewal", "version", "version_id", "educator", "educator_id",
    # The month the organizations' statistics count it in, its time to earn (ADR 0040).
    "decided_at", "submitted_at", "created_at",
}  # fmt: skip


def _on_submission(
    sender: type[Model],
    instance: Submission,
    using: str = DEFAULT_DB_ALIAS,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    if update_fields is not None and not COUNTED & set(update_fields):
        return
    progress_rollup_refresh(educator_ids=[instance.educator_id], using=using)


def _on_account(
    sender: type[Model],
    instance: User,
    using: str = DEFAULT_DB_ALIAS,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    # Logins save last_login only: nothing the rollup copies.
    if update_fields is not None and not {"display_name", "email"} & set(update_fields):
        return
    progress_rollup_refresh(educator_ids=[instance.pk], using=using)


def _on_account_deleted(
    sender: type[Model], instance: User, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    EducatorProgress.objects.using(using).filter(educator_id=instance.pk).delete()
    # Their memberships and attempts went first (cascade): this takes their share out.
    _membership_refresh([instance.pk], using)


def _on_membership(
    sender: type[Model], instance: Membership, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    # A grant, an end or a move between schools shows at once in every organization's figures.
    _membership_refresh([instance.user_id], using)


def accounts_merged(*, kept_id: int, folded_id: int) -> None:
    """Attempts moved between the two accounts without their save() (accounts.merging)."""
    progress_rollup_refresh(educator_ids=[kept_id, folded_id])


def connect() -> None:
    """Refresh on every save that changes what the rollup holds (called from AppConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    uid = "reporting.rollup"
    post_save.connect(_on_submission, sender=Submission, dispatch_uid=f"{uid}:submission:save")
    post_delete.connect(_on_submission, sender=Submission, dispatch_uid=f"{uid}:submission:del")
    post_save.connect(_on_account, sender=User, dispatch_uid=f"{uid}:account:save")
    post_delete.connect(_on_account_deleted, sender=User, dispatch_uid=f"{uid}:account:del")
    post_save.connect(_on_membership, sender=Membership, dispatch_uid=f"{uid}:membership:save")
    post_delete.connect(_on_membership, sender=Membership, dispatch_uid=f"{uid}:membership:del")
