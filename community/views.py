"""Cohort pages: my cohorts and invitations, joining by code, starting and editing a cohort,
its people and join code (managers), and the cohort page (its people; facilitators also see
progress and post milestones and announcements).

Every lookup goes through `_get_cohort_for_user`, which answers 404 to anyone who is neither an
active member or facilitator nor a manager, so a cohort's existence does not leak.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.http import request_user

from . import selectors, services
from .forms import AnnouncementForm, CohortForm, InviteForm, JoinCodeForm, MilestoneForm
from .models import Cohort, CohortMembership

Status = CohortMembership.Status
Role = CohortMembership.Role


# --------------------------------------------------------------------------- my cohorts


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The cohorts I am in, the invitations waiting for me, and those I manage."""
    user = request_user(request)
    context = {
        "cohorts": list(selectors.cohorts_for_user(user).select_related("organization")),
        "invitations": list(selectors.pending_invitations(user)),
        "managed": list(selectors.cohorts_managed_by(user)),
        "can_start": bool(selectors.organizations_running_cohorts_for(user)),
        "join_form": JoinCodeForm(),
    }
    return render(request, "community/mine.html", context)


@require_GET
@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    invited = list(selectors.pending_invitations(request_user(request)))
    return render(request, "community/invitations.html", {"invitations": invited})


@require_POST
@login_required
def respond(request: HttpRequest, membership_id: UUID, answer: str) -> HttpResponse:
    """Accept or decline one of my invitations."""
    user = request_user(request)
    membership = selectors.pending_invitations(user).filter(public_id=membership_id).first()
    if membership is None or answer not in ("accept", "decline"):
        raise Http404("No such invitation.")
    try:
        services.cohort_invitation_respond(
            membership=membership, by=user, accept=answer == "accept"
        )
    except services.CommunityError as error:
        messages.error(request, str(error))
        return redirect("community:invitations")
    if answer == "accept":
        messages.success(request, f"Welcome to {membership.cohort.name}.")
        return redirect("community:cohort", cohort=membership.cohort.public_id)
    messages.success(request, f"You declined the invitation to {membership.cohort.name}.")
    return redirect("community:invitations")


@require_http_methods(["GET", "POST"])
@login_required
def join(request: HttpRequest) -> HttpResponse:
    """Join a cohort with the code an organization shared."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.cohort_join_by_code(
                user=request_user(request), code=form.cleaned_data["code"]
            )
        except services.CommunityError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, f"You joined {membership.cohort.name}.")
            return redirect("community:cohort", cohort=membership.cohort.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/join.html", {"form": form}, status=status)


# --------------------------------------------------------------------------- starting, editing


def _organizations_or_404(user: User) -> list[Any]:
    organizations = selectors.organizations_running_cohorts_for(user)
    if not organizations:
        raise Http404("No such page.")
    return organizations


def _cohort_fields(form: CohortForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "stack": data["stack"],
        "micro_credentials": data["micro_credentials"],
        "description": data["description"],
    }


@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Start a cohort for an organization the person administers (or an issuer they staff)."""
    user = request_user(request)
    organizations = _organizations_or_404(user)
    form = CohortForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                by=user, organization=form.cleaned_data["organization"], **_cohort_fields(form)
            )
        except services.CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{cohort.name} is ready: invite its people.")
            return redirect("community:cohort", cohort=cohort.public_id)
    context = {"form": form, "cohort": None}
    return render(request, "community/cohort_form.html", context, status=_status(request, form))


def _status(request: HttpRequest, form: Any) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def _get_cohort_for_user(request: HttpRequest, public_id: UUID) -> Cohort:
    """The cohort when the person is active in it or manages it; otherwise 404."""
    cohort = selectors.cohort_visible_to(request_user(request), public_id)
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def _get_managed_cohort(request: HttpRequest, public_id: UUID) -> Cohort:
    cohort = _get_cohort_for_user(request, public_id)
    if not selectors.user_manages_cohort(request_user(request), cohort):
        raise Http404("No such page.")
    return cohort


def _get_facilitated_cohort(request: HttpRequest, public_id: UUID) -> Cohort:
    cohort = _get_cohort_for_user(request, public_id)
    if not selectors.user_facilitates(request_user(request), cohort):
        raise Http404("No such page.")
    return cohort


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, cohort: UUID) -> HttpResponse:
    found = _get_managed_cohort(request, cohort)
    user = request_user(request)
    initial = {
        "organization": found.organization,
        "name": found.name,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "stack": found.stack,
        "micro_credentials": list(found.micro_credentials.all()),
        "description": found.description,
    }
    # The running organization stays: its people are who the join code admits.
    form = CohortForm(request.POST or None, initial=initial, organizations=[found.organization])
    form.fields["organization"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=found, by=user, **_cohort_fields(form))
        except services.CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{found.name} saved.")
            return redirect("community:cohort", cohort=found.public_id)
    context = {"form": form, "cohort": found}
    return render(request, "community/cohort_form.html", context, status=_status(request, form))


# --------------------------------------------------------------------------- the cohort page


def _thread_url(cohort: Cohort, thread: Any) -> str:
    """The discussion's thread page, once the discussion pages exist (their own branch)."""
    try:
        return reverse("community:thread", kwargs={"cohort": cohort.public_id, "thread": thread})
    except NoReverseMatch:
        return ""


def _render_cohort(
    request: HttpRequest, cohort: Cohort, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    manages = selectors.user_manages_cohort(user, cohort)
    facilitates = selectors.user_facilitates(user, cohort)
    people = list(selectors.cohort_people(cohort))
    active = [m for m in people if m.status == Status.ACTIVE]
    credentials = selectors.cohort_credentials(cohort)
    threads = selectors.recent_threads(cohort)
    context: dict[str, Any] = {
        "cohort": cohort,
        "manages": manages,
        "facilitates": facilitates,
        "membership": selectors.active_membership(user, cohort),
        "credentials": credentials,
        "milestones": list(selectors.upcoming_milestones(cohort)),
        "announcements": selectors.recent_announcements(cohort),
        "threads": [(thread, _thread_url(cohort, thread.public_id)) for thread in threads],
        "facilitators": [m for m in active if m.role == Role.FACILITATOR],
        "members": [m for m in active if m.role == Role.MEMBER],
        "pending": [m for m in people if m.status == Status.INVITED] if manages else [],
        "progress": (
            selectors.cohort_progress(
                cohort, credentials, [m for m in active if m.role == Role.MEMBER]
            )
            if facilitates
            else []
        ),
        "invite_form": InviteForm(),
        "milestone_form": MilestoneForm(starts_on=cohort.starts_on, ends_on=cohort.ends_on),
        "announcement_form": AnnouncementForm(),
        **(forms or {}),
    }
    return render(request, "community/cohort.html", context, status=status)


@require_GET
@login_required
def cohort_page(request: HttpRequest, cohort: UUID) -> HttpResponse:
    """Members and facilitators see the cohort; managers also its settings and people."""
    return _render_cohort(request, _get_cohort_for_user(request, cohort))


@require_POST
@login_required
def invite(request: HttpRequest, cohort: UUID) -> HttpResponse:
    found = _get_managed_cohort(request, cohort)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_cohort(request, found, forms={"invite_form": form}, status=400)
    try:
        membership = services.cohort_invite_by_email(
            cohort=found,
            email=form.cleaned_data["email"],
            by=request_user(request),
            role=form.cleaned_data["role"],
        )
    except services.CommunityError as error:
        form.add_error("email", str(error))
        return _render_cohort(request, found, forms={"invite_form": form}, status=400)
    if membership.status == Status.ACTIVE:
        messages.info(request, f"{membership.user.email} is already in {found.name}.")
    else:
        role = membership.get_role_display().lower()
        messages.success(request, f"Invited {membership.user.email} as {role}: they answer.")
    return redirect("community:cohort", cohort=found.public_id)


@require_POST
@login_required
def join_code(request: HttpRequest, cohort: UUID) -> HttpResponse:
    """Draw a new join code (the old one stops working) or turn joining by code off."""
    found = _get_managed_cohort(request, cohort)
    action = request.POST.get("action")
    if action == "new":
        services.cohort_new_join_code(cohort=found)
        messages.success(request, f"New join code: {found.join_code}. The old one no longer works.")
    elif action == "off":
        services.cohort_join_code_off(cohort=found)
        messages.success(request, "Joining by code is off; invitations still work.")
    else:
        messages.error(request, "Choose to draw a new code or to turn joining by code off.")
        return _render_cohort(request, found, status=400)
    return redirect("community:cohort", cohort=found.public_id)


@require_POST
@login_required
def milestone(request: HttpRequest, cohort: UUID) -> HttpResponse:
    found = _get_facilitated_cohort(request, cohort)
    form = MilestoneForm(request.POST, starts_on=found.starts_on, ends_on=found.ends_on)
    if not form.is_valid():
        return _render_cohort(request, found, forms={"milestone_form": form}, status=400)
    created = services.milestone_create(cohort=found, by=request_user(request), **form.cleaned_data)
    messages.success(request, f"Milestone set: {created.title}, {created.due_on:%b %-d, %Y}.")
    return redirect("community:cohort", cohort=found.public_id)


@require_POST
@login_required
def announce(request: HttpRequest, cohort: UUID) -> HttpResponse:
    found = _get_facilitated_cohort(request, cohort)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        return _render_cohort(request, found, forms={"announcement_form": form}, status=400)
    services.announcement_post(cohort=found, by=request_user(request), **form.cleaned_data)
    messages.success(request, "Announcement posted; the members get it by email.")
    return redirect("community:cohort", cohort=found.public_id)


@require_POST
@login_required
def leave(request: HttpRequest, cohort: UUID) -> HttpResponse:
    found = _get_cohort_for_user(request, cohort)
    user = request_user(request)
    membership = selectors.active_membership(user, found)
    if membership is None:
        raise Http404("No such membership.")
    services.cohort_leave(membership=membership, by=user)
    messages.success(request, f"You left {found.name}.")
    return redirect("community:mine")
