"""People. Roles are not stored here: they come from organization memberships."""

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: signs in with an email address; shown by display name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=254, unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Platform staff: Django admin access.")
    date_joined = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Opt-in: a page at /u/<public_id>/ listing the educator's public, current badges.
    # db_default: rows written by set-based SQL (bench/) get it too.
    public_profile = models.BooleanField(default=False, db_default=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        ordering: ClassVar = ["display_name", "email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the token is shown once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="API token")
    prefix = models.CharField(max_length=12, db_index=True)  # shown to identify a token
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Set at creation (API_TOKEN_TTL_DAYS): a token nobody revokes still dies.
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AccountMerge(models.Model):
    """Platform staff folded one account of a person into another (ADR 0026): who, when, and
    every row that moved, so "Undo merge" can move exactly those back within MERGE_UNDO_DAYS.

    `moved` and `stayed` hold {"model": label, "pk": row pk, "field": column}: every row that
    pointed at the folded account and now points at the kept one, and every row left with the
    folded account because the kept account has its own (a membership held twice, say).
    `emails` holds the folded account's verified addresses that became the kept account's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # related_name "+": the audit is not a relation of the person, so no merge ever moves it.
    kept = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    folded = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    folded_email = models.EmailField(max_length=254)  # its primary address before the merge
    folded_was_active = models.BooleanField()
    moved = models.JSONField(default=list)
    stayed = models.JSONField(default=list)
    emails = models.JSONField(default=list)  # [{"pk", "email", "primary"}]
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Rows that could not move back at the undo (a merge since, or a row the kept account
    # gained that clashes): left with the kept account, listed here.
    not_moved_back = models.JSONField(default=list)

    class Meta:
        ordering: ClassVar = ["-merged_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(kept=models.F("folded")), name="accounts_merge_two_accounts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.folded_email} into {self.kept} ({self.merged_at:%Y-%m-%d})"
