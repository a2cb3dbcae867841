"""Settings for the test suite: PostgreSQL, and Redis/S3 where a test asks for them."""

from datetime import timedelta

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# PostgreSQL, without prepared statements. Fault tests (tests/faults/) keep connections as in
# production (DATABASE_CONN_MAX_AGE). A worker subprocess of the artifact tests must see the
# rows the test committed: DATABASE_NAME_OVERRIDE points it at the pytest database itself.
_database = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/microcred")
DATABASES = {
    "default": {
        **_database,
        "ENGINE": "common.postgresql",  # as in production (config/settings/base.py)
        "NAME": env("DATABASE_NAME_OVERRIDE", default="") or _database["NAME"],
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": env("TEST_DATABASE_NAME", default="test_microcred")},
    }
}
# A second database on the same server stands in for a read replica (tests/reporting/
# test_replica.py): created only for the tests that ask for it, and read from only where a test
# turns REPORTING_READS_FROM_REPLICA on.
DATABASES["replica"] = {
    **DATABASES["default"],
    "TEST": {"NAME": env("TEST_DATABASE_NAME", default="test_microcred") + "_replica"},
}
REPORTING_READS_FROM_REPLICA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by a test writes its emails where the test can read them.
if env("TEST_EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("TEST_EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Evidence uploads: the artifact tests start real workers that select non-eager tasks, the
# pytest database and S3 through the environment (see tests/submissions/conftest.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
ACCOUNT_EMAIL_VERIFICATION = "optional"
# `run_periodic_tasks` raises a task's exception here instead of logging it.
PERIODIC_TASKS_RAISE = env.bool("PERIODIC_TASKS_RAISE", default=True)
# Webhook receivers on this machine (127.0.0.1) are allowed here, never in production.
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=True)
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=False)  # receivers on loopback
# Sign-in providers and DNS run on this machine in the tests (tests/support/sso.py).
SSO_ALLOW_INSECURE_URLS = env.bool("SSO_ALLOW_INSECURE_URLS", default=True)
SSO_ALLOW_PRIVATE_ADDRESSES = env.bool("SSO_ALLOW_PRIVATE_ADDRESSES", default=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# WhiteNoise would scan a collected staticfiles/ (left by stack tests) for every test client it
# starts, about a second each; looking files up per request costs nothing measurable here.
WHITENOISE_AUTOREFRESH = True
# One directory per pytest-xdist worker (the processes a test starts inherit the variable).
MEDIA_ROOT = BASE_DIR / ".test-media" / env("PYTEST_XDIST_WORKER", default="main")  # noqa: F405

# Fault tests (tests/faults/): a short visibility timeout so that Redis hands a killed worker's
# unacknowledged task out again within the test.
if env("TEST_VISIBILITY_TIMEOUT", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "visibility_timeout": env.int("TEST_VISIBILITY_TIMEOUT"),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
# Real beat in a test (tests/submissions/test_beat.py): only the named schedule entries, each
# every TEST_BEAT_SECONDS, so a sweep comes within the test and nothing else is sent.
if env("TEST_BEAT_ONLY", default=""):
    CELERY_BEAT_SCHEDULE = {
        name: {**entry, "schedule": timedelta(seconds=env.int("TEST_BEAT_SECONDS", default=2))}
        for name, entry in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
        if name in env.list("TEST_BEAT_ONLY")
    }
# Evidence uploads: the artifact tests' worker subprocesses select the moto S3 server by env.
if env.bool("TEST_USE_S3", default=False):
    from botocore.config import Config

    USE_S3 = True
    _test_s3 = {
        "endpoint_url": env("TEST_S3_ENDPOINT_URL"),
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        # One try per call: the processing task owns retries (and a test of an unreachable S3
        # need not wait out botocore's own backoff).
        "client_config": Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            # moto reports a multipart object's checksum wrongly (production.py, S3_CHECKSUMS).
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 1, "mode": "standard"},
            connect_timeout=2,
        ),
    }
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_test_s3, "bucket_name": env("TEST_S3_BUCKET"), "file_overwrite": False},
    }
    STORAGES["public"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_test_s3,
            "bucket_name": env("TEST_S3_PUBLIC_BUCKET"),
            "querystring_auth": False,
        },
    }
    S3_BROWSER_ENDPOINT_URL = env("TEST_S3_ENDPOINT_URL")
    CONTENT_SECURITY_POLICY = content_security_policy(S3_BROWSER_ENDPOINT_URL)  # noqa: F405
else:
    STORAGES["default"]["OPTIONS"] = {"location": str(MEDIA_ROOT / "private")}  # noqa: F405
    # The same URL as local and base settings: config/urls.py serves /media/public/ (badge art).
    STORAGES["public"]["OPTIONS"] = {  # noqa: F405
        "location": str(MEDIA_ROOT / "public"),
        "base_url": "/media/public/",
    }
