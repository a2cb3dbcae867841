"""The discussion's template helpers: sanitized Markdown, and the cohort page's recent threads."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from common.http import request_user

from .. import discussion
from ..markdown import render_markdown
from ..models import Cohort, Thread

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """A post's Markdown, rendered and sanitized (community/markdown.py)."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def recent_threads(context: dict[str, Any], cohort: Cohort) -> list[Thread]:
    """The cohort's latest threads the viewer may see (none for people outside it)."""
    request = context.get("request")
    if request is None:
        return []
    seat = discussion.discussion_seat(request_user(request), cohort.public_id)
    return discussion.recent_threads(seat) if seat is not None else []
