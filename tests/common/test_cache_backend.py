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


# --- Rate-limit counters while Redis is away ------------------------------------------------


@pytest.fixture
def unreachable_cache():
    """The backend pointed at a port where no Redis answers (connections are refused)."""
    from tests.support.servers import free_port

    return RedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


def test_rate_limit_counters_count_in_this_process_while_redis_is_away(unreachable_cache):
    from common import ratelimit

    # Ours, DRF's throttles and allauth's limits all keep working, and still limit.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ratelimit, "cache", unreachable_cache)
        answers = [ratelimit.rate_limit_hit("t", "ip", limit=3, window_seconds=60) for _ in "1234"]
    assert answers[:3] == [None, None, None]
    assert answers[3] is not None and answers[3] > 0
    assert unreachable_cache.add("throttle_anonymous_ip-1", [1.0], 60) is True
    assert unreachable_cache.get("throttle_anonymous_ip-1") == [1.0]
    unreachable_cache.set("allauth:rl:allauth.account:login_failed:ip:1", [2.0], 60)
    assert unreachable_cache.get("allauth:rl:allauth.account:login_failed:ip:1") == [2.0]
    assert unreachable_cache.delete("allauth:rl:allauth.account:login_failed:ip:1") is True


def test_other_keys_still_say_that_redis_is_away(unreachable_cache):
    import redis.exceptions

    # A per-process copy of a session, a role or a generation would be stale elsewhere.
    with pytest.raises(redis.exceptions.ConnectionError):
        unreachable_cache.get("django.contrib.sessions.cache:abc")
    with pytest.raises(redis.exceptions.ConnectionError):
        unreachable_cache.set("catalog:generation", "x", 60)


def test_counters_are_shared_through_redis_while_it_answers(redis_cache):
    # Another process's backend (another instance, same Redis) sees the same count.
    other = RedisCache(redis_cache._servers[0], {"KEY_PREFIX": redis_cache.key_prefix})
    assert redis_cache.add("ratelimit:t:ip:1", 0, 30) is True
    assert redis_cache.incr("ratelimit:t:ip:1") == 1
    assert other.incr("ratelimit:t:ip:1") == 2
    assert redis_cache.local_counters.get("ratelimit:t:ip:1") is None
    redis_cache.delete("ratelimit:t:ip:1")
