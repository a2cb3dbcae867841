"""Badge settings with their defaults, read at call time (tests override them per test).

Every one may be set in config/settings (from the environment); none is required.
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings

from common.backoff import backoff_seconds

# Upload cap on the verification page: a baked badge image is tens of kilobytes.
DEFAULT_VERIFY_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Verification checks per client address per minute (a person checks a handful).
DEFAULT_VERIFY_RATE_PER_MINUTE = 30
# Issue-task retries on transient failures (database, storage): exponential backoff, capped.
DEFAULT_ISSUE_MAX_RETRIES = 8
DEFAULT_ISSUE_RETRY_BASE_SECONDS = 5
DEFAULT_ISSUE_RETRY_MAX_SECONDS = 600
# The sweeper leaves a fresh decision to its own on_commit task for this long first.
DEFAULT_SWEEP_GRACE_SECONDS = 120
# An expiring badge can be renewed (and its educator is reminded) this many days before expiry.
DEFAULT_RENEWAL_WINDOW_DAYS = 90


def site_url() -> str:
    """The absolute base of every public badge id (no trailing slash)."""
    return str(settings.SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    """`path` ("/x/") on our site, or an absolute URL unchanged (S3 storage URLs)."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url() + path


def contact_email() -> str:
    """Issuer contact email when the organization has none (OB 2.0 requires one)."""
    configured = getattr(settings, "BADGES_CONTACT_EMAIL", "")
    if configured:
        return str(configured)
    return parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1] or "no-reply@localhost"


def verify_rate_limit() -> int:
    return int(getattr(settings, "BADGES_VERIFY_RATE_PER_MINUTE", DEFAULT_VERIFY_RATE_PER_MINUTE))


def verify_max_upload_bytes() -> int:
    return int(getattr(settings, "BADGES_VERIFY_MAX_UPLOAD_BYTES", DEFAULT_VERIFY_MAX_UPLOAD_BYTES))


def issue_max_retries() -> int:
    return int(getattr(settings, "BADGES_ISSUE_MAX_RETRIES", DEFAULT_ISSUE_MAX_RETRIES))


def issue_retry_delay(retries: int) -> int:
    """Exponential backoff for the issue task, capped."""
    base = int(
        getattr(settings, "BADGES_ISSUE_RETRY_BASE_SECONDS", DEFAULT_ISSUE_RETRY_BASE_SECONDS)
    )
    cap = int(getattr(settings, "BADGES_ISSUE_RETRY_MAX_SECONDS", DEFAULT_ISSUE_RETRY_MAX_SECONDS))
    return backoff_seconds(retries, base=base, cap=cap)


def sweep_grace_seconds() -> int:
    return int(getattr(settings, "BADGES_SWEEP_GRACE_SECONDS", DEFAULT_SWEEP_GRACE_SECONDS))


def renewal_window() -> timedelta:
    """How long before a badge expires its renewal opens and the reminder goes out."""
    days = int(getattr(settings, "BADGES_RENEWAL_WINDOW_DAYS", DEFAULT_RENEWAL_WINDOW_DAYS))
    return timedelta(days=days)
