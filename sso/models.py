"""A district's sign-in providers and the email domains it has proven it owns (ADR 0027)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.crypto import decrypt_text, encrypt_text
from organizations.models import Organization

# HKDF purpose of the key that encrypts OpenID Connect client secrets (never reuse it).
CLIENT_SECRET_PURPOSE = b"microcred sso client secret encryption v1"


class SignInProvider(models.Model):
    """One way for a district's staff to sign in: an OpenID Connect client (Google, Microsoft,
    Clever, ClassLink or any issuer) or a SAML 2.0 identity provider.

    allauth never sees this row: sso.adapter builds an unsaved `SocialApp` from it when allauth
    asks, with `provider_id` "district-<slug>-<kind>" (the id in its URLs and in the
    `SocialAccount` rows that remember who signed in through it).
    """

    class Kind(models.TextChoices):
        GOOGLE = "google", "Google"
        MICROSOFT = "microsoft", "Microsoft"
        CLEVER = "clever", "Clever"
        CLASSLINK = "classlink", "ClassLink"
        OIDC = "oidc", "OpenID Connect (any provider)"
        SAML = "saml", "SAML 2.0"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sign_in_providers"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # allauth's id of the app: in the sign-in URLs and in SocialAccount.provider.
    provider_id = models.CharField(max_length=120, unique=True, editable=False)
    # OpenID Connect: the issuer (its discovery document is <issuer>/.well-known/...).
    issuer_url = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=255, blank=True)
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    # SAML 2.0: the identity provider, from its metadata (URL or XML) or entered by hand.
    idp_entity_id = models.CharField(max_length=500, blank=True)
    idp_metadata_url = models.URLField(max_length=500, blank=True)
    idp_sso_url = models.URLField(max_length=500, blank=True)
    idp_x509cert = models.TextField(blank=True)
    # The email domains whose people this provider signs in (values of SignInDomain.domain).
    domains = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["district__name", "kind"]
        constraints: ClassVar = [
            # One provider of each kind per district: its provider_id names the kind.
            models.UniqueConstraint(fields=["district", "kind"], name="sso_one_provider_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.district})"

    @property
    def is_saml(self) -> bool:
        return self.kind == self.Kind.SAML

    @property
    def label(self) -> str:
        """What a person sees on the sign-in button."""
        kind = "SAML" if self.is_saml else self.get_kind_display().split(" (")[0]
        return f"{kind} ({self.district.name})"

    @property
    def client_secret(self) -> str:
        if not self.client_secret_encrypted:
            return ""
        return decrypt_text(self.client_secret_encrypted, purpose=CLIENT_SECRET_PURPOSE)

    def set_client_secret(self, plain: str) -> None:
        self.client_secret_encrypted = (
            encrypt_text(plain, purpose=CLIENT_SECRET_PURPOSE) if plain else ""
        )


class SignInDomain(models.Model):
    """An email domain a district claims. It joins people to the district only once verified:
    the admin published `token` in a DNS TXT record at `_microcred-verification.<domain>` and
    we read it back. One district at most holds a domain verified."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sign_in_domains"
    )
    domain = models.CharField(max_length=253)
    token = models.CharField(max_length=64, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_check_result = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["domain"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["district", "domain"], name="sso_domain_per_district"),
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(verified_at__isnull=False),
                name="sso_domain_verified_once",
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class SignInJoin(models.Model):
    """A person joined a district because they signed in through its provider with an address
    of a domain it verified: shown to them on their profile, kept as the record of consent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_joins"
    )
    district = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(
        SignInProvider, null=True, on_delete=models.SET_NULL, related_name="joins"
    )
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "district"], name="sso_join_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} joined {self.district} by signing in"
