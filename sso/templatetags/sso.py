"""Single sign-on panels that lower apps' pages include (the profile's district joins)."""

from typing import Any

from django import template

from sso.selectors import joins_of

register = template.Library()


@register.inclusion_tag("sso/_joins.html")
def sign_in_joins(user: Any) -> dict[str, Any]:
    """The districts the person joined by signing in through their provider."""
    return {"joins": list(joins_of(user)) if user.is_authenticated else []}
