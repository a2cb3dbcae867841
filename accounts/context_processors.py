from typing import Any

from django.conf import settings
from django.http import HttpRequest

from organizations.selectors import user_roles

from .navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries and role labels for the layout."""
    user: Any = request.user
    roles = sorted(user_roles(user)) if user.is_authenticated else []
    return {
        "nav_items": nav_items_for(user),
        "user_role_values": roles,
        "SITE_NAME": settings.SITE_NAME,
    }
