"""The community's panels on lower apps' pages: the start page's "My cohorts" card (the
cohorts a person is in and the invitations waiting for them). templates/home.html includes
templates/community/_home.html, which loads these; a template is not an import (ADR 0022)."""

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_cohorts(context: template.Context) -> dict[str, Any]:
    """{% my_cohorts as mine %}: {"cohorts": [...], "invitations": [...]}, two queries."""
    user: Any = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return {"cohorts": [], "invitations": []}
    return {
        "cohorts": list(selectors.cohorts_for_user(user).select_related("organization")[:6]),
        "invitations": list(selectors.pending_invitations(user)),
    }
