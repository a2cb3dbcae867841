"""The demo organizations and accounts of ../shared/API.md (idempotent)."""

from dataclasses import dataclass

from accounts.models import User
from accounts.services import user_get_or_create

from .models import Organization, Role
from .services import membership_grant, organization_get_or_create


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    organization: str  # slug
    role: str | None
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("educator@example.com", "Maria Lopez", "lincoln-elementary", Role.EDUCATOR),
    DemoAccount("educator2@example.com", "James Carter", "riverside-high", Role.EDUCATOR),
    DemoAccount("educator3@example.com", "Priya Shah", "hillcrest-middle", Role.EDUCATOR),
    DemoAccount("reviewer@example.com", "Dana Whitfield", "open-practice", Role.REVIEWER),
    DemoAccount("admin@example.com", "Robert Kim", "riverside-unified", Role.DISTRICT_ADMIN),
    DemoAccount("admin2@example.com", "Angela Torres", "mesa-valley", Role.DISTRICT_ADMIN),
    DemoAccount("author@example.com", "Samuel Okafor", "open-practice", Role.AUTHOR),
    DemoAccount("staff@example.com", "Platform Staff", "open-practice", None, is_staff=True),
]

ISSUER_SLUG = "open-practice"


def seed_demo_organizations() -> dict[str, Organization]:
    """State, two districts, three schools and the issuing organization."""
    kind = Organization.Kind
    state = organization_get_or_create(kind=kind.STATE, name="State of Columbia", slug="columbia")
    riverside = organization_get_or_create(
        kind=kind.DISTRICT, name="Riverside Unified", slug="riverside-unified", parent=state
    )
    mesa = organization_get_or_create(
        kind=kind.DISTRICT, name="Mesa Valley", slug="mesa-valley", parent=state
    )
    orgs = {
        "columbia": state,
        "riverside-unified": riverside,
        "mesa-valley": mesa,
        "lincoln-elementary": organization_get_or_create(
            kind=kind.SCHOOL, name="Lincoln Elementary", slug="lincoln-elementary", parent=riverside
        ),
        "riverside-high": organization_get_or_create(
            kind=kind.SCHOOL, name="Riverside High", slug="riverside-high", parent=riverside
        ),
        "hillcrest-middle": organization_get_or_create(
            kind=kind.SCHOOL, name="Hillcrest Middle", slug="hillcrest-middle", parent=mesa
        ),
        ISSUER_SLUG: organization_get_or_create(
            kind=kind.ISSUER,
            name="Open Practice Educator Institute",
            slug=ISSUER_SLUG,
            url="https://credentials.example.org",
            email="badges@credentials.example.org",
            description="A nonprofit that writes and reviews micro-credentials for educators.",
        ),
    }
    return orgs


def seed_demo_accounts(*, password: str, organizations: dict[str, Organization]) -> list[User]:
    """The demo cast; existing accounts keep their data but get the demo password back."""
    users = []
    for account in DEMO_ACCOUNTS:
        user, _ = user_get_or_create(
            email=account.email, display_name=account.name, password=password, email_verified=True
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = account.is_staff
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        if account.role:
            membership_grant(
                user=user, organization=organizations[account.organization], role=account.role
            )
        users.append(user)
    return users
