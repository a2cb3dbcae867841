"""The dashboard's statistics, cached per scope, filters and day (ADR 0013).

The headline numbers, the per micro-credential funnel, the charts and the assignment table
are the dashboard's costliest part (grouped passes over every attempt in scope, then three
tables and two charts to render) and they change only when an outcome does. They are kept in
the shared cache under the *progress generation*, which any save or delete of a submission,
membership, assignment, account or stack replaces (now and at commit), and the catalog's
generation (titles, focus areas), so an admin never sees an outcome late. The educator table
(last activity, per-person counts) is read fresh on every page.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from accounts.models import User
from common.generations import Generation
from credentials.cache import CATALOG
from credentials.models import Stack, StackItem
from organizations.models import Membership, Organization
from submissions.models import Submission

from .models import Assignment

PROGRESS = Generation("progress")
# Entries hold one scope's numbers for one set of filters; an hour bounds the keys kept.
STATISTICS_SECONDS = 60 * 60


def cached_statistics(scope: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`compute()` for this scope and filters (`scope`), today, from the cache when current."""
    try:
        catalog = CATALOG.token()
    except Exception:  # the cache server is away: PROGRESS.cached reads the database too
        catalog = "-"
    name = f"{catalog}:{timezone.localdate().isoformat()}:{scope}"
    return PROGRESS.cached(name, compute, timeout=STATISTICS_SECONDS)


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    PROGRESS.changed()


def connect_invalidation() -> None:
    """Every model the statistics read (called from AppConfig.ready). `QuerySet.update()` on
    these rows sends no signal: the ones in the code never touch what the statistics show."""
    models: list[type[Model]] = [
        Submission, Membership, Assignment, User, Stack, StackItem, Organization,
    ]  # fmt: skip
    for model in models:
        uid = f"reporting.progress_cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ":delete")
