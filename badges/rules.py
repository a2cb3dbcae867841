"""Who may see a badge's page, change its sharing, or revoke it (pages and API share these)."""

from typing import Any

import rules

from organizations.rules import is_platform_staff

from .models import Badge
from .selectors import user_is_issuer_staff


@rules.predicate
def is_badge_earner(user: Any, badge: Badge | None) -> bool:
    return bool(badge is not None and user.is_authenticated and badge.educator_id == user.pk)


@rules.predicate
def is_badge_issuer_staff(user: Any, badge: Badge | None) -> bool:
    """Issuer staff of the organization that issued this badge (not of any issuer)."""
    if badge is None or not user.is_authenticated:
        return False
    return user_is_issuer_staff(user, badge.issuer)


@rules.predicate
def is_public_badge(user: Any, badge: Badge | None) -> bool:
    return bool(badge is not None and badge.is_public)


# The public page: anyone when the earner made it public; else the earner and the issuer.
rules.add_perm(
    "badges.see_badge_page",
    is_public_badge | is_badge_earner | is_badge_issuer_staff | is_platform_staff,
)
rules.add_perm("badges.change_badge_sharing", is_badge_earner)
rules.add_perm("badges.revoke_badge", is_badge_issuer_staff | is_platform_staff)
