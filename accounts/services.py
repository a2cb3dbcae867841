"""Every write to accounts goes through these functions."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from .models import User


@transaction.atomic
def user_create(
    *,
    email: str,
    display_name: str,
    password: str | None = None,
    email_verified: bool = False,
    is_staff: bool = False,
) -> User:
    """Create an account and its allauth email record (verified when we vouch for it)."""
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def user_get_or_create(
    *, email: str, display_name: str, password: str | None = None, email_verified: bool = False
) -> tuple[User, bool]:
    """Idempotent account creation keyed on the (case-insensitive) email."""
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        return existing, False
    user = user_create(
        email=email, display_name=display_name, password=password, email_verified=email_verified
    )
    return user, True


def user_update_profile(*, user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user


def user_touch_activity(*, user: User) -> None:
    """Record that the user did something (drives "last activity" for admins)."""
    User.objects.filter(pk=user.pk).update(last_activity_at=timezone.now())
