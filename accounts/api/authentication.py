"""API authentication: personal tokens (a person). Organization keys (an integration) are
integrations/api/authentication.py.

Both answer `request.auth` with the token or key row, so throttles and logs can key on its
`public_id`.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.tokens import api_token_find


def authorization_credential(request: Request, keyword: str) -> str | None:
    """The value after `Authorization: <keyword> `, None when another scheme is used."""
    header = authentication.get_authorization_header(request).split()
    if not header or header[0].lower() != keyword.lower().encode():
        return None
    if len(header) != 2:
        raise exceptions.AuthenticationFailed(f"Invalid {keyword} header.")
    return header[1].decode(errors="replace")


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>` with our hashed personal tokens."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        plain = authorization_credential(request, self.keyword)
        if plain is None:
            return None
        token = api_token_find(plain)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Token <token>" (from POST /api/v1/auth/token/).',
        }
