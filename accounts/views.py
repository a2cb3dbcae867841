"""Profile, personal API tokens and error pages (the start page: organizations/home.py)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
from .tokens import api_token_create, api_token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        form.save(user)
        messages.success(request, "Your profile was saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page whose CSRF token is no longer valid (settings.CSRF_FAILURE_VIEW):
    say what happened and how to send it again, not Django's bare "verification failed"."""
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        else ""
    )
    return render(request, "errors/403_csrf.html", {"back": back}, status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without a request: no context processor may touch a database that is down.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Create (shown once) and revoke personal API tokens."""
    user: Any = request.user
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
    tokens = user.api_tokens.filter(revoked_at=None)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_token": new_token})
