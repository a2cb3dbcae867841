"""Review pages: the queue, claiming, the scoring page with autosave and comments, the confirm
step, and the quality page. Anything a user may not see answers 404."""

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import login_required_json
from common.http import request_user
from credentials.models import EvidenceRequirement, RubricCriterion, RubricLevel
from organizations.selectors import educator_home_organization
from submissions.models import Artifact, Submission

from . import quality, selectors, services
from .forms import AutosaveForm, CommentForm, PreferenceForm, scores_from_data
from .models import Review, ReviewComment, ReviewerPreference
from .team_views import team_review_page

QUEUE_PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise Http404("No such page")


def _get_review_for_user(request: HttpRequest, review_id: UUID) -> Review:
    """The live claim if this user holds it; else 404 (released, expired, someone else's)."""
    review = selectors.review_held_by(public_id=review_id, user=request_user(request))
    if review is None:
        raise Http404("No such review")
    return review


# --------------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require(request, "reviews.view_queue")
    user = request_user(request)
    page = Paginator(selectors.review_queue_for(user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = rows = list(page.object_list)
    selectors.queue_page_extras(rows)
    adjudications = list(selectors.adjudication_queue_for(user)[:50])
    selectors.queue_page_extras(adjudications, adjudication=True)
    preference = ReviewerPreference.objects.filter(reviewer=user).first()
    context = {
        "page": page,
        "claims": selectors.active_claims_for(user),
        "adjudications": adjudications,
        "is_adjudicator": selectors.is_adjudicator(user),
        "preference_form": PreferenceForm(
            initial={"daily_digest": bool(preference and preference.daily_digest)}
        ),
        # The rule as written (it names platform staff): User.has_perm would also ask Django's
        # model permissions, two queries on every visit of a reviewer who may not.
        "can_view_quality": rules.has_perm("reviews.view_quality", user),
    }
    return render(request, "reviews/queue.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, submission_id: UUID) -> HttpResponse:
    _require(request, "reviews.view_queue")
    submission = Submission.objects.filter(public_id=submission_id).first()
    if submission is None:
        raise Http404("No such submission")
    try:
        review = services.review_claim(submission=submission, reviewer=request_user(request))
    except services.NotClaimable as error:
        raise Http404("No such submission") from error
    except services.AlreadyClaimed as error:
        messages.error(request, f"Already claimed: {error}")
        return redirect("reviews:queue")
    return redirect("reviews:review", review_id=review.public_id)


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    _require(request, "reviews.view_queue")
    form = PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    daily = bool(form.cleaned_data.get("daily_digest"))
    services.reviewer_preference_set(reviewer=request_user(request), daily_digest=daily)
    messages.success(request, "Daily digest on." if daily else "Daily digest off: no queue emails.")
    return redirect("reviews:queue")


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, review_id: UUID) -> HttpResponse:
    """GET: evidence beside the rubric. POST (the form without JavaScript, or "Continue"):
    save every draft, then go to the confirm step or show what is missing."""
    review = _get_review_for_user(request, review_id)
    submission, version = selectors.review_for_page(review)
    if submission.team_id is not None:
        return team_review_page(request, review, submission, version)
    if request.method == "GET":
        return _render_review(request, review, submission, version)
    scores = scores_from_data(request.POST, version)
    feedback = str(request.POST.get("feedback", ""))
    try:
        services.review_draft_save(
            review=review, scores=scores, feedback=feedback, by=request_user(request)
        )
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:queue")
    problems = services.score_problems(version, scores)
    if problems:
        messages.error(request, "Some criteria are not complete yet; see the notes in the rubric.")
        return _render_review(request, review, submission, version, problems, status=400)
    return redirect("reviews:confirm", review_id=review.public_id)


def _render_review(
    request: HttpRequest,
    review: Review,
    submission: Submission,
    version: Any,
    problems: dict[str, str] | None = None,
    status: int = 200,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    user = request_user(request)
    policy = selectors.policy_for_issuer(submission.credential.issuer_id)
    drafts = selectors.draft_scores(review)
    comments = selectors.review_comments(review)
    criteria = [
        {
            "criterion": criterion,
            "score": drafts.get(criterion.pk),
            "problem": (problems or {}).get(str(criterion.public_id), ""),
        }
        for criterion in version.criteria.all()
    ]
    groups = selectors.review_evidence(submission, user)
    for _part, rows in groups:
        for row in rows:
            row["comments"] = [c for c in comments if c.requirement_id == row["requirement"].pk]
            row["comment_draft"] = _comment_draft(comment_form, row["requirement"])
    context = {
        "review": review,
        "submission": submission,
        "version": version,
        "groups": groups,
        "criteria": criteria,
        "problems": problems or {},
        "blind": policy.blind_review,
        "school": None if policy.blind_review else _school(submission),
        "prior_reviews": (
            selectors.prior_reviews(submission, before=review)
            if review.kind == Review.Kind.ADJUDICATION
            else []
        ),
        "comment_form": CommentForm(),
    }
    return render(request, "reviews/review.html", context, status=status)


def _comment_draft(form: CommentForm | None, requirement: EvidenceRequirement) -> dict[str, Any]:
    """A refused comment on this requirement as typed, with its errors, so nothing is lost."""
    if form is None or str(form.data.get("requirement", "")) != str(requirement.public_id):
        return {}
    return {
        "artifact": str(form.data.get("artifact", "")),
        "time": str(form.data.get("time", "")),
        "text": str(form.data.get("text", "")),
        "time_errors": form.errors.get("time", []),
        "text_errors": form.errors.get("text", []),
    }


def _school(submission: Submission) -> Any:
    return educator_home_organization(submission.educator)


@login_required_json
@require_POST
def autosave(request: HttpRequest, review_id: UUID) -> JsonResponse:
    """Autosave (JSON): one criterion's level and feedback, or the overall feedback."""
    review = selectors.review_held_by(public_id=review_id, user=request_user(request))
    if review is None:
        return JsonResponse(
            {"error": "This claim has ended; your draft was not saved."}, status=404
        )
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "The feedback is too long to save."}, status=400)
    data = form.cleaned_data
    try:
        if data["criterion"] is None:
            services.review_feedback_save(
                review=review, feedback=data["feedback"], by=request_user(request)
            )
        else:
            criterion, level = _criterion_and_level(review, data["criterion"], data["level"])
            services.review_score_save(
                review=review,
                criterion=criterion,
                level=level,
                feedback=data["feedback"],
                by=request_user(request),
            )
    except services.ReviewError as error:
        return JsonResponse({"error": str(error)}, status=409)
    except (RubricCriterion.DoesNotExist, RubricLevel.DoesNotExist):
        return JsonResponse({"error": "That criterion or level is not in this rubric."}, status=400)
    return JsonResponse({"saved_at": timezone.now().isoformat()})


def _criterion_and_level(
    review: Review, criterion_id: UUID, level_id: UUID | None
) -> tuple[RubricCriterion, RubricLevel | None]:
    version_id = review.submission.version_id
    if level_id is None:
        return RubricCriterion.objects.get(public_id=criterion_id, version_id=version_id), None
    # Both in one query: the level, with its criterion, of this rubric.
    level = RubricLevel.objects.select_related("criterion").get(
        public_id=level_id, criterion__public_id=criterion_id, criterion__version_id=version_id
    )
    return level.criterion, level


@login_required
@require_GET
def confirm(request: HttpRequest, review_id: UUID) -> HttpResponse:
    """The confirm step: the decision the rubric gives, stated before it is sent."""
    review = _get_review_for_user(request, review_id)
    submission, version = selectors.review_for_page(review)
    if submission.team_id is not None:
        return redirect("reviews:review", review_id=review.public_id)  # the team's own page
    scores = services.saved_scores(review, version)
    problems = services.score_problems(version, scores)
    if problems:
        messages.error(request, "Some criteria are not complete yet; see the notes in the rubric.")
        return _render_review(request, review, submission, version, problems, status=400)
    policy = selectors.policy_for_issuer(submission.credential.issuer_id)
    context = {
        "review": review,
        "submission": submission,
        "version": version,
        "scores": scores,
        "decision": services.decision_for(scores),
        "decision_label": Review.Decision(services.decision_for(scores)).label,
        "may_get_second_review": review.kind == Review.Kind.FIRST and policy.second_review_rate > 0,
    }
    return render(request, "reviews/confirm.html", context)


@login_required
@require_POST
def complete(request: HttpRequest, review_id: UUID) -> HttpResponse:
    review = _get_review_for_user(request, review_id)
    submission, version = selectors.review_for_page(review)
    scores = services.saved_scores(review, version)
    if request.POST.get("decision") != services.decision_for(scores):
        # The drafts changed (another tab) since the confirm step: confirm what will be sent.
        messages.error(request, "The scores changed since you confirmed; check the decision again.")
        return redirect("reviews:confirm", review_id=review.public_id)
    try:
        review = services.review_complete(
            review=review, by=request_user(request), scores=scores, feedback=review.feedback
        )
    except services.ReviewIncomplete as incomplete:
        messages.error(request, "Some criteria are not complete yet; see the notes in the rubric.")
        return _render_review(request, review, submission, version, incomplete.problems, 400)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:queue")
    messages.success(request, _completed_message(review))
    return redirect("reviews:queue")


def _completed_message(review: Review) -> str:
    label = Review.Decision(review.decision).label
    if review.second_review_required:
        return f"Review saved ({label}). A second reviewer checks it before the educator hears."
    if review.kind == Review.Kind.SECOND and not review.agrees_with_first:
        return f"Review saved ({label}). The reviews disagree; issuer staff will decide."
    return f"Decision sent: {label}. The educator has been told."


@login_required
@require_POST
def release(request: HttpRequest, review_id: UUID) -> HttpResponse:
    review = _get_review_for_user(request, review_id)
    try:
        services.review_release(review=review, by=request_user(request))
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Released: the submission is back in the queue.")
    return redirect("reviews:queue")


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HttpRequest, review_id: UUID) -> HttpResponse:
    review = _get_review_for_user(request, review_id)
    form = CommentForm(request.POST)
    anchor = ""
    if form.is_valid():
        data = form.cleaned_data
        requirement = EvidenceRequirement.objects.filter(
            public_id=data["requirement"], version_id=review.submission.version_id
        ).first()
        artifact = (
            Artifact.objects.filter(
                public_id=data["artifact"], submission=review.submission
            ).first()
            if data["artifact"]
            else None
        )
        if requirement is None:
            raise Http404("No such requirement")
        anchor = f"#req-{requirement.public_id}"
        try:
            services.review_comment_add(
                review=review,
                requirement=requirement,
                artifact=artifact,
                time_seconds=data["time"],
                text=data["text"],
                by=request_user(request),
            )
        except services.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Comment added.")
    else:
        # Shown again as typed, beside the field at fault: a wrong time code loses no comment.
        messages.error(request, "The comment was not added: see the note beside it.")
        submission, version = selectors.review_for_page(review)
        return _render_review(request, review, submission, version, status=400, comment_form=form)
    return redirect(reverse("reviews:review", args=[review.public_id]) + anchor)


@login_required
@require_POST
def comment_delete(request: HttpRequest, review_id: UUID, comment_id: UUID) -> HttpResponse:
    review = _get_review_for_user(request, review_id)
    comment = ReviewComment.objects.filter(public_id=comment_id, review=review).first()
    if comment is None:
        raise Http404("No such comment")
    services.review_comment_delete(comment=comment, by=request_user(request))
    messages.success(request, "Comment deleted.")
    return redirect(
        reverse("reviews:review", args=[review.public_id]) + f"#req-{comment.requirement.public_id}"
    )


# --------------------------------------------------------------------------------------------
# Quality
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def quality_page(request: HttpRequest) -> HttpResponse:
    _require(request, "reviews.view_quality")
    issuers = quality.quality_issuers(request_user(request))
    report = quality.quality_report(None if issuers is None else [i.pk for i in issuers])
    policies = (
        selectors.policies_for_issuers([i.pk for i in issuers]) if issuers is not None else {}
    )
    context = {
        "report": report,
        "overall_rows": [report.overall],
        "issuers": issuers,
        "policies": list(policies.values()),
    }
    return render(request, "reviews/quality.html", context)
