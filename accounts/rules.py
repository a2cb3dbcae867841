"""Account permissions (autodiscovered by `rules`)."""

from typing import Any

import rules


@rules.predicate
def is_platform_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff)


# Who must sign in with a second factor when MFA_REQUIRED_FOR_STAFF is on: platform staff here;
# organizations/rules.py adds issuer staff (a role, which organizations knows).
rules.add_perm("accounts.require_second_factor", is_platform_staff)
