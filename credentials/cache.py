"""A shared cache of catalog reads that every busy page repeats: facets and version content.

The catalog changes rarely (an author publishes, staff rename a focus area) while educators and
reviewers read it on every page. Cached entries are keyed by a *catalog generation*: a random
token that any save or delete of a catalog row replaces, so the next read misses and a change
shows at once on every worker (the cache is Redis in production). The token is replaced both
when the row is written and again when its transaction commits, so a page rendered between the
two cannot keep pre-commit content under the new token. Only frozen content is cached (never a
draft version), nothing user-specific, and a lost cache server only means reading PostgreSQL
(see docs/decisions/0013-page-caching.md).
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")

GENERATION_KEY = "catalog:generation"
# A backstop only: invalidation is by generation. Bounds staleness if a change happened while
# the cache server was unreachable and it came back with its old contents.
ENTRY_SECONDS = 60 * 60
GENERATION_SECONDS = 24 * 60 * 60


def _generation() -> str:
    token: str | None = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, GENERATION_SECONDS)
        token = cache.get(GENERATION_KEY)
    return str(token)


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, GENERATION_SECONDS)
    except Exception:  # the cache server is away: entries expire within ENTRY_SECONDS
        logger.warning("Could not invalidate the catalog cache", exc_info=True)


def catalog_changed() -> None:
    """Invalidate every cached catalog read, now and again when the transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation)


def cached(name: str, compute: Callable[[], T], keep: Callable[[T], bool] = bool) -> T:
    """`compute()` from the cache under the current generation; stored only when keep(value)."""
    try:
        key = f"catalog:{_generation()}:{name}"
        value: T | None = cache.get(key)
    except Exception:  # the cache server is away: read the database
        logger.warning("Catalog cache unavailable", exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    if keep(value):
        try:
            cache.set(key, value, ENTRY_SECONDS)
        except Exception:
            logger.warning("Catalog cache unavailable", exc_info=True)
    return value


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    catalog_changed()


def _on_m2m_change(sender: type[Model], action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        catalog_changed()


def connect_invalidation() -> None:
    """Every model whose rows a cached catalog read contains (called from AppConfig.ready)."""
    from organizations.models import Organization

    from .models import (
        Competency,
        EvidenceRequirement,
        FocusArea,
        GradeBand,
        MicroCredential,
        MicroCredentialVersion,
        RubricCriterion,
        RubricLevel,
        Subject,
    )

    models: list[type[Model]] = [
        FocusArea, Competency, GradeBand, Subject, MicroCredential, MicroCredentialVersion,
        EvidenceRequirement, RubricCriterion, RubricLevel, Organization,
    ]  # fmt: skip
    for model in models:
        uid = f"credentials.cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ":delete")
    for through in (
        MicroCredentialVersion.grade_bands.through,
        MicroCredentialVersion.subjects.through,
        RubricCriterion.requirements.through,
    ):
        m2m_changed.connect(
            _on_m2m_change, sender=through, dispatch_uid=f"credentials.cache:{through}"
        )
