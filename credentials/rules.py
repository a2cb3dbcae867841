"""Catalog permissions (autodiscovered by `rules`).

`credentials.author_for_issuer` guards every authoring page. Asked with an issuing organization
it answers "may this user write that organization's catalog?"; asked without one (the authoring
list, the create pages) it answers "does this user author for any issuer at all?".
"""

from typing import Any

import rules

from organizations.models import Organization, Role
from organizations.rules import is_platform_staff
from organizations.selectors import organizations_with_role


@rules.predicate
def is_author_for_issuer(user: Any, issuer: Organization | None) -> bool:
    if not user.is_authenticated:
        return False
    authored = [
        org
        for org in organizations_with_role(user, Role.AUTHOR)
        if org.kind == Organization.Kind.ISSUER
    ]
    if issuer is None:
        return bool(authored)
    return issuer.kind == Organization.Kind.ISSUER and any(org.pk == issuer.pk for org in authored)


rules.add_perm("credentials.author_for_issuer", is_platform_staff | is_author_for_issuer)
