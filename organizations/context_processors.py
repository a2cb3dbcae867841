from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import nav_items_for
from .role_cache import user_roles_for_layout


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries and role labels for the layout."""
    user: Any = request.user
    roles = sorted(user_roles_for_layout(user))
    return {
        "nav_items": nav_items_for(user),
        "user_role_values": roles,
        "SITE_NAME": settings.SITE_NAME,
    }
