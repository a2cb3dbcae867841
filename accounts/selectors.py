"""Reads about accounts: above all, who an email address belongs to (ADR 0026).

An account has one primary address (`User.email`, the one we write to and put on new badges)
and any number of others, each an allauth `EmailAddress`; one verified by an account belongs
to it alone. Everyone who finds people by email (sign-in, password reset, roster imports,
invitations, assignments, the badge verifier) asks here, so a person is found under any
address they proved is theirs.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from .models import User

CHUNK = 5000


def _normal(email: str) -> str:
    return email.strip().lower()


def user_by_verified_email(email: str) -> User | None:
    """The account an address belongs to: the account that verified it, else the account whose
    primary address it is (an account made for someone, by a roster or an invitation, has not
    verified its address yet and is still theirs). None for anyone else's unverified extra."""
    email = _normal(email)
    if not email:
        return None
    verified = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if verified is not None:
        return verified.user
    return User.objects.filter(email__iexact=email).first()


def users_by_verified_emails(emails: Iterable[str]) -> dict[str, User]:
    """`user_by_verified_email` for many addresses at once, keyed by the lower-case address
    (two queries per chunk of 5000)."""
    wanted = sorted({_normal(e) for e in emails if e and e.strip()})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        primary = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk)
        for user in primary:
            found[user.email.lower()] = user
        verified = (
            EmailAddress.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk, verified=True)
            .select_related("user")
        )
        for address in verified:  # a verified address wins over a primary one nobody proved
            found[address.email.lower()] = address.user
    return found


def users_with_email_q(email: str) -> Q:
    """A filter on User for the account `email` belongs to (for querysets already narrowed,
    like "educators in my schools")."""
    email = _normal(email)
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True)
    return Q(email__iexact=email) | Q(pk__in=verified.values("user_id"))


def email_is_verified_for(user: User, email: str) -> bool:
    """Whether `email` is one of the account's verified addresses (or its primary)."""
    email = _normal(email)
    if not email:
        return False
    if user.email.lower() == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def email_addresses_of(user: User) -> QuerySet[EmailAddress]:
    """The account's addresses for its profile: primary first, then verified, then by name."""
    return EmailAddress.objects.filter(user=user).order_by("-primary", "-verified", "email")
