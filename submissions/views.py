"""The educator's pages: start, list, the evidence workspace, autosave, submit, withdraw."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import login_required_json
from common.http import request_user
from credentials.selectors import published_credential_by_slug

from . import selectors, services, teams
from .forms import ResponseForm
from .models import Submission


def _get_submission_for_user(
    request: HttpRequest,
    public_id: UUID,
    perm: str = "submissions.view_submission",
    *,
    for_page: bool = True,
) -> Submission:
    """The submission if this user may see it (and, for edits, change it); else 404.
    `for_page=False`: the bare row, for writes that render nothing (autosave)."""
    lookup = selectors.submission_for_page if for_page else selectors.submission_by_public_id
    submission = lookup(str(public_id))
    if submission is None or not request.user.has_perm(perm, submission):
        raise Http404("No such submission")
    return submission


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    credential = published_credential_by_slug(slug)
    if credential is None:
        raise Http404("No such micro-credential")
    try:
        submission = services.submission_start(
            educator=request_user(request), credential=credential
        )
    except services.SubmissionError as error:
        messages.error(request, str(error))
        return redirect("credentials:detail", slug=slug)
    return redirect("submissions:detail", public_id=submission.public_id)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.submissions_for_educator(request_user(request)), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "submissions/mine.html", {"page": page})


@login_required
@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = _get_submission_for_user(request, public_id)
    return _render_detail(request, submission, problems=None)


def _render_detail(
    request: HttpRequest, submission: Submission, problems: dict[str, str] | None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    can_edit = user.has_perm("submissions.edit_submission", submission)
    submit_attempted = problems is not None
    if problems is None:
        problems = services.submission_problems(submission) if can_edit else {}
    groups = selectors.requirement_rows(submission)
    team = _team_context(user, submission, can_edit=can_edit) if submission.team_id else None
    if team is not None and team["shared_rows"] is not None:
        _show_shared_from_lead(groups, team["shared_rows"])
    for _part, rows in groups:
        for row in rows:
            row["problem"] = problems.get(str(row["requirement"].public_id), "")
            row["words"] = services.count_words(str(row["text"]))
    context: dict[str, Any] = {
        "submission": submission,
        "version": submission.version,
        "groups": groups,
        "can_edit": can_edit,
        "is_owner": submission.educator_id == user.pk,
        "can_view_evidence": user.has_perm("submissions.view_evidence", submission),
        "problems": problems,
        "submit_attempted": submit_attempted,
        "last_saved_at": selectors.last_saved_at(submission),
        "events": _timeline(submission),
        "team": team,
    }
    ended = (Submission.Status.PASSED, Submission.Status.NOT_YET, Submission.Status.WITHDRAWN)
    if context["is_owner"] and submission.status in ended:
        # What comes next: the next attempt, or the attempt that already followed; after a
        # pass, the badge and its renewal (badges' fragment, which the template includes).
        context["standing"] = selectors.credential_standing(user, submission.credential)
    return render(request, "submissions/detail.html", context, status=status)


def _team_context(user: Any, submission: Submission, *, can_edit: bool) -> dict[str, Any]:
    """The team panel: members and their answers, the caller's own membership, whether they
    lead; for a member, the lead's submission whose shared evidence their page shows."""
    team = submission.team
    assert team is not None
    memberships = teams.members(team)
    is_lead = team.lead_id == submission.educator_id
    context: dict[str, Any] = {
        "team": team,
        "memberships": memberships,
        "is_lead": is_lead,
        "mine": next((m for m in memberships if m.user_id == user.pk), None),
        "shared_rows": None,
        "problems": {},
    }
    if not is_lead:
        lead = selectors.submission_for_page(str(teams.lead_submission(team).public_id))
        assert lead is not None
        context["shared_rows"] = {
            row["requirement"].pk: row
            for _part, rows in selectors.requirement_rows(lead)
            for row in rows
            if row["requirement"].shared
        }
        context["lead_submission"] = lead
    elif can_edit:
        others = [s for s in teams.accepted_submissions(team) if s.pk != submission.pk]
        context["problems"] = teams.team_problems(team, others)
    return context


def _show_shared_from_lead(
    groups: list[tuple[Any, list[dict[str, Any]]]], shared_rows: dict[int, dict[str, Any]]
) -> None:
    """A member's page shows the team's shared evidence, which the lead's submission holds."""
    for _part, rows in groups:
        for index, row in enumerate(rows):
            lead_row = shared_rows.get(row["requirement"].pk)
            if lead_row is not None:
                rows[index] = {**lead_row, "from_lead": True}


TIMELINE_LABELS: dict[str, str] = {
    "draft": "Started",
    "submitted": "Submitted",
    "in_review": "A reviewer is reviewing it",
    "passed": "Decision: passed",
    "not_yet": "Decision: not yet",
    "withdrawn": "Withdrawn",
}


def _timeline(submission: Submission) -> list[dict[str, Any]]:
    """The audit events in words an educator understands."""
    items = []
    for event in submission.events.all():
        label = TIMELINE_LABELS.get(event.to_status, event.to_status)
        if event.to_status == Submission.Status.SUBMITTED and event.from_status:
            label = "Back in the queue" if event.from_status == "in_review" else label
        items.append({"label": label, "at": event.created_at})
    return items


@login_required_json
@require_POST
def save_response(request: HttpRequest, public_id: UUID, requirement_id: UUID) -> HttpResponse:
    """Autosave endpoint (JSON): stores the text and answers when it was saved."""
    # The most frequent request of all (every pause in typing): no page content is loaded.
    submission = selectors.submission_for_autosave(str(public_id))
    user = request_user(request)
    # A team member writes the team's shared answers on the lead's draft (ADR 0032).
    shared_only = (
        submission is not None
        and submission.educator_id != user.pk
        and submission.team_id is not None
        and teams.may_edit_shared(user, submission)
    )
    if submission is None or not (
        shared_only or user.has_perm("submissions.view_submission", submission)
    ):
        raise Http404("No such submission")
    if not shared_only and not user.has_perm("submissions.edit_submission", submission):
        return JsonResponse(
            {"error": "This attempt was submitted; it can no longer be edited."}, status=409
        )
    requirement = next(
        (r for r in submission.version.requirements.all() if r.public_id == requirement_id), None
    )
    if requirement is None or (shared_only and not requirement.shared):
        raise Http404("No such requirement")
    form = ResponseForm(request.POST)
    if not form.is_valid():
        if "text" in form.errors:
            return JsonResponse({"error": "The response is too long to save."}, status=400)
        return JsonResponse({"error": "This page is out of date: reload it."}, status=400)
    try:
        response = services.response_save(
            submission=submission,
            requirement=requirement,
            text=form.cleaned_data["text"],
            by=request_user(request),
            order=_save_order(form.cleaned_data),
        )
    except services.EditConflict as conflict:
        current = conflict.response
        return JsonResponse(
            {"error": str(conflict), "conflict": True, "revision": current.revision,
             "text": current.text},
            status=409,
        )  # fmt: skip
    except services.SubmissionError as error:
        return JsonResponse({"error": str(error)}, status=409)
    # The page's "Still missing" list and Submit button follow the save (the submit check).
    # The autosave changed a response, not the submission's status or requirements.
    fresh = selectors.with_checklist_rows(submission)
    return JsonResponse(
        {
            "saved_at": response.updated_at.isoformat(),
            "revision": response.revision,
            "words": services.count_words(response.text),
            "checklist": services.checklist_payload(fresh),
        }
    )


def _save_order(data: dict[str, Any]) -> services.SaveOrder | None:
    """The page's SaveOrder when it sent all of it (pages older than it send none)."""
    if data["base"] is None or not data["page"] or data["save"] is None:
        return None
    return services.SaveOrder(base=data["base"], page=data["page"], save=data["save"])


@login_required
@require_POST
def submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = _get_submission_for_user(request, public_id)
    if submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    if submission.team_id is not None:
        return _submit_team(request, submission)
    if submission.is_editable and not request.POST.get("confirm"):
        # Submitting ends the editing: a page of its own asks first (no JavaScript needed).
        return _confirm_submit(request, submission)
    try:
        services.submission_submit(submission=submission, by=request_user(request))
    except services.SubmissionIncomplete as incomplete:
        messages.error(request, "Some requirements are not complete yet; see the notes below.")
        fresh = selectors.submission_for_page(str(public_id))
        assert fresh is not None
        return _render_detail(request, fresh, problems=incomplete.problems, status=400)
    except services.SubmissionError as error:
        messages.error(request, str(error))
        return redirect("submissions:detail", public_id=public_id)
    messages.success(request, "Submitted. A reviewer will pick it up; we will email you.")
    return redirect("submissions:detail", public_id=public_id)


def _submit_team(request: HttpRequest, submission: Submission) -> HttpResponse:
    """The lead submits the whole team (after the confirmation step); a member cannot."""
    team = submission.team
    assert team is not None
    if team.lead_id != request.user.pk:
        messages.error(request, "Only the team's lead submits, for the whole team.")
        return redirect("submissions:detail", public_id=submission.public_id)
    try:
        if submission.is_editable and not request.POST.get("confirm"):
            problems = teams.team_problems(team, teams.accepted_submissions(team))
            if problems:
                raise services.SubmissionIncomplete(problems)
            return _confirm_submit(request, submission)
        teams.team_submit(team=team, by=request_user(request))
    except services.SubmissionIncomplete as incomplete:
        messages.error(request, "Some requirements are not complete yet; see the notes below.")
        fresh = selectors.submission_for_page(str(submission.public_id))
        assert fresh is not None
        return _render_detail(request, fresh, problems=incomplete.problems, status=400)
    except services.SubmissionError as error:
        messages.error(request, str(error))
        return redirect("submissions:detail", public_id=submission.public_id)
    messages.success(request, "Your team's attempt is submitted. A reviewer will pick it up.")
    return redirect("submissions:detail", public_id=submission.public_id)


def _confirm_submit(request: HttpRequest, submission: Submission) -> HttpResponse:
    """The confirmation step, or what is still missing when the attempt could not be sent."""
    problems = services.submission_problems(submission)
    if problems:
        messages.error(request, "Some requirements are not complete yet; see the notes below.")
        return _render_detail(request, submission, problems=problems, status=400)
    rows = []
    for _part, part_rows in selectors.requirement_rows(submission):
        for row in part_rows:
            files = [a.filename for a in row["artifacts"] if a.deleted_at is None]
            words = services.count_words(str(row["text"]))
            rows.append({"requirement": row["requirement"], "words": words, "files": files})
    context = {"submission": submission, "version": submission.version, "rows": rows}
    return render(request, "submissions/confirm_submit.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = _get_submission_for_user(request, public_id)
    if submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    try:
        if submission.team is not None and submission.team.lead_id == request.user.pk:
            teams.team_withdraw(team=submission.team, by=request_user(request))
        else:
            services.submission_withdraw(submission=submission, by=request_user(request))
    except services.SubmissionError as error:
        messages.error(request, str(error))
        return redirect("submissions:detail", public_id=public_id)
    messages.success(request, "Withdrawn. Your work is kept: start again whenever you are ready.")
    return redirect(reverse("credentials:detail", kwargs={"slug": submission.credential.slug}))


@login_required
@require_GET
def response_history(request: HttpRequest, public_id: UUID, requirement_id: UUID) -> HttpResponse:
    submission = _get_submission_for_user(request, public_id, "submissions.view_evidence")
    response = submission.responses.filter(requirement__public_id=requirement_id).first()
    revisions = list(response.history.all()[:50]) if response else []
    return render(
        request,
        "submissions/history.html",
        {"submission": submission, "response": response, "revisions": revisions},
    )
