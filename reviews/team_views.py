"""The scoring page of a team (ADR 0032): the shared evidence once, each member's own evidence,
shared criteria scored once and the others per member; sending it decides every member."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from common.http import request_user
from submissions.models import Submission

from . import selectors, services
from .forms import MAX_FEEDBACK
from .models import Review


def _score(data: QueryDict, criterion: Any, suffix: str) -> services.ScoreInput:
    levels = {str(level.public_id): level for level in criterion.levels.all()}
    chosen = str(data.get(f"level-{criterion.public_id}{suffix}") or "")
    feedback = str(data.get(f"feedback-{criterion.public_id}{suffix}") or "")[:MAX_FEEDBACK]
    return services.ScoreInput(criterion, levels.get(chosen), feedback)


def team_scores_from_data(
    data: QueryDict, version: Any, members: list[Submission]
) -> tuple[list[services.ScoreInput], dict[int, list[services.ScoreInput]]]:
    """The page's fields: `level-<criterion>` for shared criteria, `level-<criterion>-<member's
    submission id>` for the others (feedback likewise)."""
    shared = [_score(data, c, "") for c in version.criteria.all() if c.is_shared]
    individual = {
        member.pk: [
            _score(data, c, f"-{member.public_id}")
            for c in version.criteria.all()
            if not c.is_shared
        ]
        for member in members
    }
    return shared, individual


def team_review_page(
    request: HttpRequest, review: Review, submission: Submission, version: Any
) -> HttpResponse:
    """GET: the page. POST: save every draft; with `send`, complete the team's review."""
    try:
        parts = services.team_review_parts(review)
    except services.ReviewError:
        messages.error(request, "A team is reviewed as one: open it from your claims.")
        return redirect("reviews:queue")
    members = [member for member, _review in parts.members]
    if request.method == "GET":
        return _render(request, review, version, parts)
    user = request_user(request)
    shared, individual = team_scores_from_data(request.POST, version, members)
    feedback = str(request.POST.get("feedback", ""))[:MAX_FEEDBACK]
    try:
        for member, member_review in parts.members:
            scores = services.member_scores(version, shared, individual[member.pk])
            services.review_draft_save(
                review=member_review, scores=scores, feedback=feedback, by=user
            )
        if not request.POST.get("send"):
            messages.success(request, "Draft saved.")
            return redirect("reviews:review", review_id=review.public_id)
        reviews = services.review_team_complete(
            review=review, by=user, shared=shared, individual=individual, feedback=feedback
        )
    except services.ReviewIncomplete as incomplete:
        messages.error(request, "Some criteria are not complete yet; see the notes in the rubric.")
        return _render(request, review, version, parts, incomplete.problems, status=400)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:queue")
    blind = selectors.policy_for_issuer(submission.credential.issuer_id).blind_review
    told = "; ".join(
        f"{f'Member {n}' if blind else r.submission.educator.get_full_name()}: "
        f"{r.get_decision_display()}"
        for n, r in enumerate(reviews, start=1)
    )
    messages.success(request, f"Decisions sent. {told}.")
    return redirect("reviews:queue")


def _render(
    request: HttpRequest,
    review: Review,
    version: Any,
    parts: services.TeamReview,
    problems: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    problems = problems or {}
    lead_submission = parts.members[0][0]
    blind = selectors.policy_for_issuer(lead_submission.credential.issuer_id).blind_review
    lead_drafts = selectors.draft_scores(review)
    shared_rows = [
        (part, [row for row in rows if row["requirement"].shared])
        for part, rows in selectors.review_evidence(selectors.review_for_page(review)[0], user)
    ]
    shared_criteria = [
        {
            "criterion": c,
            "score": lead_drafts.get(c.pk),
            "problem": problems.get(str(c.public_id), ""),
        }
        for c in version.criteria.all()
        if c.is_shared
    ]
    members = []
    for member, member_review in parts.members:
        page_submission, _version = selectors.review_for_page(member_review)
        drafts = selectors.draft_scores(member_review)
        members.append(
            {
                "submission": member,
                "suffix": f"-{member.public_id}",
                "name": "" if blind else member.educator.get_full_name(),
                "rows": [
                    row
                    for _part, rows in selectors.review_evidence(page_submission, user)
                    for row in rows
                    if not row["requirement"].shared
                ],
                "criteria": [
                    {
                        "criterion": c,
                        "score": drafts.get(c.pk),
                        "problem": problems.get(f"{c.public_id}:{member.public_id}", ""),
                    }
                    for c in version.criteria.all()
                    if not c.is_shared
                ],
            }
        )
    context = {
        "review": review,
        "submission": lead_submission,
        "version": version,
        "shared_groups": [(part, rows) for part, rows in shared_rows if rows],
        "shared_criteria": shared_criteria,
        "members": members,
        "problems": problems,
        "blind": blind,
    }
    return render(request, "reviews/team_review.html", context, status=status)
