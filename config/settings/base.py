"""Settings shared by every environment. Everything configurable comes from the environment.

Each setting is declared once, here, in the group of its concern; local.py, test.py and
production.py override only what differs in their environment.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import django_stubs_ext
import environ

from config.queues import task_routes

# Lets admin and queryset classes be subscripted for the type checker at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is a convenience for local work; production passes real environment variables.
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(str(BASE_DIR / ".env"))

# --- The site ---------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Earlier secrets, newest first: sessions, signed links, issuer keys and webhook secrets made
# under them still open (common/crypto.py). Rows are not re-encrypted: keep an old key listed.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="Micro-credentials for Educators")
# The platform as the issuer of learner records (wallets/clr.py): an issuing organization.
PLATFORM_ISSUER_SLUG = env("PLATFORM_ISSUER_SLUG", default="platform")

# --- Applications, middleware, URLs and templates ------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on: districts' OpenID Connect and SAML 2.0 providers (sso/, ADR 0027).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "common",
    "accounts",
    "organizations",
    "sso",
    "credentials",
    "submissions",
    "reviews",
    "badges",
    "integrations",
    "rosters",
    "recognition",
    "wallets",
    "reporting",
    "community",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Database, broker or storage away: a clear 503, never a traceback (common/outage.py).
    "common.outage.OutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the signed-in user from the cache (accounts/user_cache.py).
    "accounts.user_cache.CachedUserAuthenticationMiddleware",
    "accounts.middleware.ActivityMiddleware",  # "Last activity" on the dashboards
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Platform and issuer staff set up a second factor first (MFA_REQUIRED_FOR_STAFF).
    "organizations.mfa.StaffMfaMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "common.middleware.SecurityHeadersMiddleware",
    # After it, so it answers first: allauth's "continue to your district's provider" pages
    # allow that provider as a form target (sso/security.py).
    "sso.security.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organizations.context_processors.navigation",
            ],
            # {% url %} from a per-process memo (docs/decisions/0041).
            "builtins": ["common.templatetags.memo_url"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------


def prepared_statements(database: dict[str, Any]) -> None:
    """PostgreSQL parses and plans a repeated query once per connection instead of every time
    (server-side parameter binding, psycopg prepares after 5 runs): about 40 % less database
    CPU under the load mix (docs/decisions/0014). DATABASE_PREPARED_STATEMENTS=false behind a
    transaction-pooling PgBouncer, which cannot keep a connection's prepared statements."""
    postgres = database["ENGINE"].endswith("postgresql")
    if postgres and env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        options = database.setdefault("OPTIONS", {})
        options.update({"server_side_binding": True, "prepare_threshold": 5})


def database_from_env(*, default_url: str, conn_max_age: int) -> dict[str, Any]:
    """The database DATABASE_URL names (else `default_url`), with the connection settings every
    environment shares; DATABASE_CONN_MAX_AGE overrides `conn_max_age`."""
    database: dict[str, Any] = env.db("DATABASE_URL", default=default_url)
    database["ATOMIC_REQUESTS"] = False
    database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=conn_max_age)
    # A kept connection is checked before reuse: after a database restart the next request works.
    # On PostgreSQL by polling its socket (common/postgresql): no extra query per request.
    database["CONN_HEALTH_CHECKS"] = True
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "common.postgresql"
    prepared_statements(database)
    return database


DATABASES = {
    "default": database_from_env(
        default_url="sqlite:///" + str(BASE_DIR / "db.sqlite3"), conn_max_age=0
    )
}


def replica_from_env(databases: dict[str, Any]) -> None:
    """DATABASE_REPLICA_URL: a read replica for reporting's reads (common/db.py). Its
    connections keep the primary's settings; no transaction is ever asked to write there."""
    url = env("DATABASE_REPLICA_URL", default="")
    if url:
        replica = {**databases["default"], **env.db_url_config(url)}
        replica["TEST"] = {"MIRROR": "default"}
        databases["replica"] = replica


replica_from_env(DATABASES)
DATABASE_ROUTERS = ["common.db.ReplicaRouter"]
REPORTING_READS_FROM_REPLICA = env.bool("REPORTING_READS_FROM_REPLICA", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in (django-allauth: email is the login; usernames do not exist) --------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # allauth's, finding the account by any address it verified (accounts/backends.py).
    "accounts.backends.EmailAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# A password reset goes to any address the account verified, never to an unverified extra one.
ACCOUNT_FORMS = {"reset_password": "accounts.password_reset.ResetPasswordForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Micro-credentials] "
# Brute-force protection: failed logins are limited per IP and per account (allauth's limiter
# keeps its counters in the cache, so production uses the shared Redis cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Personal API tokens (accounts/tokens.py) die this many days after they are made; a password
# change or reset and a deactivation revoke every token of the person at once.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)

# A second factor (allauth.mfa: an authenticator app and recovery codes). With
# MFA_REQUIRED_FOR_STAFF (on in production) platform and issuer staff must set one up before
# any other page (organizations/mfa.py); everyone may set one up from their account.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# A code from the period before or after is accepted too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1

# --- Single sign-on for districts (sso/, docs/decisions/0027) ---------------------------------
# Districts' providers are allauth apps built from sso's rows (sso/adapter.py). A provider's
# word about an address counts only within its district's verified domains; an existing account
# with the same address is connected only after its owner signs in to it (never by email alone).
SOCIALACCOUNT_ADAPTER = "sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("SSO_REQUESTS_TIMEOUT_SECONDS", default=10)
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True},
}
# Domain verification reads DNS TXT records through this server ("host" or "host:port"; empty:
# the machine's resolver), giving up after SSO_DNS_TIMEOUT_SECONDS.
SSO_DNS_NAMESERVER = env("SSO_DNS_NAMESERVER", default="")
SSO_DNS_TIMEOUT_SECONDS = env.float("SSO_DNS_TIMEOUT_SECONDS", default=5.0)
# Issuer and SAML metadata URLs an admin enters are fetched by the server: https only, and never
# into a private network, unless these are set (local and test settings: providers on loopback).
SSO_ALLOW_INSECURE_URLS = env.bool("SSO_ALLOW_INSECURE_URLS", default=False)
SSO_ALLOW_PRIVATE_ADDRESSES = env.bool("SSO_ALLOW_PRIVATE_ADDRESSES", default=False)

# --- The client address behind proxies (docs/decisions/0019) ----------------------------------
# For rate limits and the evidence access log: how many proxies in front of the app each append
# the address they were called from to X-Forwarded-For (a TLS-terminating load balancer or
# nginx with $proxy_add_x_forwarded_for: 1). 0 reads only REMOTE_ADDR, which behind a proxy is
# the proxy's for everyone, so all users would share one login limit. Never more than the
# proxies really there: the header's earlier entries are whatever the client wrote.
# API_NUM_PROXIES is its older name.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("API_NUM_PROXIES", default=0))
# allauth asks accounts.adapter (common.ratelimit.client_ip); this is for any reader of its own.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files, media and storage ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Storage roles: "default" holds private evidence, "public" holds badge images and other files
# anyone may fetch. Local settings use the file system; production uses S3 (see production.py).
STORAGES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "private"), "base_url": "/media/private/"},
    },
    "public": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "public"), "base_url": "/media/public/"},
    },
    # WhiteNoise's manifest storage with url() memoized (docs/decisions/0041).
    "staticfiles": {"BACKEND": "common.static_storage.MemoizedManifestStaticFilesStorage"},
}
USE_S3 = False
# The S3 endpoint as the browser reaches it: presigned upload and download URLs are signed for
# this host (None: the storage's own endpoint). Production sets it; see content_security_policy.
S3_BROWSER_ENDPOINT_URL: str | None = env("S3_BROWSER_ENDPOINT_URL", default=None)

# --- Cache and sessions -----------------------------------------------------------------------
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Rendered catalog HTML, per process and bounded (credentials/cache.py `cached_html`): busy
    # pages skip the queries and the template work, and no request can grow the shared Redis.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 400, "CULL_FREQUENCY": 4},
    },
}

# Redis: one client per server, and rate-limit counters that survive its outage (common/cache.py).
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    CACHES["default"]["BACKEND"] = "common.cache.RedisCache"


def session_engine(cache: dict[str, Any]) -> str:
    """Sessions read from the cache where every web process shares it (Redis), kept in the
    database (accounts/sessions.py); a per-process cache could not end a session everywhere."""
    shared = cache["BACKEND"].endswith(".RedisCache")
    return "accounts.sessions" if shared else "django.contrib.sessions.backends.db"


SESSION_ENGINE = session_engine(CACHES["default"])
# The most a cached session (session_engine above) may be read from the cache before PostgreSQL.
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=5 * 60)
SESSION_COOKIE_HTTPONLY = True

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Micro-credentials <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work: Celery and the kept-task outbox (common/tasks.py) -----------------------
# JSON only, late acknowledgement so a crashed worker's task is redelivered.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60 * 25)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 30)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A queue per workload (media, badges, email, webhooks, reports), each with its own workers, so a
# burst of transcoding never delays a badge or an email (config/queues.py).
CELERY_TASK_ROUTES = task_routes(CELERY_TASK_DEFAULT_QUEUE)
# visibility_timeout must exceed the longest task, or Redis redelivers work still running: it
# is sized to evidence processing's hard time limit below. A killed worker's work is not left to
# it: the sweepers find it in minutes (processing: EVIDENCE_PROCESSING_HEARTBEAT_SECONDS).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A broker that is down or hung must not hold a request: enqueueing gives up in seconds
    # (common/tasks.py) and the sweepers pick the work up later.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = "UTC"
# A task that no sweeper redoes is kept in the database until it has run; if it has not run
# this long after it was sent, its message is taken as lost and sent again (common/tasks.py).
DEFERRED_TASK_GRACE_SECONDS = env.int("DEFERRED_TASK_GRACE_SECONDS", default=30 * 60)
# Sent again at most this many times (a worker that is down, not a lost message, would
# otherwise collect copies); the tasks' own at-most-once records make copies harmless.
DEFERRED_TASK_MAX_RESENDS = 3

# --- Periodic jobs (Celery beat runs them in production; `run_periodic_tasks` locally) --------
# `run_periodic_tasks` logs a failing task and goes on with the others; the tests set this so a
# task's exception fails the test that ran it instead of hiding in a log.
PERIODIC_TASKS_RAISE = env.bool("PERIODIC_TASKS_RAISE", default=False)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Task messages the broker could not take during an outage (common/tasks.py).
    "common-send-deferred-tasks": {
        "task": "accounts.tasks.send_deferred_tasks",
        "schedule": timedelta(minutes=1),
    },
    "accounts-clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=6),
    },
    # Badge art (credentials/tasks.py): draw what a lost message or an older release left out.
    "credentials-badge-art-sweep": {
        "task": "credentials.tasks.badge_art_sweep",
        "schedule": timedelta(minutes=15),
    },
    # Evidence uploads: re-enqueue stuck processing, fail abandoned uploads (submissions/tasks.py).
    "submissions-artifacts-sweep": {
        "task": "submissions.tasks.artifacts_sweep",
        "schedule": timedelta(minutes=5),
    },
    # Stuck processing alone (no storage calls), every minute: with the heartbeat below, a
    # killed worker's file is queued again within EVIDENCE_PROCESSING_SILENT_SECONDS + 1 minute.
    "submissions-processing-sweep": {
        "task": "submissions.tasks.artifacts_sweep",
        "schedule": timedelta(minutes=1),
        "kwargs": {"uploads": False},
    },
    # Evidence retention: warn, then delete evidence a year after the decision.
    "submissions-evidence-retention": {
        "task": "submissions.tasks.evidence_retention",
        "schedule": timedelta(hours=6),
    },
    # Reviews (reviews/tasks.py): expired claims go back to the queue; opted-in reviewers get a
    # daily digest of the queue; issuer staff hear daily about submissions waiting past their
    # turnaround target.
    "reviews-expire-claims": {
        "task": "reviews.tasks.expire_claims",
        "schedule": timedelta(minutes=10),
    },
    "reviews-daily-digest": {
        "task": "reviews.tasks.send_daily_digests",
        "schedule": timedelta(hours=24),
    },
    "reviews-overdue-alerts": {
        "task": "reviews.tasks.send_overdue_alerts",
        "schedule": timedelta(hours=24),
    },
    # Issue what a lost message left undone: badges of passed submissions, stack badges,
    # emails (badges/tasks.py).
    "badges-sweep": {
        "task": "badges.tasks.badges_sweep",
        "schedule": timedelta(minutes=5),
    },
    # Cohort discussion: one email a day of unseen mentions for people who chose the digest.
    "community-mention-digests": {
        "task": "community.tasks.send_mention_digests",
        "schedule": timedelta(hours=24),
    },
    # Expiring badges: one "renew it" email when the renewal opens.
    "badges-renewal-reminders": {
        "task": "badges.tasks.send_renewal_reminders",
        "schedule": timedelta(hours=6),
    },
    # Re-enqueue confirmed roster imports whose apply message was lost (rosters/tasks.py).
    "organizations-roster-imports-sweep": {
        "task": "organizations.tasks.roster_imports_sweep",
        "schedule": timedelta(minutes=5),
    },
    # Re-enqueue webhook deliveries a lost message left pending.
    "organizations-webhooks-sweep": {
        "task": "organizations.tasks.webhooks_sweep",
        "schedule": timedelta(minutes=2),
    },
}

# --- The API (common/api/, docs/decisions/0010-api-conventions.md) ----------------------------
# JSON only, page pagination, JSON errors, and a rate limit per token, user or IP. Throttle
# counters live in the default cache: per process here (locmem), shared by every worker in
# production (Redis).
# The largest JSON body the API reads (DRF reads bodies itself, so Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE does not apply): larger ones answer 413 (common/api/parsers.py).
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.TokenAuthentication",
        "integrations.api.authentication.OrganizationKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: errors are never an HTML page (the interactive docs live at /api/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bounded in size and nesting, with finite numbers only; forms and uploads as DRF's.
    "DEFAULT_PARSER_CLASSES": [
        "common.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "common.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["common.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "authenticated": env("API_RATE_AUTHENTICATED", default="600/min"),
        "anonymous": env("API_RATE_ANONYMOUS", default="60/min"),
    },
    # The proxies in front of the app (TRUSTED_PROXY_COUNT, above) decide the client address.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Micro-credentials API",
    "DESCRIPTION": "Catalog, submissions, reviews, badges and organization progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI would otherwise send our schema URL to an external validator.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    # Swagger UI and Redoc from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get a stable, readable component name.
    "ENUM_NAME_OVERRIDES": {
        "CatalogStatusEnum": "credentials.models.MicroCredential.Status",
        "VersionStatusEnum": "credentials.models.MicroCredentialVersion.Status",
        "RequirementKindEnum": "credentials.models.EvidenceRequirement.Kind",
        "RecognitionBodyKindEnum": "recognition.models.RecognitionBody.Kind",
    },
}

# --- Security headers and CSRF (production adds HTTPS-only settings) -------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default.
CSRF_FAILURE_VIEW = "common.views.csrf_failure"


def content_security_policy(evidence_endpoint: str | None = None) -> str:
    """The CSP; browsers upload to and play evidence from the S3 endpoint, so its origin is
    allowed too (an https endpoint is already covered by `https:`, a local http one is not)."""
    extra = ""
    if evidence_endpoint:
        parts = urlsplit(evidence_endpoint)
        extra = f" {parts.scheme}://{parts.netloc}"
    return (
        f"default-src 'self'; img-src 'self' data: blob: https:{extra}; "
        f"media-src 'self' blob: https:{extra}; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; "
        f"connect-src 'self' https:{extra}; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )


CONTENT_SECURITY_POLICY = content_security_policy()

# --- Logging: one line per record on stdout/stderr --------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Cohort discussion (community/attachments.py) ---------------------------------------------
# Size limit of one image or PDF attached to a post.
COMMUNITY_ATTACHMENT_MAX_MB = env.int("COMMUNITY_ATTACHMENT_MAX_MB", default=10)

# --- Evidence uploads (submissions/artifacts.py, uploads.py, tasks.py) ---------------------
# Lifetime of links that open evidence (presigned GETs, signed local download URLs).
EVIDENCE_LINK_SECONDS = env.int("EVIDENCE_LINK_SECONDS", default=300)
# Lifetime of one signed upload request: long enough for one part on slow school Wi-Fi.
EVIDENCE_UPLOAD_SIGN_SECONDS = env.int("EVIDENCE_UPLOAD_SIGN_SECONDS", default=900)
# Size limit for a requirement that names none.
EVIDENCE_DEFAULT_MAX_MB = env.int("EVIDENCE_DEFAULT_MAX_MB", default=5 * 1024)
# An upload with no activity for this long is marked failed and its parts are discarded.
EVIDENCE_UPLOAD_ABANDON_HOURS = env.int("EVIDENCE_UPLOAD_ABANDON_HOURS", default=7 * 24)
# Processing: retries when storage is unreachable (exponential backoff from BASE, capped).
EVIDENCE_PROCESSING_MAX_RETRIES = env.int("EVIDENCE_PROCESSING_MAX_RETRIES", default=6)
EVIDENCE_PROCESSING_RETRY_BASE_SECONDS = env.int(
    "EVIDENCE_PROCESSING_RETRY_BASE_SECONDS", default=30
)
EVIDENCE_PROCESSING_RETRY_MAX_SECONDS = env.int(
    "EVIDENCE_PROCESSING_RETRY_MAX_SECONDS", default=600
)
# Runs of one artifact (worker crashes included) before it is failed as unprocessable.
EVIDENCE_PROCESSING_MAX_ATTEMPTS = env.int("EVIDENCE_PROCESSING_MAX_ATTEMPTS", default=5)
# Reads of a file whose bytes do not match storage's checksum before it is failed with a reason.
EVIDENCE_PROCESSING_CHECKSUM_TRIES = 3
# Time limits of one processing run (a long classroom video needs a real transcode). The hard
# limit stays below the broker's visibility timeout, or Redis would hand the work out twice.
EVIDENCE_PROCESSING_SOFT_TIME_LIMIT = env.int(
    "EVIDENCE_PROCESSING_SOFT_TIME_LIMIT", default=50 * 60
)
EVIDENCE_PROCESSING_TIME_LIMIT = env.int("EVIDENCE_PROCESSING_TIME_LIMIT", default=55 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = EVIDENCE_PROCESSING_TIME_LIMIT + 5 * 60
# A run touches its artifact this often; one silent this long lost its worker (killed, the
# machine went away) and is queued again by the sweeper, or by the educator's Retry.
EVIDENCE_PROCESSING_HEARTBEAT_SECONDS = env.int("EVIDENCE_PROCESSING_HEARTBEAT_SECONDS", default=30)
EVIDENCE_PROCESSING_SILENT_SECONDS = env.int(
    "EVIDENCE_PROCESSING_SILENT_SECONDS", default=4 * EVIDENCE_PROCESSING_HEARTBEAT_SECONDS
)
# A message waiting this long without a run is taken as lost (past the hard time limit).
EVIDENCE_PROCESSING_STALE_SECONDS = env.int(
    "EVIDENCE_PROCESSING_STALE_SECONDS", default=EVIDENCE_PROCESSING_TIME_LIMIT + 300
)
# CPU priority (nice, 0-19) of the media worker and of every ffmpeg/ffprobe: transcodes yield
# the cores to badges, email and pages (common/cpu_priority.py). 0 turns it off.
EVIDENCE_PROCESSING_NICE = env.int("EVIDENCE_PROCESSING_NICE", default=10)
# ffmpeg: empty means imageio-ffmpeg's pinned binary, else Debian's /usr/bin/ffmpeg.
EVIDENCE_FFMPEG_BINARY = env("EVIDENCE_FFMPEG_BINARY", default="")
# Zip-based documents (DOCX, ODT...): refuse archives that would expand beyond this.
EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB = env.int("EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB", default=1024)
# Retention: evidence is deleted this long after the decision, after a warning email.
EVIDENCE_RETENTION_DAYS = env.int("EVIDENCE_RETENTION_DAYS", default=365)
EVIDENCE_RETENTION_WARNING_DAYS = env.int("EVIDENCE_RETENTION_WARNING_DAYS", default=30)

# --- Badges (badges/conf.py reads them; .env.example describes those from the environment) ----
# The issuer contact email when the organization has none (empty: DEFAULT_FROM_EMAIL's address).
BADGES_CONTACT_EMAIL = env("BADGES_CONTACT_EMAIL", default="")
# Upload cap on the verification page: a baked badge image is tens of kilobytes.
BADGES_VERIFY_MAX_UPLOAD_BYTES = env.int("BADGES_VERIFY_MAX_UPLOAD_BYTES", default=2 * 1024 * 1024)
# Verification checks per client address per minute (a person checks a handful).
BADGES_VERIFY_RATE_PER_MINUTE = 30
# An expiring badge can be renewed (and its educator is reminded) this many days before expiry.
BADGES_RENEWAL_WINDOW_DAYS = env.int("BADGES_RENEWAL_WINDOW_DAYS", default=90)
# Issue-task retries on transient failures (database, storage): exponential backoff, capped.
BADGES_ISSUE_MAX_RETRIES = 8
BADGES_ISSUE_RETRY_BASE_SECONDS = 5
BADGES_ISSUE_RETRY_MAX_SECONDS = 600
# The sweeper leaves a fresh decision to its own on_commit task for this long first.
BADGES_SWEEP_GRACE_SECONDS = 120
# Issuer signing keys from a secrets manager (issuer slug -> multibase secret key); an issuer
# without one gets a key generated and stored, encrypted, in the database (badges/keys.py).
BADGES_ISSUER_KEYS: dict[str, str] = {}

# --- Webhooks (integrations/webhooks.py, tasks.py) ----------------------------------------
# Deliveries never go to private, loopback, link-local or reserved addresses unless this is
# set (local and test settings set it so a receiver on 127.0.0.1 works).
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=False)
# Signed payloads with staff progress: https only, unless a local receiver needs plain http.
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=True)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=8)
WEBHOOKS_RETRY_BASE_SECONDS = env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=30)
WEBHOOKS_RETRY_MAX_SECONDS = env.int("WEBHOOKS_RETRY_MAX_SECONDS", default=30 * 60)
WEBHOOKS_CONNECT_TIMEOUT_SECONDS = env.float("WEBHOOKS_CONNECT_TIMEOUT_SECONDS", default=3.0)
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=5.0)

# --- Demo data and accounts -------------------------------------------------------------------
# Only `seed_demo` reads these; production refuses to seed (the password is published).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-pass-2026")
DEMO_SEED_ALLOWED = True
