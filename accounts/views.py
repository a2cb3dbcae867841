"""Profile, personal API tokens and error pages (the start page: organizations/home.py)."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from common.http import request_user

from .forms import EmailAddForm, ProfileForm
from .models import User
from .selectors import email_addresses_of
from .services import (
    EmailAddressError,
    email_address_add,
    email_address_make_primary,
    email_address_remove,
    email_address_resend,
)
from .tokens import api_token_create, api_token_revoke, api_tokens_live

EMAIL_ACTIONS = {
    "make_primary": (email_address_make_primary, "{email} is now your primary address."),
    "remove_email": (email_address_remove, "{email} was removed from your account."),
}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The name others see, and the account's email addresses (ADR 0026)."""
    user = request_user(request)
    action = request.POST.get("action", "profile") if request.method == "POST" else ""
    form = ProfileForm(
        request.POST if action == "profile" else None,
        initial={"display_name": user.display_name, "public_profile": user.public_profile},
    )
    email_form = EmailAddForm(request.POST if action == "add_email" else None)
    if action == "profile" and form.is_valid():
        form.save(user)
        messages.success(request, "Your profile was saved.")
        return redirect("profile")
    if action == "add_email" and email_form.is_valid():
        try:
            address = email_address_add(
                user=user, email=email_form.cleaned_data["email"], request=request
            )
        except EmailAddressError as error:
            email_form.add_error("email", str(error))
        else:
            messages.success(request, f"We sent a link to {address.email}: follow it to verify.")
            return redirect("profile")
    if action in (*EMAIL_ACTIONS, "resend"):
        return _change_email_address(request, user, action)
    context = {"form": form, "email_form": email_form, "addresses": email_addresses_of(user)}
    return render(request, "accounts/profile.html", context)


def _change_email_address(request: HttpRequest, user: User, action: str) -> HttpResponse:
    """Make primary, remove or re-verify one of the person's own addresses (any other: 404)."""
    value = (request.POST.get("email") or "").replace("\x00", "").strip().lower()
    address = email_addresses_of(user).filter(email__iexact=value).first() if value else None
    if address is None:
        raise Http404("No such address")
    if action == "resend":
        email_address_resend(address=address, request=request)
        messages.success(request, f"We sent a new link to {address.email}.")
        return redirect("profile")
    change, done = EMAIL_ACTIONS[action]
    try:
        change(user=user, address=address)
    except EmailAddressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done.format(email=address.email))
    return redirect("profile")


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Create (shown once) and revoke personal API tokens."""
    user = request_user(request)
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            try:
                token = user.api_tokens.filter(public_id=UUID(request.POST["revoke"])).first()
            except ValueError:  # not a token id at all: the same 404 as someone else's token
                token = None
            if token is None:
                raise Http404("No such token")
            api_token_revoke(token=token)
            messages.success(request, f"Token {token.prefix}… revoked.")
            return redirect("api_tokens")
        # PostgreSQL refuses NUL in text: drop it rather than answer a 500.
        name = (request.POST.get("name") or "").replace("\x00", "").strip()[:100] or "API token"
        _, new_token = api_token_create(user=user, name=name)
    tokens = api_tokens_live(user=user)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """/admin/login/ in place of the admin's own password form: the site's sign-in (allauth, with
    its brute-force limits and second factor) is the only door. A POST here checks no password:
    it is sent to the site's login page like any visit. Signed-in staff go on to `next`; anyone
    else signed in is not told the admin exists."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    user = request.user
    if not user.is_authenticated:
        query = QueryDict(mutable=True)
        query[REDIRECT_FIELD_NAME] = next_url
        return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{query.urlencode()}")
    if not (user.is_active and user.is_staff):
        raise Http404("No such page")
    return HttpResponseRedirect(next_url)
