"""Role predicates and organization permissions (autodiscovered by `rules`).

Views and the API both ask `user.has_perm(...)`; the rules live here and in each app's
rules.py, never inline in a view.
"""

from typing import Any

import rules

from common.permissions import permission_widen

from .models import Organization, Role
from .selectors import user_administers, user_has_role


@rules.predicate
def is_platform_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_educator(user: Any) -> bool:
    return bool(user.is_authenticated) and user_has_role(user, Role.EDUCATOR)


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return bool(user.is_authenticated) and user_has_role(user, Role.REVIEWER)


@rules.predicate
def is_district_admin(user: Any) -> bool:
    return bool(user.is_authenticated) and user_has_role(user, Role.DISTRICT_ADMIN)


@rules.predicate
def is_author(user: Any) -> bool:
    return bool(user.is_authenticated) and user_has_role(user, Role.AUTHOR)


@rules.predicate
def is_issuer_staff(user: Any) -> bool:
    return bool(user.is_authenticated) and user_has_role(user, Role.ISSUER_STAFF)


@rules.predicate
def administers_organization(user: Any, organization: Organization | None) -> bool:
    if organization is None or not user.is_authenticated:
        return False
    return user_administers(user, organization)


rules.add_perm("organizations.view_staff_progress", is_district_admin | is_platform_staff)
rules.add_perm("organizations.administer_organization", administers_organization)

# A second factor (organizations/mfa.py, accounts' token endpoint): issuer staff too, who issue
# and revoke badges; accounts/rules.py declares the permission with platform staff alone.
permission_widen("accounts.require_second_factor", is_issuer_staff)
