"""Liveness and readiness endpoints for load balancers and orchestrators."""

import functools
import logging
from typing import Any

import redis
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.storage import s3_client_for

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the process is up; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker_configured() -> bool:
    url = settings.CELERY_BROKER_URL
    return bool(url) and not url.startswith("memory://") and not settings.CELERY_TASK_ALWAYS_EAGER


def _check_broker() -> None:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
    )
    try:
        client.ping()
    finally:
        client.close()


@functools.cache
def _storage_probe_client() -> Any:
    """One S3 client for the probe: a single try with short timeouts, so that /readyz answers
    503 within an orchestrator's probe timeout instead of waiting out botocore's retries."""
    return s3_client_for("default", connect_timeout=2, read_timeout=2, retries={"max_attempts": 1})


def _check_storage() -> None:
    if settings.USE_S3:
        # A HEAD on the evidence bucket: cheap, and it fails when storage is down.
        bucket = settings.STORAGES["default"]["OPTIONS"]["bucket_name"]
        _storage_probe_client().head_bucket(Bucket=bucket)
    else:
        storages["default"].exists("readyz-probe")  # a stat on disk


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker (where configured) and storage answer; else 503."""
    checks = {"database": _check_database, "storage": _check_storage}
    if _broker_configured():
        checks["broker"] = _check_broker
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure of a dependency means "not ready"
            logger.warning("readyz: %s failed: %s", name, exc)
            results[name] = f"failed: {type(exc).__name__}"
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "ok" if not failed else "unavailable", "checks": results, "failed": failed}
    return JsonResponse(body, status=200 if not failed else 503)
