"""Fixtures every directory shares: the fixed cast, a clean cache, Chromium, S3 and evidence
storage. What they build lives in tests/support/."""

import pytest
from django.core.cache import caches

from tests.support import browser as browsers
from tests.support.cast import Cast, make_cast
from tests.support.requirements import require_binary
from tests.support.storage import S3, s3_client, s3_options, use_local_media

# Test files that must never run at the same time on two test workers (scripts/test.sh runs
# the suite on several, `--dist loadgroup`): both start the production topology, which collects
# the static files into one staticfiles/ and logs under one test-artifacts/stack/.
RUN_APART = {"tests/config/test_stack.py": "stack", "tests/e2e/test_journeys.py": "stack"}


def pytest_collection_modifyitems(config, items):
    """Each test file goes to one worker whole (its module fixtures are set up once), and the
    files of RUN_APART's groups go to one worker together, one after the other."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(RUN_APART.get(path, path)))


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; one test's failures must not leak into the next
    # (nor one test's catalog into the next's fragment cache).
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    require_binary(browsers.CHROMIUM, "apt-get install chromium (`make test` installs it)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=browsers.CHROMIUM, headless=True, args=browsers.CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    # Reduced motion: Bootstrap then skips its transitions, so axe never measures a button's
    # colours halfway through one (a contrast finding that came and went under load).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def s3_endpoint():
    """The moto S3 server of this run (started by scripts/test.sh, or here when run alone)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.support.servers import free_port, wait_for

    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if url:
        yield url
        return
    port = free_port()
    process = subprocess.Popen(
        # Our virtualenv's pinned moto, not whichever `moto_server` PATH finds first.
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/moto-api/")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_buckets(s3_endpoint):
    """Fresh evidence and public buckets on the S3 server; yields their names."""
    import uuid

    client = s3_client(s3_endpoint)
    suffix = uuid.uuid4().hex[:10]
    names = {"private": f"evidence-{suffix}", "public": f"public-{suffix}"}
    for name in names.values():
        client.create_bucket(Bucket=name)
    return names


# Every credential the session signs is verified again by an independent verifier at its end.
from tests.interop.sweep import verify_everything_signed  # noqa: E402, F401


@pytest.fixture
def local_media(settings, tmp_path):
    return use_local_media(settings, tmp_path / "media")


@pytest.fixture
def s3_media(settings, s3_endpoint, s3_buckets):
    """Evidence on the moto S3 server, in fresh buckets; browsers use the same endpoint."""
    settings.USE_S3 = True
    settings.S3_BROWSER_ENDPOINT_URL = s3_endpoint
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint, s3_buckets["private"]),
        },
        "public": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint, s3_buckets["public"], querystring_auth=False),
        },
    }
    return S3(s3_endpoint, s3_buckets["private"], s3_buckets["public"], s3_client(s3_endpoint))
