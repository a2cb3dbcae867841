"""Organization pages: the invitations a roster import sends (a new account chooses a
password; an existing account accepts or declines joining), and the organization picker every
district or state admin page starts from (`get_root_for_user`). Anything a user may not see
answers 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from accounts.models import User
from common.http import request_user

from . import selectors, services
from .models import Organization


def get_root_for_user(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The district or state whose staff the admin is looking at (`?org=`), and the choices;
    404 for anyone else. Every admin page (dashboard, rosters, assignments, integrations) picks
    its organization this way (templates/organizations/_org_picker.html)."""
    user = request_user(request)
    if not user.has_perm("organizations.view_staff_progress"):
        raise Http404("No such page")
    roots = selectors.dashboard_roots(user)
    wanted = request.GET.get("org") or request.POST.get("org") or ""
    for root in roots:
        if str(root.public_id) == wanted:
            return root, roots
    if wanted or not roots:
        raise Http404("No such organization")
    return roots[0], roots


# --------------------------------------------------------------------------------------------
# Invitations
# --------------------------------------------------------------------------------------------


def _invited_user(uidb64: str, token: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited educator chooses a password and is signed in. The link works once: setting
    the password changes what the token is computed from."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "organizations/invitation_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your password is set.")
        return redirect("home")
    return render(request, "organizations/invitation.html", {"form": form, "invited": user})


@login_required
@require_http_methods(["GET", "POST"])
def membership_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person, signed in, accepts or declines joining an organization. A link
    that is forged, expired or addressed to another account answers 404."""
    user = request_user(request)
    invitation = services.membership_invitation_for_token(token, user=user)
    if invitation is None:
        return render(request, "organizations/membership_invitation_invalid.html", status=404)
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        if decision not in ("accept", "decline"):
            messages.error(request, "Choose accept or decline.")
            return redirect("organizations:membership_invitation", token=token)
        try:
            if decision == "accept":
                services.membership_invitation_accept(invitation=invitation, by=user)
                messages.success(request, f"You joined {invitation.organization.name}.")
            else:
                services.membership_invitation_decline(invitation=invitation, by=user)
                messages.info(request, f"You declined to join {invitation.organization.name}.")
        except services.InvitationError as error:
            messages.error(request, str(error))
            return redirect("organizations:membership_invitation", token=token)
        return redirect("home")
    return render(request, "organizations/membership_invitation.html", {"invitation": invitation})
