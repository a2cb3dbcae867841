"""Every write to accounts goes through these functions."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import User

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
