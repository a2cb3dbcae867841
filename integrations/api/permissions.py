"""Who may call the organization endpoints: a signed-in person (the views then look the
organization up among those they administer) or an organization key with the right scope.

The endpoints that accept keys live in the apps above (rosters, reporting); they use
`person_or_key` and find the organization with `organization_for_request`."""

from typing import Any, ClassVar
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request

from accounts.models import User
from common.http import request_user
from integrations.api_keys import organizations_in_key_scope
from integrations.models import OrganizationApiKey
from organizations.models import Organization
from organizations.selectors import organizations_administered_by


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


# --------------------------------------------------------------------------------------------
# The organization a person or a key acts on
# --------------------------------------------------------------------------------------------


def acting_person(request: Request) -> User | None:
    """Who acts: the signed-in person, or nobody for an organization key."""
    return None if organization_key(request) else request_user(request)


def organizations_for_request(request: Request) -> QuerySet[Organization]:
    """The organizations the caller may act on: a key's organization and those under it, or
    those the signed-in person administers."""
    key = organization_key(request)
    if key is not None:
        return organizations_in_key_scope(key)
    return organizations_administered_by(request_user(request))


def organization_for_request(request: Request, public_id: UUID) -> Organization:
    """One of `organizations_for_request` (with its parent), or 404."""
    organization = (
        organizations_for_request(request)
        .filter(public_id=public_id)
        .select_related("parent")
        .first()
    )
    if organization is None:
        raise Http404("No such organization")
    return organization
