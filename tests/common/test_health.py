"""/healthz and /readyz, in process and against real servers with a dependency down."""

import json

import pytest

from tests.config.test_settings import GOOD_ENV
from tests.support.servers import free_port, get, gunicorn


def test_healthz_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_answers_200_when_database_and_storage_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok"}


def _production_env(s3_endpoint: str, buckets: dict[str, str], **overrides: str) -> dict[str, str]:
    return {
        **GOOD_ENV,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": buckets["private"],
        "S3_PUBLIC_BUCKET": buckets["public"],
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "DJANGO_ALLOWED_HOSTS": "credentials.example.org",
        **overrides,
    }


HOST = {"Host": "credentials.example.org"}


@pytest.mark.s3
def test_readyz_under_production_settings_with_every_service_up(s3_endpoint, s3_buckets):
    with gunicorn(_production_env(s3_endpoint, s3_buckets)) as base:
        status, body = get(base + "/readyz", HOST)
    assert status == 200, body
    assert json.loads(body)["checks"] == {"database": "ok", "storage": "ok", "broker": "ok"}


@pytest.mark.s3
@pytest.mark.parametrize(
    ("failing", "override"),
    [
        ("database", "DATABASE_URL"),
        ("broker", "CELERY_BROKER_URL"),
        ("storage", "S3_ENDPOINT_URL"),
    ],
)
def test_readyz_answers_503_naming_what_is_down(s3_endpoint, s3_buckets, failing, override):
    dead = free_port()  # nothing listens here
    urls = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/postgres",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{dead}/0",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{dead}",
    }
    env = _production_env(s3_endpoint, s3_buckets, **{override: urls[override]})
    with gunicorn(env) as base:
        live_status, _ = get(base + "/healthz", HOST)
        status, body = get(base + "/readyz", HOST)
    assert live_status == 200  # the process is up even when a dependency is not
    assert status == 503
    payload = json.loads(body)
    assert payload["failed"] == [failing]
    assert payload["checks"][failing].startswith("failed")
