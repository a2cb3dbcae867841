"""common.cache.RedisCache against the real Redis: Django's behaviour, one client per server."""

import os
import uuid

import pytest

from common.cache import RedisCache
from tests.config.test_settings import GOOD_ENV, run_manage


@pytest.fixture
def redis_cache():
    # The test run's own Redis database (the broker's URL names it), keys unique to this test.
    url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    cache = RedisCache(url, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_reads_and_writes_like_djangos_backend(redis_cache):
    assert redis_cache.get("a") is None
    redis_cache.set("a", {"nested": [1, "two"]}, 30)
    assert redis_cache.get("a") == {"nested": [1, "two"]}
    assert redis_cache.add("a", "other", 30) is False
    assert redis_cache.add("b", "new", 30) is True
    assert redis_cache.get_many(["a", "b"]) == {"a": {"nested": [1, "two"]}, "b": "new"}
    redis_cache.set("n", 1, 30)
    assert redis_cache.incr("n") == 2
    assert redis_cache.delete("a") is True
    assert redis_cache.get("a", "gone") == "gone"


def test_one_client_object_serves_every_call(redis_cache):
    backend = redis_cache._cache
    first = backend.get_client("a")
    assert backend.get_client("b") is first
    assert backend.get_client(write=True) is first  # a single server: reads and writes share it


def test_production_settings_use_it():
    # Production's cache is Redis through this backend, with the short socket timeouts.
    code = (
        "from django.conf import settings; c = settings.CACHES; "
        "print(c['default']['BACKEND'], c['default']['OPTIONS']['socket_timeout'], "
        "c['fragments']['BACKEND'])"
    )
    result = run_manage(GOOD_ENV, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "common.cache.RedisCache",
        "1",
        "django.core.cache.backends.locmem.LocMemCache",
    ]
