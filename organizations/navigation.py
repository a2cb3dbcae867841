"""The main navigation: one list, filtered by the roles of whoever is looking.

Each feature adds its entry here when its pages exist, so the menu never links to nothing.
Roles come from memberships, so the menu is organizations'; entries name pages of any app by
URL name only (no import), and an entry whose page is absent is skipped.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch

from accounts.models import User
from common.urlmemo import reverse_memo

from .models import Role
from .role_cache import user_roles_for_layout


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]  # empty: everyone signed in; "staff": platform staff
    anonymous: bool = False
    signed_in: bool = True  # False: for visitors only (signed-in people find it elsewhere)


STAFF = "staff"
NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", frozenset()),
    NavItem("Catalog", "credentials:catalog", frozenset(), anonymous=True),
    # Anyone signed in may earn micro-credentials on their own (no school needed), so their own
    # work, badges and transcript are always one click away, whatever their memberships.
    NavItem("My work", "submissions:mine", frozenset()),
    NavItem("My badges", "badges:mine", frozenset()),
    NavItem("Transcript", "organizations:transcript", frozenset()),
    # Everyone signed in: credit is claimed by educators, and approvers reach their queue there.
    NavItem("My credit", "recognition:my_credit", frozenset()),
    # Everyone signed in: educators join cohorts (by invitation or code), admins start them.
    NavItem("Cohorts", "community:mine", frozenset()),
    NavItem("Review queue", "reviews:queue", frozenset({Role.REVIEWER})),
    NavItem("Staff progress", "organizations:dashboard", frozenset({Role.DISTRICT_ADMIN})),
    NavItem("Authoring", "credentials:authoring", frozenset({Role.AUTHOR, STAFF})),
    NavItem("Review quality", "reviews:quality", frozenset({Role.ISSUER_STAFF, STAFF})),
    # For visitors (employers checking a badge); signed-in people have it in the footer and on
    # My badges, which keeps their top bar to one row.
    NavItem("Verify a badge", "badges:verify", frozenset(), anonymous=True, signed_in=False),
    NavItem("Admin", "admin:index", frozenset({STAFF})),
]


def nav_items_for(user: User) -> list[dict[str, str]]:
    """The entries this user may see, resolved to URLs; entries whose page is absent are skipped."""
    if user.is_authenticated:
        roles = user_roles_for_layout(user) | ({STAFF} if user.is_staff else set())
    else:
        roles = set()
    items = []
    for item in NAV_ITEMS:
        if not user.is_authenticated and not item.anonymous:
            continue
        if user.is_authenticated and not item.signed_in:
            continue
        if item.roles and not (item.roles & roles):
            continue
        try:
            url = reverse_memo(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url})
    return items
