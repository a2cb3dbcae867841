"""Template tags of the submissions fragments that lower apps' pages include: where the educator
stands on the home page (templates/submissions/_home.html), on a micro-credential's page
(_credential_action.html) and on a stack's page. A template that loads these is no import:
accounts, organizations and credentials stand below submissions and never import it."""

from collections.abc import Sequence
from typing import Any

from django import template

from credentials.models import MicroCredential, StackItem

from .. import selectors
from ..artifact_processing import retry_can_help
from ..artifacts import MAX_FILES_PER_REQUIREMENT, accepted_label
from ..models import Artifact

register = template.Library()

# Submission status (selectors.credential_statuses_for_user) -> (label, Bootstrap badge classes).
STACK_STATUS_BADGES: dict[str, tuple[str, str]] = {
    "not_started": ("Not started", "text-bg-light border"),
    "draft": ("In progress", "text-bg-info"),
    "submitted": ("Submitted", "text-bg-primary"),
    "in_review": ("In review", "text-bg-primary"),
    "not_yet": ("Not yet", "text-bg-warning"),
    "passed": ("Earned", "text-bg-success"),
}


@register.simple_tag
def max_files_per_requirement() -> int:
    """The uploader's file limit, the one the server enforces (artifacts.artifact_create)."""
    return MAX_FILES_PER_REQUIREMENT


@register.filter
def retry_helps(artifact: Artifact) -> bool:
    """{% if artifact|retry_helps %}: Retry is offered only where it can cure the failure."""
    return retry_can_help(artifact)


@register.filter
def takes_label(accepted_types: list[str]) -> str:
    """What a file requirement takes, in the words of the server's messages."""
    return accepted_label(accepted_types)


@register.simple_tag
def educator_work(user: Any) -> dict[str, int]:
    """{% educator_work user as my_work %}: drafts, waiting, again and earned (one query)."""
    return selectors.educator_work_summary(user)


@register.simple_tag
def credential_standing(user: Any, credential: MicroCredential) -> dict[str, Any]:
    """{% credential_standing user credential as standing %}: see selectors.credential_standing."""
    return selectors.credential_standing(user, credential)


@register.simple_tag
def stack_progress(user: Any, items: Sequence[StackItem]) -> dict[str, Any]:
    """{% stack_progress user items as progress %}: each stack item with the signed-in
    educator's status badge (`rows`: item, status), and how many are `earned`."""
    statuses: dict[int, str] = {}
    if getattr(user, "is_authenticated", False):
        ids = [item.credential_id for item in items]
        statuses = selectors.credential_statuses_for_user(user, ids)
    rows = [
        {"item": item, "status": STACK_STATUS_BADGES.get(statuses.get(item.credential_id, ""))}
        for item in items
    ]
    earned = sum(1 for status in statuses.values() if status == "passed")
    return {"rows": rows, "earned": earned}
