"""What recognition rules name at all: the micro-credentials, focus areas and stacks of every
rule row (withdrawn, expired or of a closed body too), from the cache (docs/decisions/0041).

Most micro-credentials are named by no rule, yet their page, the catalog's cards and a
stack's page asked PostgreSQL for their rules every time: a seven-table join with an EXISTS
per row, about 4 ms of Django and more of PostgreSQL to learn that nothing counts. The
selectors ask `may_count()` first and read the rules only for what some rule names. The set
is a superset of what counts today (the query it guards checks dates, withdrawal and the
body), so it can only let that query run, never hide a rule.

Every save or delete of a rule replaces the generation and writes the new entry at once (from
this transaction's view, with the rule's targets before and after the change, so that a
rollback cannot leave a rule out) and again when the transaction commits (exactly the
committed rows): the next page reads the set from the cache, not from PostgreSQL. A
`QuerySet.update()` of rules must call `rules_changed()` itself (there is none today); the
entry's hour of life bounds what raw SQL could leave stale.
"""

import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from common.generations import ENTRY_SECONDS, Generation

from .models import Recognition

logger = logging.getLogger(__name__)

TARGETS = Generation("recognition-rule-targets")
ENTRY = "targets"

Targets = frozenset[tuple[str, int]]


def _targets_of(rows: Any) -> Targets:
    named: set[tuple[str, int]] = set()
    for credential_id, focus_area_id, stack_id in rows:
        for kind, pk in (("credential", credential_id), ("focus_area", focus_area_id),
                         ("stack", stack_id)):  # fmt: skip
            if pk is not None:
                named.add((kind, pk))
    return frozenset(named)


def _read() -> Targets:
    return _targets_of(
        Recognition.objects.values_list("micro_credential_id", "focus_area_id", "stack_id")
    )


def named_targets() -> Targets:
    # An empty set is an answer too (no rules at all): kept, not read again on every page.
    return TARGETS.cached(ENTRY, _read, keep=lambda targets: True)


def may_count(
    *,
    credential_ids: set[int] | frozenset[int] = frozenset(),
    focus_area_ids: set[int] | frozenset[int] = frozenset(),
    stack_ids: set[int] | frozenset[int] = frozenset(),
) -> bool:
    """Whether any rule names one of these (False: none can count for anything)."""
    targets = named_targets()
    return (
        any(("credential", pk) in targets for pk in credential_ids)
        or any(("focus_area", pk) in targets for pk in focus_area_ids)
        or any(("stack", pk) in targets for pk in stack_ids)
    )


def _store(targets: Targets) -> None:
    try:
        cache.set(TARGETS.entry_key(ENTRY), targets, ENTRY_SECONDS)
    except Exception:  # the cache server is away: the next read computes it
        logger.warning("Could not store the recognition rule targets", exc_info=True)


def rules_changed(*also: Targets) -> None:
    """A rule was written: a new generation with its entry now and again at commit."""
    TARGETS.changed()  # its commit-time token replacement is registered first, so runs first
    _store(_read().union(*also))
    transaction.on_commit(lambda: _store(_read()))


def _before(sender: Any, instance: Recognition, **kwargs: Any) -> None:
    """Remember what a rule named before this save (a rolled-back edit must stay covered)."""
    rows = Recognition.objects.filter(pk=instance.pk).values_list(
        "micro_credential_id", "focus_area_id", "stack_id"
    )
    instance._targets_before = _targets_of(rows) if instance.pk else frozenset()  # type: ignore[attr-defined]


def _saved(sender: Any, instance: Recognition, **kwargs: Any) -> None:
    rules_changed(getattr(instance, "_targets_before", frozenset()))


def _deleted(sender: Any, instance: Recognition, **kwargs: Any) -> None:
    rules_changed(
        _targets_of([(instance.micro_credential_id, instance.focus_area_id, instance.stack_id)])
    )


def connect() -> None:
    """Called by RecognitionConfig.ready()."""
    pre_save.connect(_before, sender=Recognition, dispatch_uid="rule-targets-before")
    post_save.connect(_saved, sender=Recognition, dispatch_uid="rule-targets-saved")
    post_delete.connect(_deleted, sender=Recognition, dispatch_uid="rule-targets-deleted")
