"""Badge settings, read at call time (tests override them per test).

Each is declared, with its default, in config/settings/base.py ("Badges"); some come from the
environment (.env.example describes those).
"""

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings

from common.backoff import backoff_seconds


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
    if settings.BADGES_CONTACT_EMAIL:
        return str(settings.BADGES_CONTACT_EMAIL)
    return parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1] or "no-reply@localhost"


def verify_rate_limit() -> int:
    return int(settings.BADGES_VERIFY_RATE_PER_MINUTE)


def verify_max_upload_bytes() -> int:
    return int(settings.BADGES_VERIFY_MAX_UPLOAD_BYTES)


def issue_max_retries() -> int:
    return int(settings.BADGES_ISSUE_MAX_RETRIES)


def issue_retry_delay(retries: int) -> int:
    """Exponential backoff for the issue task, capped."""
    return backoff_seconds(
        retries,
        base=settings.BADGES_ISSUE_RETRY_BASE_SECONDS,
        cap=settings.BADGES_ISSUE_RETRY_MAX_SECONDS,
    )


def sweep_grace_seconds() -> int:
    return int(settings.BADGES_SWEEP_GRACE_SECONDS)


def renewal_window() -> timedelta:
    """How long before a badge expires its renewal opens and the reminder goes out."""
    return timedelta(days=int(settings.BADGES_RENEWAL_WINDOW_DAYS))
