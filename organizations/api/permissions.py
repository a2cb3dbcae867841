"""Who may call the organization endpoints: a signed-in person (the views then look the
organization up among those they administer) or an organization key with the right scope."""

from typing import Any, ClassVar

from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request

from organizations.models import OrganizationApiKey


def organization_key(request: Request) -> OrganizationApiKey | None:
    """The organization key the request was made with, if any."""
    return request.auth if isinstance(request.auth, OrganizationApiKey) else None


class HasOrganizationKeyScope(BasePermission):
    """Grants a request made with an organization key holding the scope this method needs.

    Use `HasOrganizationKeyScope.of(GET="progress:read", POST="roster:write")`; methods not
    named are refused to keys. Which organization the key may touch is the view's lookup.
    """

    scopes: ClassVar[dict[str, str]] = {}
    message = "This organization key does not have the scope this request needs."

    @classmethod
    def of(cls, **scopes: str) -> type["HasOrganizationKeyScope"]:
        names = "_".join(sorted({scope.replace(":", "_") for scope in scopes.values()}))
        return type(f"HasOrganizationKeyScope_{names}", (cls,), {"scopes": scopes})

    def has_permission(self, request: Request, view: Any) -> bool:
        key = organization_key(request)
        if key is None:
            return False
        method = "GET" if request.method in ("HEAD", "OPTIONS") else str(request.method)
        needed = self.scopes.get(method)
        return needed is not None and needed in key.scopes


def person_or_key(**scopes: str) -> list[Any]:
    """`permission_classes` of an endpoint open to people and to keys with these scopes."""
    return [IsAuthenticated | HasOrganizationKeyScope.of(**scopes)]
