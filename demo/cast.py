"""The demo organizations and accounts (demo/data/organizations.json, accounts.json)."""

from accounts.models import User
from accounts.services import user_get_or_create
from organizations.models import Organization
from organizations.services import membership_grant, organization_get_or_create

from .files import DATA_DIR, read

ISSUER_SLUG = "open-practice"  # the organization that issues the demo catalog
DEMO_AUTHOR = "author@example.com"
DEMO_REVIEWER = "reviewer@example.com"
DEMO_STAFF = "staff@example.com"  # platform staff create the recognition bodies

# An organization's own details beyond kind, name, slug and parent (the issuer has them).
_DETAILS = ("url", "email", "description")


def seed_demo_organizations() -> dict[str, Organization]:
    """The organizations of organizations.json by slug, each created after its parent (idempotent:
    an existing slug is kept as it is)."""
    organizations: dict[str, Organization] = {}
    for entry in read(DATA_DIR / "organizations.json"):
        parent = organizations[entry["parent"]] if "parent" in entry else None
        organizations[entry["slug"]] = organization_get_or_create(
            kind=entry["kind"],
            name=entry["name"],
            slug=entry["slug"],
            parent=parent,
            **{field: entry[field] for field in _DETAILS if field in entry},
        )
    return organizations


def seed_demo_accounts(*, password: str, organizations: dict[str, Organization]) -> list[User]:
    """The demo cast of accounts.json; existing accounts keep their data but get the demo
    password back."""
    users = []
    for account in read(DATA_DIR / "accounts.json"):
        user, _ = user_get_or_create(
            email=account["email"],
            display_name=account["name"],
            password=password,
            email_verified=True,
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = account.get("is_staff", False)
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        if "role" in account:
            membership_grant(
                user=user, organization=organizations[account["organization"]], role=account["role"]
            )
        users.append(user)
    return users
