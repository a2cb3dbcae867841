"""Cached sessions (accounts/sessions.py) against the real Redis: read from the cache, kept in
PostgreSQL, ended everywhere on sign-out, and never an error when Redis is away."""

import logging
import os
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches

from accounts.sessions import ENDED, SessionStore
from tests.support.factories import PASSWORD
from tests.support.servers import free_port

pytestmark = pytest.mark.django_db

PAGE = "/catalog/"


def _redis_cache(url: str) -> dict:
    return {
        "BACKEND": "common.cache.RedisCache",  # production's backend and timeouts
        "LOCATION": url,
        "KEY_PREFIX": f"test-sessions-{uuid.uuid4().hex}",  # this test's keys only
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


@pytest.fixture
def redis_broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")  # this run's database


@pytest.fixture
def cached_sessions(settings, redis_broker_url):
    settings.CACHES = {**settings.CACHES, "default": _redis_cache(redis_broker_url)}
    settings.SESSION_ENGINE = "accounts.sessions"
    yield caches["default"]
    _forget(settings.CACHES["default"])


@pytest.fixture
def redis_away(settings):
    """The cache points at a port nothing listens on: every cache call fails."""
    settings.CACHES = {
        **settings.CACHES,
        "default": _redis_cache(f"redis://127.0.0.1:{free_port()}/0"),
    }
    settings.SESSION_ENGINE = "accounts.sessions"


def _forget(cache: dict) -> None:
    """Delete this test's keys (not clear(): that would empty the run's whole Redis database)."""
    import redis

    client = redis.Redis.from_url(cache["LOCATION"])
    keys = list(client.scan_iter(match=f"{cache['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


def _sign_in(client, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def test_the_production_settings_choose_cached_sessions_only_for_a_shared_cache():
    from config.settings.base import session_engine

    assert session_engine({"BACKEND": "common.cache.RedisCache"}) == "accounts.sessions"
    assert session_engine({"BACKEND": "django.core.cache.backends.redis.RedisCache"}) == (
        "accounts.sessions"
    )
    # A per-process cache could not end a session in the other processes.
    local = session_engine({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})
    assert local == "django.contrib.sessions.backends.db"


def test_a_session_is_kept_in_the_database_and_read_from_the_cache(
    cached_sessions, django_assert_num_queries
):
    store = SessionStore()
    store["step"] = 1
    store.create()
    assert Session.objects.filter(session_key=store.session_key).exists()  # the record
    assert cached_sessions.get(store.cache_key) == {"step": 1}

    with django_assert_num_queries(0):
        assert SessionStore(store.session_key)["step"] == 1

    cached_sessions.delete(store.cache_key)  # evicted, or expired in the cache
    with django_assert_num_queries(1):
        assert SessionStore(store.session_key)["step"] == 1
    assert cached_sessions.get(store.cache_key) == {"step": 1}  # filled again


def test_the_cached_copy_lives_at_most_session_cache_seconds(cached_sessions, settings):
    import redis

    settings.SESSION_CACHE_SECONDS = 120
    store = SessionStore()
    store["step"] = 1
    store.create()
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    ttl = client.ttl(cached_sessions.make_key(store.cache_key))
    assert 0 < ttl <= 120  # the session itself lasts two weeks


def test_signing_out_ends_the_session_everywhere(client, cast, cached_sessions):
    _sign_in(client, cast.educator)
    key = client.cookies["sessionid"].value
    assert client.get("/submissions/").status_code == 200
    assert cached_sessions.get(SessionStore.cache_key_prefix + key) is not None

    client.post("/accounts/logout/")
    assert cached_sessions.get(SessionStore.cache_key_prefix + key) == ENDED  # no copy left
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed
    response = client.get("/submissions/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_read_racing_a_sign_out_does_not_put_the_session_back(cached_sessions):
    """A request read the row from PostgreSQL (its cached copy had expired), then another
    signed out before that request filled the cache: the ended session must stay ended."""
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    key = store.session_key
    cached_sessions.delete(store.cache_key)  # the short-lived copy has expired

    other_tab = SessionStore(key)
    read_row = other_tab._get_session_from_db

    def read_then_signed_out_elsewhere():  # type: ignore[no-untyped-def]
        row = read_row()
        SessionStore(key).delete()  # the sign-out commits in between
        return row

    other_tab._get_session_from_db = read_then_signed_out_elsewhere  # type: ignore[method-assign]
    assert other_tab["_auth_user_id"] == "1"  # that request had read it before the sign-out
    assert not Session.objects.filter(session_key=key).exists()
    replayed = SessionStore(key)
    assert replayed.load() == {} and replayed.session_key is None


def test_a_signed_in_page_spares_the_session_query(cast, settings, redis_broker_url):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def queries() -> list[str]:
        client = Client()  # a new client: the session middleware picks the engine up
        _sign_in(client, cast.educator)
        client.get(PAGE)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    from_database = queries()
    settings.CACHES = {**settings.CACHES, "default": _redis_cache(redis_broker_url)}
    settings.SESSION_ENGINE = "accounts.sessions"
    from_cache = queries()
    _forget(settings.CACHES["default"])
    assert any("django_session" in sql for sql in from_database)
    assert not any("django_session" in sql for sql in from_cache)
    assert len(from_cache) == len(from_database) - 1


def test_with_redis_away_people_stay_signed_in_and_sign_out(client, cast, redis_away, caplog):
    # Signing in itself waits for Redis (its attempt limits count there: tests/faults); a
    # session that exists, or one made without the form, works from the database alone.
    caplog.set_level(logging.WARNING, logger="accounts.sessions")
    client.force_login(cast.educator)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    page = client.get("/submissions/")
    assert page.status_code == 200 and cast.educator.display_name in page.content.decode()

    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key
    assert client.get("/submissions/").status_code == 302
    assert "Session cache unavailable" in caplog.text


def test_with_redis_away_the_store_uses_the_database_alone(redis_away):
    store = SessionStore()
    store["step"] = 1
    store.create()  # exists() asks the database
    assert SessionStore(store.session_key)["step"] == 1
    assert SessionStore().exists(store.session_key)
    store.delete()
    assert SessionStore(store.session_key).load() == {}
