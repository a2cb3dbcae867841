"""Template tags of the submissions fragments that lower apps' pages include: where the educator
stands on the home page (templates/submissions/_home.html). A template that loads these is no
import: organizations stands below submissions and never imports it."""

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def educator_work(user: Any) -> dict[str, int]:
    """{% educator_work user as my_work %}: drafts, waiting, again and earned (one query)."""
    return selectors.educator_work_summary(user)
