"""Every write to accounts goes through these functions."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import User
from .tokens import api_tokens_revoke_all

logger = logging.getLogger(__name__)

# "Last activity" is shown to the day: one write per person per quarter hour is plenty.
ACTIVITY_RESOLUTION = timedelta(minutes=15)


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


def user_note_activity(*, user: User) -> bool:
    """Record that the user did something now (the dashboards' "Last activity"), at most once
    per ACTIVITY_RESOLUTION; whether it wrote. A bookkeeping write: it must never fail the
    request it follows, and it does not change the dashboards' cached statistics."""
    now = timezone.now()
    last = user.last_activity_at
    if last is not None and timedelta(0) <= now - last < ACTIVITY_RESOLUTION:
        return False
    try:
        User.objects.filter(pk=user.pk).update(last_activity_at=now)
    except DatabaseError:  # the database went away after the view answered: next time
        logger.warning("Could not record activity of user %s", user.pk, exc_info=True)
        return False
    user.last_activity_at = now
    return True


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    """A new password (changed, reset or set): every API token made under the old one dies, so a
    leaked token is no way back into an account whose password its owner just changed."""
    user.set_password(password)
    user.save()
    api_tokens_revoke_all(user=user)


@transaction.atomic
def user_set_active(*, user: User, is_active: bool) -> None:
    """Activate or deactivate an account; a deactivated person's API tokens are revoked, so
    reactivating the account does not bring them back."""
    User.objects.filter(pk=user.pk).update(is_active=is_active)
    user.is_active = is_active
    if not is_active:
        api_tokens_revoke_all(user=user)
