"""Production: PostgreSQL, Redis broker and cache, S3-compatible storage, SMTP.

Refuses to start when a secret or a service setting is missing: there are no insecure fallbacks.
"""

from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CACHES,
    EVIDENCE_LINK_SECONDS,
    database_from_env,
    env,
    replica_from_env,
    session_engine,
)

REQUIRED = [
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "S3_BUCKET",
    "S3_PUBLIC_BUCKET",
]
_missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings refuse to start; set these environment variables: "
        + ", ".join(_missing)
    )
if not env("DATABASE_URL").startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("Production requires PostgreSQL: DATABASE_URL must be postgres://")

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of 50+ characters")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Platform and issuer staff sign in with a second factor (organizations/mfa.py).
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)

# PostgreSQL only (checked above); connections are kept a minute by default.
DATABASES = {"default": database_from_env(default_url=env("DATABASE_URL"), conn_max_age=60)}
replica_from_env(DATABASES)

CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
CACHES["default"] = env.cache("CACHE_URL", default=CELERY_BROKER_URL.rsplit("/", 1)[0] + "/1")
# Every page reads the cache (catalog content, navigation roles): a hung Redis must cost a page
# a second and a database read, never hang it (docs/decisions/0013-page-caching.md).
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    CACHES["default"]["BACKEND"] = "common.cache.RedisCache"  # limits survive its outages
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
SESSION_ENGINE = session_engine(CACHES["default"])  # Redis: cached sessions, kept in PostgreSQL

# Storage: a private bucket for evidence (short-lived signed links only) and a public bucket
# for badge images and other files that anyone may fetch.
USE_S3 = True
_s3_common = {
    "endpoint_url": env("S3_ENDPOINT_URL", default=None),
    "region_name": env("S3_REGION", default="us-east-1"),
    "access_key": env("S3_ACCESS_KEY_ID", default=None),
    "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
    "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
    "signature_version": "s3v4",
    "file_overwrite": False,
}
# Bounded waits: botocore's defaults (60 s to connect, 5 tries with backoff) would hold a web
# worker for minutes when storage is unreachable. Tasks retry on their own schedule.
# botocore's checksums: "when_supported" (its default: CRC32 on uploads, checked on downloads)
# or "when_required". moto's server (`make stack`) answers a multipart object's composite CRC32
# without its "-<parts>" suffix, so botocore checks the whole body against it and no large
# evidence could be read back: scripts/stack.sh sets when_required. S3 and MinIO need neither.
S3_CHECKSUMS = env("S3_CHECKSUMS", default="when_supported")
if S3_CHECKSUMS not in ("when_supported", "when_required"):
    raise ImproperlyConfigured("S3_CHECKSUMS must be when_supported or when_required")
_s3_common["client_config"] = Config(
    s3={"addressing_style": _s3_common["addressing_style"]},
    signature_version="s3v4",
    request_checksum_calculation=S3_CHECKSUMS,
    response_checksum_validation=S3_CHECKSUMS,
    connect_timeout=env.int("S3_CONNECT_TIMEOUT", default=5),
    read_timeout=env.int("S3_READ_TIMEOUT", default=60),
    retries={"max_attempts": 3, "mode": "standard"},
)
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": env("S3_BUCKET"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": EVIDENCE_LINK_SECONDS,
        },
    },
    "public": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": env("S3_PUBLIC_BUCKET"),
            "default_acl": None,
            "querystring_auth": False,
            "custom_domain": env("S3_PUBLIC_DOMAIN", default=None),
        },
    },
    # WhiteNoise's manifest storage with url() memoized (docs/decisions/0041).
    "staticfiles": {"BACKEND": "common.static_storage.MemoizedManifestStaticFilesStorage"},
}
# The endpoint a browser uses for direct uploads (may differ from the one inside the network).
S3_BROWSER_ENDPOINT_URL = env("S3_BROWSER_ENDPOINT_URL", default=_s3_common["endpoint_url"])
# Evidence uploads: browsers talk to that endpoint directly (uploads, playback), so the CSP
# names its origin (needed when it is plain http, e.g. MinIO on a LAN or loopback).
CONTENT_SECURITY_POLICY = content_security_policy(S3_BROWSER_ENDPOINT_URL)  # noqa: F405

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

# HTTPS everywhere. A TLS-terminating proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Demo accounts have a published password: never in production.
DEMO_SEED_ALLOWED = False
