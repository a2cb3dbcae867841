"""A body's own pages, for its managers: its rules, goals and people. Anyone else gets 404."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.http import request_user

from . import selectors, services
from .forms import GoalForm, MemberAddForm, RuleForm
from .models import BodyRole, Goal, Recognition, RecognitionBody


def _get_body_for_manager(request: HttpRequest, slug: str) -> RecognitionBody:
    body = selectors.body_for_manager(request_user(request), slug)
    if body is None:
        raise Http404("No such body.")
    return body


@require_GET
@login_required
def body(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's rules, goals, approvers and managers, with the forms to change them."""
    found = _get_body_for_manager(request, slug)
    return _render_body(request, found, MemberAddForm())


def _render_body(
    request: HttpRequest, found: RecognitionBody, member_form: MemberAddForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "body": found,
        "rules": list(selectors.body_rules_for_manager(found)),
        "goals": list(found.goals.select_related("stack")),
        "members": list(selectors.body_members(found)),
        "member_form": member_form,
    }
    return render(request, "recognition/body.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request: HttpRequest, slug: str, rule_id: UUID | None = None) -> HttpResponse:
    """Create a rule, or edit one of the body's rules."""
    found = _get_body_for_manager(request, slug)
    rule = Recognition(body=found)
    if rule_id is not None:
        existing = found.rules.filter(public_id=rule_id).first()
        if existing is None:
            raise Http404("No such rule.")
        rule = existing
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.recognition_save(recognition=form.save(commit=False))
        messages.success(request, "Rule saved: the catalog shows it now.")
        return redirect("recognition:body", slug=found.slug)
    status = 400 if request.method == "POST" else 200
    context = {"body": found, "form": form, "rule": rule if rule.pk else None}
    return render(request, "recognition/rule_form.html", context, status=status)


@require_POST
@login_required
def rule_withdraw(request: HttpRequest, slug: str, rule_id: UUID) -> HttpResponse:
    """Stop granting credit under a rule; what was granted stays granted."""
    found = _get_body_for_manager(request, slug)
    rule = found.rules.filter(public_id=rule_id).first()
    if rule is None:
        raise Http404("No such rule.")
    services.recognition_withdraw(recognition=rule)
    messages.success(request, "Rule withdrawn: no new credit is granted under it.")
    return redirect("recognition:body", slug=found.slug)


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request: HttpRequest, slug: str, goal_id: UUID | None = None) -> HttpResponse:
    """Create a goal, or edit one of the body's goals."""
    found = _get_body_for_manager(request, slug)
    goal = Goal(body=found)
    if goal_id is not None:
        existing = found.goals.filter(public_id=goal_id).first()
        if existing is None:
            raise Http404("No such goal.")
        goal = existing
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        services.goal_save(goal=form.save(commit=False))
        messages.success(request, "Goal saved.")
        return redirect("recognition:body", slug=found.slug)
    status = 400 if request.method == "POST" else 200
    context = {"body": found, "form": form, "goal": goal if goal.pk else None}
    return render(request, "recognition/goal_form.html", context, status=status)


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    found = _get_body_for_manager(request, slug)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        return _render_body(request, found, form, status=400)
    user: User = form.cleaned_data["email"]
    role = form.cleaned_data["role"]
    services.body_member_add(body=found, user=user, role=role)
    label = BodyRole(role).label.lower()
    messages.success(request, f"{user.email} is now {label} of {found.name}.")
    return redirect("recognition:body", slug=found.slug)


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, user_id: UUID, role: str) -> HttpResponse:
    found = _get_body_for_manager(request, slug)
    membership = selectors.body_members(found).filter(user__public_id=user_id, role=role).first()
    if membership is None:
        raise Http404("No such member.")
    try:
        services.body_member_remove(body=found, user=membership.user, role=role)
    except services.RecognitionError as error:
        messages.error(request, str(error))
    else:
        label = membership.get_role_display().lower()
        messages.success(request, f"{membership.user.email} is no longer {label}.")
    return redirect("recognition:body", slug=found.slug)
