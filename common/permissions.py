"""Widening a lower app's permission from a higher floor (docs/decisions/0022).

A permission belongs to the app that declares it (`rules.add_perm` in its rules.py). An app on a
higher floor that lets more people through (the reviewer holding a claim may open evidence; so
may a critical friend) widens it with `permission_widen`: whoever passed before still passes,
and so does whom the new predicate admits. Nobody restates the lower app's predicate, so a
change there reaches every floor above. `rules` imports each app's rules.py in INSTALLED_APPS
order, which is floor order, so the lower declaration is always there first.
"""

import rules
from rules.predicates import Predicate


def permission_widen(name: str, predicate: Predicate) -> None:
    """`name` now also admits whom `predicate` admits (checked after what was there)."""
    if not rules.perm_exists(name):
        raise LookupError(
            f"permission {name!r} is not declared yet: its app's rules.py must be imported first"
        )
    rules.set_perm(name, rules.permissions.permissions[name] | predicate)
