"""django-allauth's social account adapter: districts' providers become allauth apps, and a
district's provider speaks only for the email domains the district verified (ADR 0027)."""

from typing import Any

import requests
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from accounts.models import User

from . import selectors, services
from .models import SignInProvider

# SAML attributes, by the names identity providers commonly send them (OID and friendly).
SAML_ATTRIBUTES = {
    "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id", "urn:oid:0.9.2342.19200300.100.1.1"],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "mail",
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",
        "givenName",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "sn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ],
}


# allauth's views that start or finish a sign-in: a provider that is off is not found there.
SIGN_IN_VIEWS = {
    "openid_connect_login",
    "openid_connect_callback",
    "saml_login",
    "saml_acs",
    "saml_finish_acs",
    "saml_sls",
}


def social_app(provider: SignInProvider, *, with_secret: bool) -> SocialApp:
    """The allauth app of a district's provider, built when asked and never saved: the secret
    stays encrypted in our row and is decrypted only for a sign-in that uses it."""
    if provider.is_saml:
        # What was read from the metadata when the admin saved: allauth would fetch a metadata
        # URL itself at sign-in, following redirects past the address check (services.py).
        idp = {
            "entity_id": provider.idp_entity_id,
            "sso_url": provider.idp_sso_url,
            "x509cert": provider.idp_x509cert,
        }
        return SocialApp(
            provider="saml",
            provider_id=provider.provider_id,
            name=provider.label,
            client_id=provider.provider_id,  # the slug in the SAML URLs
            settings={
                "hidden": not provider.is_active,
                "idp": idp,
                "attribute_mapping": SAML_ATTRIBUTES,
                # Only signed assertions; python3-saml's strict checks (audience, destination,
                # validity, replayed or unsolicited responses) stay on.
                "advanced": {"strict": True, "want_assertion_signed": True},
            },
        )
    return SocialApp(
        provider="openid_connect",
        provider_id=provider.provider_id,
        name=provider.label,
        client_id=provider.client_id,
        secret=provider.client_secret if with_secret else "",
        settings={"server_url": provider.issuer_url, "hidden": not provider.is_active},
    )


def _unreachable() -> HttpResponse:
    return render(context.request, "sso/unreachable.html", status=502)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """allauth's own apps (settings, database) and the district providers: the active ones
        for listings and sign-ins; a turned-off one still names the accounts connected to it
        (the connections page), but no sign-in view finds it."""
        apps: list[SocialApp] = super().list_apps(request, provider=provider, client_id=client_id)
        # A listing (the sign-in page's buttons) needs no secret; a sign-in names its app.
        wanted = bool(provider or client_id)
        match = getattr(request, "resolver_match", None)
        signing_in = match is not None and match.url_name in SIGN_IN_VIEWS
        found = selectors.providers_for_allauth(
            allauth_provider=provider, client_id=client_id, active_only=signing_in or not wanted
        )
        apps.extend(social_app(each, with_secret=wanted) for each in found)
        return apps

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A district's provider is believed about an address only within the district's
        verified domains that it covers: any other address it sends is unverified, so it
        neither signs in to an existing account with that address nor counts as proven.
        A returning person who now qualifies joins the district here."""
        provider = self._district_provider(sociallogin)
        if provider is None:
            return
        if not provider.is_active:  # turned off while the person was at the provider
            raise ImmediateHttpResponse(HttpResponseRedirect(reverse("account_login")))
        for address in sociallogin.email_addresses:
            trusted = selectors.verified_domain_for(provider, address.email) is not None
            # OpenID Connect must also say the address is verified; SAML has no such claim.
            address.verified = trusted and (bool(address.verified) or provider.is_saml)
        if sociallogin.is_existing and isinstance(sociallogin.user, User):
            self._join(request, sociallogin.user, sociallogin, provider)

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        """A first sign-in made the account; it joins the district when the address qualifies."""
        user = super().save_user(request, sociallogin, form)
        provider = self._district_provider(sociallogin)
        if provider is not None and isinstance(user, User):
            self._join(request, user, sociallogin, provider)
        return user

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> Any:
        user = super().populate_user(request, sociallogin, data)
        first, last = data.get("first_name") or "", data.get("last_name") or ""
        name = data.get("name") or f"{first} {last}".strip()
        if isinstance(user, User) and name:
            user.display_name = str(name)[:150]
        return user

    def get_requests_session(self) -> requests.Session:
        """allauth's HTTP calls to providers (discovery, token, user info) go only where an
        admin's URL may point (services.check_outgoing_url), checked again at each call and
        each redirect: a host that resolved to a public address at save time may not now."""
        session: requests.Session = super().get_requests_session()
        session.max_redirects = 3

        def check_redirect(response: requests.Response, *args: Any, **kwargs: Any) -> None:
            if response.is_redirect:
                try:
                    services.check_outgoing_url(response.headers["Location"], field="issuer_url")
                except services.SignInConfigError as error:
                    raise ImmediateHttpResponse(_unreachable()) from error

        checked_request = session.request

        def request(method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
            try:
                services.check_outgoing_url(url, field="issuer_url")
                return checked_request(method, url, *args, **kwargs)
            except (services.SignInConfigError, requests.RequestException) as error:
                # allauth answers a failed call before the redirect with a server error; the
                # person should read that their district's sign-in is unreachable.
                raise ImmediateHttpResponse(_unreachable()) from error

        session.hooks["response"].append(check_redirect)
        session.request = request  # type: ignore[method-assign,assignment]
        return session

    def _district_provider(self, sociallogin: SocialLogin) -> SignInProvider | None:
        app = getattr(sociallogin.provider, "app", None)
        provider_id = getattr(app, "provider_id", "") or ""
        if not provider_id.startswith("district-"):
            return None
        return selectors.provider_by_provider_id(provider_id)

    def _join(
        self, request: HttpRequest, user: User, sociallogin: SocialLogin, provider: SignInProvider
    ) -> None:
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            join = services.sign_in_join(user=user, provider=provider, email=address.email)
            if join is not None:
                messages.info(
                    request,
                    f"You joined {join.district.name} as an educator: you signed in through "
                    f"its sign-in with your {address.email} address, a domain the district "
                    "has verified. Its admins now see your progress; your profile shows this.",
                )
                return
