"""Organization API keys: create (shown once), authenticate by digest, revoke.

A key acts for its organization and everything under it, with the scopes it was given, and
never as a person: the API sees an anonymous principal (`OrganizationKeyPrincipal`), so every
endpoint that asks for a signed-in person still refuses it.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from organizations.models import Organization

from .models import OrganizationApiKey

KEY_PREFIX = "mco_"
KEY_BYTES = 32
LAST_USED_GRANULARITY = timedelta(minutes=5)


class Scope(models.TextChoices):
    PROGRESS_READ = "progress:read", "Read progress (organizations, progress, CSV, assignments)"
    ROSTER_WRITE = "roster:write", "Import rosters"
    ASSIGNMENTS_WRITE = "assignments:write", "Create recommendations and assignments"


class OrganizationKeyPrincipal(AnonymousUser):
    """`request.user` for a request made with an organization key: not a person, so
    `is_authenticated` stays False and person-only rules refuse it."""

    def __init__(self, key: OrganizationApiKey) -> None:
        self.organization_key = key

    def __str__(self) -> str:
        return f"Organization key {self.organization_key.prefix}…"


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def organization_key_create(
    *, organization: Organization, name: str, scopes: list[str], by: User | None
) -> tuple[OrganizationApiKey, str]:
    """A new key; returns the row and the plain key (shown once, never stored)."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValueError(f"Unknown or missing scopes: {sorted(unknown)}")
    plain = KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)
    key = OrganizationApiKey.objects.create(
        organization=organization,
        name=name.strip() or "Integration key",
        scopes=sorted(set(scopes)),
        prefix=plain[:12],
        digest=_digest(plain),
        created_by=by,
    )
    return key, plain


def organization_key_authenticate(plain: str) -> OrganizationApiKey | None:
    """The active key with this value (its organization loaded), or None."""
    key = (
        OrganizationApiKey.objects.select_related("organization")
        .filter(digest=_digest(plain), revoked_at=None)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    # Touch at most every few minutes: a busy integration should not write on every request.
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_GRANULARITY:
        OrganizationApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def organization_key_revoke(*, key: OrganizationApiKey) -> OrganizationApiKey:
    """Revoke at once (idempotent); the key answers 401 from now on."""
    OrganizationApiKey.objects.filter(pk=key.pk, revoked_at=None).update(revoked_at=timezone.now())
    key.refresh_from_db(fields=["revoked_at"])
    return key


def organizations_in_key_scope(key: OrganizationApiKey) -> QuerySet[Organization]:
    """The key's organization and everything under it."""
    return Organization.objects.filter(path__startswith=key.organization.path)


def organization_keys_for(organization: Organization) -> QuerySet[OrganizationApiKey]:
    """Keys of one organization, newest first (revoked ones too: the page shows them)."""
    return OrganizationApiKey.objects.filter(organization=organization).select_related("created_by")
