"""`Authorization: Api-Key <key>`: an organization's integration, authenticated by its key.

Listed in REST_FRAMEWORK's authentication classes beside the personal tokens
(accounts/api/authentication.py); both answer `request.auth` with the token or key row, so
throttles and logs can key on its `public_id`.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.api.authentication import authorization_credential
from integrations.api.permissions import HasOrganizationKeyScope
from integrations.api_keys import OrganizationKeyPrincipal, organization_key_authenticate


class OrganizationKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`: an organization's integration, never a person.

    `request.user` is an anonymous principal (person-only endpoints refuse it) and
    `request.auth` the key; endpoints that accept keys check its scope and organization.
    """

    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        plain = authorization_credential(request, self.keyword)
        if plain is None:
            return None
        key = organization_key_authenticate(plain)
        if key is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked organization key.")
        return OrganizationKeyPrincipal(key), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def _accepts_organization_keys(permission: Any) -> bool:
    if isinstance(permission, type) and issubclass(permission, HasOrganizationKeyScope):
        return True
    return any(  # `A | B` compositions keep their operands in op1_class / op2_class
        _accepts_organization_keys(getattr(permission, name, None))
        for name in ("op1_class", "op2_class")
        if getattr(permission, name, None) is not None
    )


class OrganizationKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.api.authentication.OrganizationKeyAuthentication"
    name = "organizationKeyAuth"

    def get_security_requirement(self, auto_schema: Any) -> Any:
        # Listed only on the endpoints that accept keys (the organization endpoints).
        classes = getattr(auto_schema.view, "permission_classes", [])
        if any(_accepts_organization_keys(permission) for permission in classes):
            return {self.name: []}
        return []

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'Send "Api-Key <key>": an organization key (created by a district admin, '
                "shown once). It acts for its organization and the organizations under it, "
                "never as a person, with its scopes: progress:read (organizations, progress "
                "and its CSV, assignments list), roster:write (roster imports), "
                "assignments:write (create assignments). A missing scope answers 403; "
                "another organization 404; a revoked key 401."
            ),
        }
