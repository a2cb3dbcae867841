"""Recognition pages: an educator's credit and claims, the approvers' queue, bodies' own pages,
and the catalog with what each micro-credential counts for.

Every lookup that depends on who is asking goes through a `_get_<thing>_for_user` helper that
answers 404 for anyone who may not see the thing, so its existence does not leak.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from badges.models import Badge
from common.http import request_user

from . import selectors, services
from .forms import DenyForm, RenewalDateForm
from .models import BodyRole, CreditRequest, Goal

QUEUE_PAGE_SIZE = 25

# --------------------------------------------------------------------------- an educator's credit


@require_GET
@login_required
def my_credit(request: HttpRequest) -> HttpResponse:
    """Per body: what was granted, what is pending or denied, totals and progress toward the
    body's goals; a renewal date to set; where to go next when there is nothing yet."""
    user = request_user(request)
    summary = selectors.credit_summary(user)
    return _render_my_credit(request, user, summary)


def _render_my_credit(
    request: HttpRequest,
    user: User,
    summary: list[selectors.BodyCredit],
    *,
    date_form: tuple[int, RenewalDateForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    renewals = selectors.renewal_dates(user)
    for entry in summary:
        initial = {"renewal_date": renewals.get(entry.body.pk)}
        form = RenewalDateForm(auto_id=_date_id(entry.body.pk), initial=initial)
        if date_form is not None and date_form[0] == entry.body.pk:
            form = date_form[1]
        entry.date_form = form  # type: ignore[attr-defined]
        entry.has_cycle_goal = any(  # type: ignore[attr-defined]
            progress.goal.kind == Goal.Kind.AMOUNT_IN_CYCLE for progress in entry.goals
        )
    context = {
        "summary": summary,
        "has_credit": any(entry.granted or entry.pending or entry.denied for entry in summary),
        "approves": selectors.bodies_with_role(user, BodyRole.APPROVER).exists(),
        "manages": list(selectors.bodies_with_role(user, BodyRole.MANAGER)),
    }
    return render(request, "recognition/my_credit.html", context, status=status)


def _date_id(body_pk: int) -> str:
    return f"id_body{body_pk}_%s"  # one form per body on the page: ids stay unique


@require_POST
@login_required
def renewal_date(request: HttpRequest, body_id: UUID) -> HttpResponse:
    """Set the educator's renewal date under a body that serves them."""
    user = request_user(request)
    body = selectors.bodies_serving(user).filter(public_id=body_id).first()
    if body is None:
        raise Http404("No such body.")
    form = RenewalDateForm(request.POST, auto_id=_date_id(body.pk))
    if not form.is_valid():
        summary = selectors.credit_summary(user)
        return _render_my_credit(request, user, summary, date_form=(body.pk, form), status=400)
    services.educator_cycle_set(
        educator=user, body=body, renewal_date=form.cleaned_data["renewal_date"]
    )
    day = form.cleaned_data["renewal_date"]
    messages.success(request, f"Renewal date with {body.name} set to {day:%B %-d, %Y}.")
    return redirect("recognition:my_credit")


def _get_own_request(request: HttpRequest, public_id: UUID) -> CreditRequest:
    credit = selectors.request_visible_to(request_user(request), public_id)
    if credit is None or credit.educator_id != request_user(request).pk:
        raise Http404("No such request.")
    return credit


@require_POST
@login_required
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The educator takes back a pending request."""
    credit = _get_own_request(request, public_id)
    try:
        services.credit_request_withdraw(request=credit, by=request_user(request))
    except services.RecognitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Request to {credit.body.name} withdrawn.")
    return redirect("recognition:my_credit")


# --------------------------------------------------------------------------- claiming credit


def _get_own_badge(request: HttpRequest, public_id: UUID) -> Badge:
    badge = selectors.own_badge(request_user(request), public_id)
    if badge is None:
        raise Http404("No such badge.")
    return badge


@require_http_methods(["GET", "POST"])
@login_required
def claim(request: HttpRequest, badge_id: UUID) -> HttpResponse:
    """What the badge counts for under the bodies serving the educator; one click (a POST)
    requests the credit, with the other badges a rule needing several of them takes."""
    user = request_user(request)
    badge = _get_own_badge(request, badge_id)
    options = selectors.claim_options(user, badge)
    if request.method == "GET":
        return _render_claim(request, badge, options)
    option = next(
        (o for o in options if str(o.rule.public_id) == request.POST.get("recognition", "")),
        None,
    )
    if option is None:
        messages.error(request, "That credit is not offered for this badge: choose one below.")
        return _render_claim(request, badge, options, status=400)
    others = _chosen_others(request, option)
    if others is None:
        messages.error(request, "One of the chosen badges cannot be used for this credit.")
        return _render_claim(request, badge, options, status=400)
    try:
        credit = services.credit_request_create(
            educator=user, recognition=option.rule, badges=[badge, *others]
        )
    except services.CreditRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem.message)
        return _render_claim(request, badge, options, status=400)
    messages.success(request, _claimed_message(credit))
    return redirect("recognition:my_credit")


def _chosen_others(request: HttpRequest, option: selectors.ClaimOption) -> list[Badge] | None:
    """The other badges chosen for a rule that takes several (None: one is not eligible)."""
    eligible = {str(other.public_id): other for other in option.others}
    chosen = list(dict.fromkeys(request.POST.getlist("badges")))
    if any(public_id not in eligible for public_id in chosen):
        return None
    return [eligible[public_id] for public_id in chosen]


def _claimed_message(credit: CreditRequest) -> str:
    amount = f"{credit.amount.normalize():f} {credit.unit}"
    if credit.status == CreditRequest.Status.APPROVED:
        return f"{credit.body.name} granted {amount}. Your certificate is ready."
    return f"Requested {amount} from {credit.body.name}: an approver will decide, and we email you."


def _render_claim(
    request: HttpRequest,
    badge: Badge,
    options: list[selectors.ClaimOption],
    *,
    status: int = 200,
) -> HttpResponse:
    context = {"badge": badge, "options": options}
    return render(request, "recognition/claim.html", context, status=status)


# --------------------------------------------------------------------------- approvers


def _require_approver(request: HttpRequest) -> User:
    user = request_user(request)
    if not selectors.bodies_with_role(user, BodyRole.APPROVER).exists():
        raise Http404("No such page.")
    return user


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Pending requests of the bodies the person approves for, oldest first, with the checks
    already done; then flagged credit; then the decided history."""
    user = _require_approver(request)
    page = Paginator(selectors.pending_queue(user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    history = Paginator(selectors.decided_for_approver(user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("history")
    )
    context = {
        "page": page,
        "flagged": list(selectors.flagged_for_approver(user)[:50]),
        "history": history,
        "bodies": list(selectors.bodies_with_role(user, BodyRole.APPROVER)),
    }
    return render(request, "recognition/approvals.html", context)


def _get_request_for_approver(request: HttpRequest, public_id: UUID) -> CreditRequest:
    credit = selectors.request_for_approver(request_user(request), public_id)
    if credit is None:
        raise Http404("No such request.")
    return credit


@require_GET
@login_required
def approval(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One request: the educator, the rule that applies, the evidence and checks, a decision."""
    credit = _get_request_for_approver(request, public_id)
    return _render_approval(request, credit, DenyForm())


def _render_approval(
    request: HttpRequest, credit: CreditRequest, deny_form: DenyForm, *, status: int = 200
) -> HttpResponse:
    checks = {check.get("badge"): check for check in credit.checks if isinstance(check, dict)}
    evidence = [
        {**item, "check": checks.get(item.get("badge"))}
        for item in (credit.evidence.get("badges") or [])
        if isinstance(item, dict)
    ]
    context = {
        "credit": credit,
        "evidence": evidence,
        "deny_form": deny_form,
        "events": list(credit.events.select_related("actor")),
    }
    return render(request, "recognition/approval.html", context, status=status)


@require_POST
@login_required
def approve(request: HttpRequest, public_id: UUID) -> HttpResponse:
    credit = _get_request_for_approver(request, public_id)
    try:
        services.credit_request_approve(request=credit, by=request_user(request))
    except services.RecognitionError as error:
        messages.error(request, str(error))
        return redirect("recognition:approval", public_id=credit.public_id)
    messages.success(
        request, f"Approved {credit.educator.get_full_name()}'s request: the certificate is signed."
    )
    return redirect("recognition:approvals")


@require_POST
@login_required
def deny(request: HttpRequest, public_id: UUID) -> HttpResponse:
    credit = _get_request_for_approver(request, public_id)
    form = DenyForm(request.POST)
    if not form.is_valid():
        return _render_approval(request, credit, form, status=400)
    try:
        services.credit_request_deny(
            request=credit, by=request_user(request), reason=form.cleaned_data["reason"]
        )
    except services.RecognitionError as error:
        form.add_error(None, str(error))
        return _render_approval(request, credit, form, status=400)
    messages.success(request, f"Denied {credit.educator.get_full_name()}'s request.")
    return redirect("recognition:approvals")
