"""Every write to accounts goes through these functions."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import User
from .selectors import user_by_verified_email
from .tokens import api_tokens_revoke_all
from .user_cache import user_cache_forget

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
    """Idempotent account creation keyed on the (case-insensitive) email: any address an
    account verified finds it, as does its primary one."""
    existing = user_by_verified_email(email)
    if existing is not None:
        return existing, False
    user = user_create(
        email=email, display_name=display_name, password=password, email_verified=email_verified
    )
    return user, True


def user_update_profile(
    *, user: User, display_name: str, public_profile: bool | None = None
) -> User:
    """The name others see and, when given, whether the public profile page is on."""
    user.display_name = display_name.strip()
    fields = ["display_name"]
    if public_profile is not None:
        user.public_profile = public_profile
        fields.append("public_profile")
    user.save(update_fields=fields)
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
    user_cache_forget(pk=user.pk)
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
    user_cache_forget(pk=user.pk)
    if not is_active:
        api_tokens_revoke_all(user=user)


# --------------------------------------------------------------------------- email addresses

# Enough for every school, district and university address one career gathers.
MAX_EMAIL_ADDRESSES = 10
TAKEN = (
    "This address belongs to another account. If both accounts are yours, ask the platform's "
    "staff to merge them."
)


class EmailAddressError(ValueError):
    """An address change that cannot be made; the message says why, for people."""


def email_address_add(*, user: User, email: str, request: HttpRequest | None) -> EmailAddress:
    """Add an address to the account (unverified) and email it a verification link. Nobody may
    add an address another account has verified, or another account's primary address."""
    email = email.replace("\x00", "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise EmailAddressError("Enter a valid email address.") from error
    if email == user.email.lower() or EmailAddress.objects.filter(user=user, email=email).exists():
        raise EmailAddressError("This address is already on your account.")
    owner = user_by_verified_email(email)
    if owner is not None and owner.pk != user.pk:
        raise EmailAddressError(TAKEN)
    if EmailAddress.objects.filter(user=user).count() >= MAX_EMAIL_ADDRESSES:
        raise EmailAddressError(f"An account has at most {MAX_EMAIL_ADDRESSES} addresses.")
    try:
        with transaction.atomic():
            address = EmailAddress.objects.create(user=user, email=email, verified=False)
    except IntegrityError as error:  # added twice at once
        raise EmailAddressError("This address is already on your account.") from error
    address.send_confirmation(request)
    return address


def email_address_resend(*, address: EmailAddress, request: HttpRequest | None) -> None:
    """Email the verification link again (an unverified address only)."""
    if not address.verified:
        address.send_confirmation(request)


@transaction.atomic
def email_address_make_primary(*, user: User, address: EmailAddress) -> None:
    """Make a verified address the primary one: the address we write to and the recipient of
    badges issued from now on (badges already issued keep theirs and still verify)."""
    if address.user_id != user.pk:
        raise EmailAddressError("This address is not on your account.")
    if not address.verified:
        raise EmailAddressError("Verify this address before you make it your primary one.")
    if User.objects.filter(email__iexact=address.email).exclude(pk=user.pk).exists():
        raise EmailAddressError(TAKEN)
    address.set_as_primary()  # allauth's: moves the flag and writes User.email


def email_address_remove(*, user: User, address: EmailAddress) -> None:
    """Remove an address that is not the primary one."""
    if address.user_id != user.pk:
        raise EmailAddressError("This address is not on your account.")
    if address.primary or address.email.lower() == user.email.lower():
        raise EmailAddressError("Make another address primary before you remove this one.")
    address.delete()
