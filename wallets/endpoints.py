"""The OpenID for Verifiable Credential Issuance endpoints a wallet calls (ADR 0025): the two
metadata documents, the offer JSON, the token, nonce and credential endpoints.

None of them reads the session: a wallet is not signed in to the site, it holds a
pre-authorized code (token endpoint) or a bearer access token (credential endpoint). CSRF
protects what a browser's cookies authorize, and nothing here is authorized by a cookie, so
each POST endpoint is `csrf_exempt` on purpose; a wallet could not send a CSRF token anyway.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import oid4vci, services

MAX_REQUEST_BYTES = 64 * 1024


def _json(body: Mapping[str, Any], status: int = 200, *, cache: str = "no-store") -> JsonResponse:
    response = JsonResponse(dict(body), status=status)
    response["Cache-Control"] = cache
    # Web wallets call from their own origin; no cookie is read here, so any origin may.
    response["Access-Control-Allow-Origin"] = "*"
    if cache == "no-store":
        response["Pragma"] = "no-cache"
    return response


def _oauth_error(error: services.OAuthError) -> JsonResponse:
    body: dict[str, Any] = {"error": error.error, "error_description": error.description}
    if error.error in ("invalid_nonce", "invalid_proof"):
        # Draft clients take a fresh nonce from the error and try again.
        body["c_nonce"], body["c_nonce_expires_in"] = services.nonce_issue()
    response = _json(body, error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = f'Bearer error="{error.error}"'
    return response


@require_GET
def issuer_metadata(request: HttpRequest) -> JsonResponse:
    """`/.well-known/openid-credential-issuer`."""
    return _json(oid4vci.issuer_metadata(), cache="public, max-age=300")


@require_GET
def authorization_server_metadata(request: HttpRequest) -> JsonResponse:
    """`/.well-known/oauth-authorization-server` (RFC 8414)."""
    return _json(oid4vci.authorization_server_metadata(), cache="public, max-age=300")


@require_GET
def credential_offer(request: HttpRequest, offer_token: str) -> JsonResponse:
    """The offer JSON at its unguessable URL (the `credential_offer_uri`), while redeemable."""
    offer = services.offer_for_token(offer_token[:200])
    if offer is None:
        return not_found(request)
    return _json(offer)


@csrf_exempt  # answers a 404 to any method and changes nothing
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other URL under /.well-known/ or /oid4vci/: a JSON 404, since only programs ask
    there (a wallet probing `/.well-known/openid-configuration` reads the answer as JSON)."""
    return _json({"error": "not_found", "error_description": "Nothing here."}, 404)


@csrf_exempt  # a wallet's form POST with a pre-authorized code; no cookie authorizes it
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """The token endpoint: grant_type pre-authorized_code, with the transaction code."""
    if request.content_type != "application/x-www-form-urlencoded":
        return _oauth_error(
            services.OAuthError("invalid_request", "Send application/x-www-form-urlencoded.")
        )
    form = request.POST
    if form.get("grant_type") != oid4vci.PRE_AUTHORIZED_GRANT:
        return _oauth_error(
            services.OAuthError(
                "unsupported_grant_type", f"Only {oid4vci.PRE_AUTHORIZED_GRANT} is supported."
            )
        )
    code = form.get("pre-authorized_code", "")
    # `tx_code` since draft 13; `user_pin` before it.
    tx_code = form.get("tx_code") or form.get("user_pin")
    if not code or len(code) > 200 or (tx_code is not None and len(tx_code) > 20):
        return _oauth_error(services.OAuthError("invalid_request", "pre-authorized_code missing."))
    try:
        grant = services.wallet_token_issue(pre_authorized_code=code, tx_code=tx_code)
    except services.OAuthError as error:
        return _oauth_error(error)
    return _json(
        {
            "access_token": grant.access_token,
            "token_type": "Bearer",
            "expires_in": grant.expires_in,
            "c_nonce": grant.c_nonce,
            "c_nonce_expires_in": grant.c_nonce_expires_in,
        }
    )


@csrf_exempt  # anyone may ask for a nonce; it authorizes nothing by itself
@require_POST
def nonce(request: HttpRequest) -> JsonResponse:
    """The nonce endpoint: a fresh c_nonce for the holder's proof."""
    value, _ = services.nonce_issue()
    return _json({"c_nonce": value})


def _bearer_token(request: HttpRequest) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value and len(value) <= 200 else None


def _read_json(request: HttpRequest) -> object:
    """The parsed body, or None when it is too large or not JSON (the service answers
    invalid_credential_request for it, after checking the access token)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length > MAX_REQUEST_BYTES:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):
        return None


@csrf_exempt  # the bearer access token authorizes it, never a cookie
@require_POST
def credential(request: HttpRequest) -> JsonResponse:
    """The credential endpoint: the badge bound to the holder who proves their did:key."""
    access_token = _bearer_token(request)
    if access_token is None:
        return _oauth_error(services.OAuthError("invalid_token", "A Bearer token is needed.", 401))
    try:
        issued, draft = services.wallet_credential_issue(
            access_token=access_token, body=_read_json(request)
        )
    except services.OAuthError as error:
        return _oauth_error(error)
    if draft:
        c_nonce, c_nonce_expires_in = services.nonce_issue()
        return _json(
            {
                "format": oid4vci.CREDENTIAL_FORMAT,
                "credential": issued,
                "c_nonce": c_nonce,
                "c_nonce_expires_in": c_nonce_expires_in,
            }
        )
    return _json({"credentials": [{"credential": issued}]})
