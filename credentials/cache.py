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
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import mark_safe

from common.generations import Generation
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

logger = logging.getLogger(__name__)

CATALOG = Generation("catalog")
# Every cached catalog read, under the catalog's generation (common/generations.py).
cached = CATALOG.cached


def catalog_changed() -> None:
    """Invalidate every cached catalog read, now and again when the transaction commits."""
    CATALOG.changed()


def cached_html(name: str, render: Callable[[], str]) -> str:
    """Catalog HTML rendered once per process and generation (the bounded "fragments" cache).

    For content that is the same for every visitor (cards, filters, a credential's body): the
    pages built around it still render the user's own parts. Kept in process, not Redis: the
    catalog's search words make the keys unbounded, and a local cache culls what it cannot hold
    (settings CACHES["fragments"]), while the shared generation still invalidates every worker.
    """
    try:
        key = CATALOG.entry_key(name)
    except Exception:  # the cache server is away: nothing tells whether an entry is current
        logger.warning("Catalog cache unavailable", exc_info=True)
        return render()
    fragments = caches["fragments"]
    html: str | None = fragments.get(key)
    if html is None:
        html = render()
        fragments.set(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, autoescaped


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    catalog_changed()


def _on_m2m_change(sender: type[Model], action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        catalog_changed()


def connect_invalidation() -> None:
    """Every model whose rows a cached catalog read contains (called from AppConfig.ready)."""
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
