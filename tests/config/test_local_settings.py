"""The embedded default (`make run`, config.settings.local) is safe to show: DEBUG is off unless
DJANGO_DEBUG=1, a missing page is our 404 (no URL patterns listed), static files still load."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh process: settings are read once per process.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
css = client.get("/static/css/app.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing_status": missing.status_code,
    "missing_body": missing.content.decode(),
    "css_status": css.status_code,
}))
"""


def _probe(tmp_path: Path, **extra: str) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'local.sqlite3'}",
        **extra,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_missing_page_shows_our_404_and_no_url_patterns(tmp_path: Path) -> None:
    seen = _probe(tmp_path)
    assert seen["debug"] is False
    assert seen["missing_status"] == 404
    body = str(seen["missing_body"])
    assert "Page not found" in body and "Go to the home page" in body
    assert "URLconf" not in body and "api/v1/" not in body and "admin/" not in body


def test_static_files_are_still_served_with_debug_off(tmp_path: Path) -> None:
    assert _probe(tmp_path)["css_status"] == 200


def test_debug_is_there_when_asked_for(tmp_path: Path) -> None:
    # Control: the probe does see the setting (and Django's debug page lists the patterns).
    seen = _probe(tmp_path, DJANGO_DEBUG="1")
    assert seen["debug"] is True and "URLconf" in str(seen["missing_body"])
