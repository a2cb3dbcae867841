"""Folding one person's second account into their first, and undoing it (ADR 0026).

Generic on purpose: every row of every app that points at the folded account is found by
walking `User._meta.related_objects` (foreign keys, one-to-ones and the tables behind
many-to-manys), so accounts, the lowest app, names no model of the apps above it, and a model
added tomorrow moves with the rest. A row whose move would break a unique rule (the same
membership twice, one reviewer profile each) is not moved: the kept account's row is the one
that counts, and the folded account's stays with it, listed as "stayed". Nothing is deleted,
so the undo can put back exactly what moved.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from common.events import ACCOUNTS_MERGED, emit

from .models import AccountMerge, User
from .services import user_set_active

MERGE_UNDO_DAYS = 30

Move = dict[str, Any]  # {"model": label, "pk": the row's pk, "field": the column}


class MergeError(ValueError):
    """A merge or an undo that cannot be made; the message says why, for people."""


@dataclass
class MergeOutcome:
    """What a merge moves (or, for a preview, would move)."""

    moved: list[Move] = field(default_factory=list)
    stayed: list[Move] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> list[tuple[str, int, int]]:
        """(kind, rows moved, rows left with the folded account), by kind."""
        return _counts(self.moved, self.stayed)


def _counts(moved: list[Move], stayed: list[Move]) -> list[tuple[str, int, int]]:
    names = {model._meta.label: _name(model) for model, _ in _relations().values()}
    moved_by = Counter(m["model"] for m in moved)
    stayed_by = Counter(m["model"] for m in stayed)
    kinds = sorted(set(moved_by) | set(stayed_by), key=lambda label: names.get(label, label))
    return [(names.get(k, k), moved_by[k], stayed_by[k]) for k in kinds]


def merge_counts(merge: AccountMerge) -> list[tuple[str, int, int]]:
    """What a recorded merge moved, by kind (for its page)."""
    return _counts(merge.moved, merge.stayed)


def _name(model: type[models.Model]) -> str:
    return f"{str(model._meta.verbose_name_plural).capitalize()} ({model._meta.app_label})"


def _relations() -> dict[str, tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every table with a column pointing at an account, keyed by "<model label>.<column>":
    foreign keys and one-to-ones, and the auto-created tables behind many-to-manys (a
    many-to-many with its own `through` model is listed by that model's foreign key). The
    merge audit and email addresses (moved on their own terms) are left out."""
    found: dict[str, tuple[type[models.Model], models.Field[Any, Any]]] = {}
    for relation in User._meta.related_objects:
        model = relation.related_model
        if model in (AccountMerge, EmailAddress) or not isinstance(model, type):
            continue
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            if through is None or not through._meta.auto_created:
                continue
            for column in through._meta.fields:
                if column.is_relation and column.related_model is User:
                    found[f"{through._meta.label}.{column.attname}"] = (through, column)
            continue
        column = relation.field
        found[f"{model._meta.label}.{column.attname}"] = (model, column)
    return found


def _key_value(column: models.Field[Any, Any], user: User) -> Any:
    """The value `column` holds for `user` (its primary key, or the field it points at)."""
    return getattr(user, column.target_field.attname)  # type: ignore[attr-defined]


def _repoint(
    model: type[models.Model], column: models.Field[Any, Any], pk: Any, old: Any, new: Any
) -> bool:
    """Point one row from `old` to `new`; False when a unique rule refuses it (nothing moved)."""
    try:
        with transaction.atomic():
            rows = model._base_manager.filter(pk=pk, **{column.attname: old})
            return rows.update(**{column.attname: new}) == 1
    except IntegrityError:
        return False


def _json(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def _move_rows(kept: User, folded: User, outcome: MergeOutcome) -> None:
    for model, column in _relations().values():
        old, new = _key_value(column, folded), _key_value(column, kept)
        pks = list(
            model._base_manager.filter(**{column.attname: old})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in pks:
            # Recorded as the row is found after the move (a one-to-one that is the row's own
            # primary key changes it), in JSON's types.
            after = new if column.primary_key else pk
            record = {"model": model._meta.label, "pk": _json(after), "field": column.attname}
            (outcome.moved if _repoint(model, column, pk, old, new) else outcome.stayed).append(
                record
            )


def _move_emails(kept: User, folded: User, outcome: MergeOutcome) -> None:
    """The folded account's verified addresses become the kept account's, verified and not
    primary (a kept unverified copy of one gives way: the folded account proved it)."""
    for address in EmailAddress.objects.filter(user=folded, verified=True).order_by("pk"):
        EmailAddress.objects.filter(user=kept, email__iexact=address.email).delete()
        moved = {"pk": address.pk, "email": address.email, "primary": address.primary}
        outcome.emails.append(moved)
        EmailAddress.objects.filter(pk=address.pk).update(user=kept, primary=False)
    if folded.email.lower() in {e["email"].lower() for e in outcome.emails}:
        # Its address is the kept account's now: the folded one keeps a name nobody can use,
        # so rosters and sign-in find the kept account under it.
        folded.email = f"folded-{folded.public_id.hex}@merged.invalid"
        folded.save(update_fields=["email"])


def _check_merge(kept: User, folded: User) -> None:
    if kept.pk == folded.pk:
        raise MergeError("Choose two different accounts.")
    if not kept.is_active:
        raise MergeError("The account to keep is deactivated; reactivate it first.")
    if folded.is_staff or folded.is_superuser:
        raise MergeError("A platform staff account is never folded into another.")
    earlier = AccountMerge.objects.filter(folded=folded, undone_at=None).select_related("kept")
    if (merge := earlier.first()) is not None:
        raise MergeError(f"This account was already merged into {merge.kept.email}.")


def _fold(kept: User, folded: User) -> MergeOutcome:
    _check_merge(kept, folded)
    outcome = MergeOutcome()
    # Deactivated first: its API tokens are revoked before they move with everything else.
    user_set_active(user=folded, is_active=False)
    _move_rows(kept, folded, outcome)
    _move_emails(kept, folded, outcome)
    return outcome


class _DryRun(Exception):
    """Raised to roll a preview back, carrying what it found."""

    def __init__(self, outcome: MergeOutcome) -> None:
        self.outcome = outcome


def account_merge_preview(*, kept: User, folded: User) -> MergeOutcome:
    """What merging `folded` into `kept` would move, exactly: the merge itself, rolled back."""
    folded_state = (folded.email, folded.is_active)
    try:
        with transaction.atomic():
            raise _DryRun(_fold(kept, folded))
    except _DryRun as dry_run:
        return dry_run.outcome
    finally:
        folded.email, folded.is_active = folded_state


@transaction.atomic
def account_merge(*, kept: User, folded: User, by: User) -> AccountMerge:
    """Fold `folded` into `kept`: every row pointing at it moves (unique clashes stay, the kept
    account's row wins), its verified addresses become the kept account's, and it is
    deactivated. The audit row records every move, for `account_merge_undo`."""
    locked = {u.pk: u for u in User.objects.select_for_update().filter(pk__in=[kept.pk, folded.pk])}
    kept, folded = locked.get(kept.pk, kept), locked.get(folded.pk, folded)
    email, was_active = folded.email, folded.is_active
    outcome = _fold(kept, folded)
    emit(ACCOUNTS_MERGED, kept_id=kept.pk, folded_id=folded.pk)
    return AccountMerge.objects.create(
        kept=kept,
        folded=folded,
        merged_by=by,
        folded_email=email,
        folded_was_active=was_active,
        moved=outcome.moved,
        stayed=outcome.stayed,
        emails=outcome.emails,
    )


def merge_undo_deadline(merge: AccountMerge) -> Any:
    return merge.merged_at + timedelta(days=MERGE_UNDO_DAYS)


def merge_can_be_undone(merge: AccountMerge) -> bool:
    return merge.undone_at is None and timezone.now() < merge_undo_deadline(merge)


def _check_undo(merge: AccountMerge, kept: User) -> None:
    if merge.undone_at is not None:
        raise MergeError("This merge was already undone.")
    if timezone.now() >= merge_undo_deadline(merge):
        raise MergeError(
            f"This merge is more than {MERGE_UNDO_DAYS} days old and can no longer be undone."
        )
    if kept.email.lower() in {e["email"].lower() for e in merge.emails}:
        raise MergeError(
            f"{kept} now uses {kept.email}, an address that came with the merge, as their "
            "primary one: make another address primary first."
        )
    clash = User.objects.filter(email__iexact=merge.folded_email).exclude(pk=merge.folded_id)
    if clash.exists():
        raise MergeError(f"Another account now uses {merge.folded_email}; it cannot move back.")


@transaction.atomic
def account_merge_undo(*, merge: AccountMerge, by: User) -> AccountMerge:
    """Move back exactly what the merge moved, give the folded account its addresses back and
    reactivate it, within MERGE_UNDO_DAYS; a row that cannot move back is listed, not lost."""
    merge = AccountMerge.objects.select_for_update().get(pk=merge.pk)
    kept = User.objects.select_for_update().get(pk=merge.kept_id)
    folded = User.objects.select_for_update().get(pk=merge.folded_id)
    _check_undo(merge, kept)
    relations = _relations()
    not_moved_back = []
    for move in merge.moved:
        model, column = relations.get(f"{move['model']}.{move['field']}", (None, None))
        if (
            model is None
            or column is None
            or not _repoint(
                model, column, move["pk"], _key_value(column, kept), _key_value(column, folded)
            )
        ):
            not_moved_back.append(move)
    for address in merge.emails:
        EmailAddress.objects.filter(pk=address["pk"], user=kept).update(
            user=folded, primary=address["primary"]
        )
    folded.email = merge.folded_email
    folded.save(update_fields=["email"])
    if merge.folded_was_active:
        user_set_active(user=folded, is_active=True)
    emit(ACCOUNTS_MERGED, kept_id=kept.pk, folded_id=folded.pk)
    merge.undone_at, merge.undone_by, merge.not_moved_back = timezone.now(), by, not_moved_back
    merge.save(update_fields=["undone_at", "undone_by", "not_moved_back"])
    return merge
