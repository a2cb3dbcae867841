"""Critical friends' pages: the drafts shared with me, a shared draft read-only with its comment
forms, and the educator's share and stop-sharing actions (from the workspace panel)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from common.http import request_user
from submissions import selectors as submission_selectors
from submissions.models import Submission

from . import peer
from .models import PeerShare


def _get_draft_for_friend(request: HttpRequest, public_id: UUID) -> Submission:
    """The shared draft with its content, if it is shared with this user and still a draft."""
    if peer.draft_for_friend(request_user(request), public_id) is None:
        raise Http404("No such draft")
    submission = submission_selectors.submission_for_page(str(public_id))
    if submission is None:
        raise Http404("No such draft")
    return submission


def _get_own_draft(request: HttpRequest, public_id: UUID) -> Submission:
    submission = submission_selectors.submission_by_public_id(str(public_id))
    if submission is None or submission.educator_id != request_user(request).pk:
        raise Http404("No such submission")
    return submission


def _workspace(submission: Submission) -> str:
    return reverse("submissions:detail", args=[submission.public_id]) + "#critical-friends"


@login_required
@require_GET
def shared_with_me(request: HttpRequest) -> HttpResponse:
    shares = list(peer.drafts_shared_with(request_user(request))[:100])
    return render(request, "community/peer/shared_with_me.html", {"shares": shares})


@login_required
@require_GET
def draft(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = _get_draft_for_friend(request, public_id)
    return _render_draft(request, submission)


def _render_draft(
    request: HttpRequest, submission: Submission, error: str = "", status: int = 200
) -> HttpResponse:
    comments = list(peer.comments_on(submission))
    context: dict[str, Any] = {
        "submission": submission,
        "version": submission.version,
        "groups": submission_selectors.requirement_rows(submission),
        "criteria": list(submission.version.criteria.all()),
        "comments": comments,
        "comment_groups": peer.comment_groups(comments),
        "error": error,
        "posted": request.POST if error else {},
    }
    return render(request, "community/peer/draft.html", context, status=status)


@login_required
@require_POST
def comment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A comment from a friend (back to the draft) or the educator's answer (back to the
    workspace). Refused comments keep the typed text and say why."""
    user = request_user(request)
    submission = submission_selectors.submission_by_public_id(str(public_id))
    is_owner = submission is not None and submission.educator_id == user.pk
    if submission is None or not peer.may_read_comments(user, submission):
        raise Http404("No such draft")
    try:
        peer.peer_comment_add(
            submission=submission,
            author=user,
            body=request.POST.get("body", ""),
            requirement_id=_uuid_or_none(request.POST.get("requirement")),
            criterion_id=_uuid_or_none(request.POST.get("criterion")),
        )
    except (peer.PeerError, ValueError) as error:
        message = str(error) if isinstance(error, peer.PeerError) else "That is not a valid anchor."
        if is_owner:
            messages.error(request, message)
            return HttpResponseRedirect(_workspace(submission))
        full = submission_selectors.submission_for_page(str(public_id))
        assert full is not None
        return _render_draft(request, full, error=message, status=400)
    messages.success(request, "Your comment was added.")
    if is_owner:
        return HttpResponseRedirect(_workspace(submission))
    return HttpResponseRedirect(reverse("friends:draft", args=[submission.public_id]) + "#comments")


def _uuid_or_none(value: str | None) -> UUID | None:
    if not value:
        return None
    return UUID(value)  # a malformed value raises ValueError: refused with a message


@login_required
@require_POST
def share(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = _get_own_draft(request, public_id)
    try:
        ids = [UUID(value) for value in request.POST.getlist("people")]
    except ValueError:
        ids = []
    people = peer.user_by_public_ids(ids)
    try:
        created = peer.peer_share(submission=submission, people=people, by=request_user(request))
    except peer.PeerError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_workspace(submission))
    if created:
        names = ", ".join(share.person.get_full_name() or share.person.email for share in created)
        messages.success(request, f"Shared with {names}. They can read it until you submit.")
    else:
        messages.info(request, "Already shared with everyone you chose.")
    return HttpResponseRedirect(_workspace(submission))


@login_required
@require_POST
def share_end(request: HttpRequest, share_id: UUID) -> HttpResponse:
    share = (
        PeerShare.objects.select_related("submission", "person")
        .filter(public_id=share_id, submission__educator=request_user(request))
        .first()
    )
    if share is None:
        raise Http404("No such share")
    peer.peer_share_end(share=share, by=request_user(request))
    who = share.person.get_full_name() or share.person.email
    messages.success(request, f"{who} can no longer read this draft.")
    return HttpResponseRedirect(_workspace(share.submission))
