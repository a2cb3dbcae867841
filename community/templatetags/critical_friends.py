"""The critical-friends panel on the educator's workspace (a submissions page): who reads the
draft, the form to share it with people of the educator's cohorts, and the comments so far.
A template tag, so submissions shows community's panel without importing it (ADR 0022)."""

from typing import Any

from django import template

from common.http import request_user
from submissions.models import Submission

from .. import peer

register = template.Library()


@register.inclusion_tag("community/peer/_workspace_panel.html", takes_context=True)
def critical_friends_panel(context: dict[str, Any], submission: Submission) -> dict[str, Any]:
    user = request_user(context["request"])
    if submission.educator_id != user.pk:
        return {"show": False}
    comments = list(peer.comments_on(submission))
    is_draft = submission.status == Submission.Status.DRAFT
    shares = list(peer.open_shares(submission)) if is_draft else []
    sharing_with = {share.person_id for share in shares}
    candidates = (
        [person for person in peer.share_candidates(user) if person.pk not in sharing_with]
        if is_draft
        else []
    )
    return {
        "show": is_draft or bool(comments),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "submission": submission,
        "is_draft": is_draft,
        "shares": shares,
        "candidates": candidates,
        "comments": comments,
        "comment_groups": peer.comment_groups(comments),
    }
