"""The start page: a welcome for visitors; for members, a card per role that leads to what is
waiting. Roles come from memberships, so the page is organizations' to serve; what waits in
higher apps (the educator's work, the reviewer's queue) is their fragment, which the template
includes (templates/submissions/_home.html, templates/reviews/_home.html)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Role
from .selectors import educator_home_organization, organizations_with_role, user_roles


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: a welcome for visitors, a role-aware start page for members."""
    user: Any = request.user
    if not user.is_authenticated:
        return render(request, "home_anonymous.html")
    roles = user_roles(user)
    context: dict[str, Any] = {
        "roles": roles,
        "is_educator": Role.EDUCATOR in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_admin": Role.DISTRICT_ADMIN in roles,
        "is_author": Role.AUTHOR in roles,
        "home_organization": educator_home_organization(user),
        "administered": organizations_with_role(user, Role.DISTRICT_ADMIN),
        "issuers": organizations_with_role(user, Role.AUTHOR)
        + organizations_with_role(user, Role.REVIEWER),
    }
    return render(request, "home.html", context)
