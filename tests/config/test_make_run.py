"""The embedded default, as `make run` runs it: a fresh SQLite file and local media in a temp
dir, migrate, seed the demo with its history, then scripts/run.sh (runserver and the in-process
beat) on a free port. A visitor sees the home page and the catalog, and a demo educator signs in.
"""

import os
import re
import signal
import subprocess
import sys

import requests

from tests.support.servers import ROOT, free_port, wait_for

DEMO_PASSWORD = "demo-pass-2026"


def _embedded_env(tmp_path, port: int) -> dict[str, str]:
    # Nothing of the test run's services: what a fresh machine has, and the temp dir.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE", "CELERY_", "TEST_", "CACHE", "DJANGO_", "S3_"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }


def _manage(env, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr[-3000:]}"


def test_make_run_serves_the_demo_from_a_fresh_sqlite_file(tmp_path):
    port = free_port()
    env = _embedded_env(tmp_path, port)
    # The same steps as the Makefile's `run` target, in its order.
    _manage(env, "migrate", "--noinput")
    _manage(env, "resign_credentials")
    _manage(env, "seed_demo", "--with-activity")
    log = (tmp_path / "run.log").open("wb")
    server = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: runserver's child and the beat go too
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", timeout=60)
        visitor = requests.Session()
        home = visitor.get(base + "/", timeout=30)
        assert home.status_code == 200
        catalog = visitor.get(base + "/catalog/", timeout=30)
        assert catalog.status_code == 200
        titles = re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', catalog.text)
        assert len(titles) >= 24  # the demo catalog

        educator = requests.Session()
        form = educator.get(base + "/accounts/login/", timeout=30)
        signed_in = educator.post(
            base + "/accounts/login/",
            data={
                "login": "educator@example.com",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": educator.cookies["csrftoken"],
            },
            headers={"Referer": form.url},
            timeout=30,
        )
        assert signed_in.status_code == 200 and "sessionid" in educator.cookies
        assert "Welcome, Maria" in educator.get(base + "/", timeout=30).text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
        log.close()
