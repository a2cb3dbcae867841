"""Team pages (ADR 0032): start a team attempt, the invitations to answer, leave a team."""

import re
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from common.http import request_user
from credentials.selectors import published_credential_by_slug

from . import teams
from .models import TeamMembership

EMAIL_SPLIT = re.compile(r"[\s,;]+")


def _get_membership_for_user(request: HttpRequest, public_id: UUID) -> TeamMembership:
    """The caller's own membership (invitation), else 404: nobody sees another's."""
    membership = (
        TeamMembership.objects.select_related("team__lead", "team__version", "submission")
        .filter(public_id=public_id, user=request_user(request))
        .first()
    )
    if membership is None:
        raise Http404("No such invitation")
    return membership


@login_required
@require_POST
def start_team(request: HttpRequest, slug: str) -> HttpResponse:
    credential = published_credential_by_slug(slug)
    if credential is None:
        raise Http404("No such micro-credential")
    emails = [e for e in EMAIL_SPLIT.split(request.POST.get("team", "")[:2000]) if e]
    try:
        submission = teams.team_start(
            lead=request_user(request), credential=credential, emails=emails
        )
    except teams.TeamInvalid as invalid:
        for problem in invalid.problems:
            messages.error(request, problem)
        return redirect("credentials:detail", slug=slug)
    except teams.services.SubmissionError as error:
        messages.error(request, str(error))
        return redirect("credentials:detail", slug=slug)
    messages.success(request, "Team attempt started: we emailed your invitations.")
    return redirect("submissions:detail", public_id=submission.public_id)


@login_required
@require_GET
def invitations(request: HttpRequest) -> HttpResponse:
    pending = list(teams.invitations_for(request_user(request))[:50])
    return render(request, "submissions/team_invitations.html", {"invitations": pending})


@login_required
@require_POST
def answer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = _get_membership_for_user(request, public_id)
    user = request_user(request)
    try:
        if request.POST.get("answer") == "accept":
            submission = teams.membership_accept(membership=membership, by=user)
            messages.success(request, "You joined the team. This is your own workspace.")
            return redirect("submissions:detail", public_id=submission.public_id)
        teams.membership_decline(membership=membership, by=user)
        messages.success(request, "Invitation declined; the lead is told.")
    except teams.services.SubmissionError as error:
        messages.error(request, str(error))
    return redirect("submissions:team_invitations")


@login_required
@require_POST
def leave(request: HttpRequest, public_id: UUID) -> HttpResponse:
    membership = _get_membership_for_user(request, public_id)
    try:
        teams.membership_leave(membership=membership, by=request_user(request))
    except teams.services.SubmissionError as error:
        messages.error(request, str(error))
        if membership.submission is None:
            return redirect("submissions:mine")
        return redirect("submissions:detail", public_id=membership.submission.public_id)
    messages.success(request, "You left the team. Your work is kept for an attempt of your own.")
    return redirect("submissions:mine")
