"""Template tags for pages that include reporting fragments (the home page)."""

from typing import Any

from django import template

from reporting.selectors import assignments_for_educator

register = template.Library()


@register.simple_tag
def educator_assignments(user: Any) -> list[dict[str, Any]]:
    """What the user's districts recommended or assigned to them (empty for visitors)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return assignments_for_educator(user)
