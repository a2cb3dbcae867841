"""Production settings refuse bad configuration and pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest

from tests.support.servers import ROOT

GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "p" * 20 + "Zq8#kLm2@vN5$wR7^tY1&uI4*oP6(aS9)dF3",
    "DJANGO_ALLOWED_HOSTS": "credentials.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "S3_BUCKET": "evidence",
    "S3_PUBLIC_BUCKET": "public",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9",
}


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))}
    base.pop("DATABASE_URL", None)
    base.pop("CELERY_BROKER_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "S3_BUCKET", "CELERY_BROKER_URL"],
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = run_manage(env, "check")
    assert result.returncode != 0
    assert "refuse to start" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage({**GOOD_ENV, "DJANGO_SECRET_KEY": "django-insecure-short"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_sqlite():
    result = run_manage({**GOOD_ENV, "DATABASE_URL": "sqlite:///tmp.db"}, "check")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = run_manage(GOOD_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_demo_seed():
    result = run_manage(GOOD_ENV, "seed_demo")
    assert result.returncode != 0
    assert "disabled" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, "0 0 0"), ({"TRUSTED_PROXY_COUNT": "1"}, "1 1 1"), ({"API_NUM_PROXIES": "2"}, "2 2 2")],
)
def test_one_setting_says_how_many_proxies_every_client_address_trusts(env, expected):
    # Our rate limiter, allauth's login limits and DRF's throttles read the same count.
    script = (
        "from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, "
        "s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    result = run_manage({**GOOD_ENV, **env}, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
