"""The page policy (CSP) of pages that send a person to a district's provider.

A sign-in form posts to our own allauth view, which redirects to the provider; browsers hold
that redirect to the page's `form-action`, so those pages allow the provider's origin too (the
issuer's: every preset's authorization endpoint is on the issuer's host)."""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import SignInProvider
from .selectors import provider_by_provider_id

# allauth's pages that show "Continue" and post to themselves before redirecting.
_CONFIRM_PAGES = {"openid_connect_login": "provider_id", "saml_login": "organization_slug"}


def provider_origin(provider: SignInProvider) -> str:
    url = provider.idp_sso_url if provider.is_saml else provider.issuer_url
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def policy_allowing_forms_to(providers: Iterable[SignInProvider]) -> str:
    origins = sorted({origin for p in providers if (origin := provider_origin(p))})
    policy: str = settings.CONTENT_SECURITY_POLICY
    if not origins:
        return policy
    return policy.replace("form-action 'self'", "form-action 'self' " + " ".join(origins))


class ProviderFormActionMiddleware:
    """Gives allauth's confirmation page of a district provider the policy above."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        argument = _CONFIRM_PAGES.get(match.url_name or "") if match else None
        if match is None or argument is None or "Content-Security-Policy" in response.headers:
            return response
        provider = provider_by_provider_id(str(match.kwargs.get(argument, "")))
        if provider is not None:
            response.headers["Content-Security-Policy"] = policy_allowing_forms_to([provider])
        return response
