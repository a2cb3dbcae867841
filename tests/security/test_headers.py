"""Security headers on every kind of response (an HTML page, an API response, a file
download, an error page), and HTTPS-only behaviour with the production settings.

`manage.py check --deploy --fail-level WARNING` with production settings is proved clean by
tests/config/test_settings.py::test_check_deploy_is_clean_in_production (not repeated here)."""

import re
import urllib.request
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.config.test_settings import GOOD_ENV
from tests.support.security import World
from tests.support.servers import gunicorn

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def _assert_hardened(headers: Any, where: str) -> None:
    policy = _directives(headers["Content-Security-Policy"])
    scripts = policy.get("script-src") or policy.get("default-src")
    assert scripts is not None, where
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert "*" not in scripts and "data:" not in scripts, where
    framed = headers.get("X-Frame-Options") == "DENY" or policy.get("frame-ancestors") == ["'none'"]
    assert framed, where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer"), where


def test_an_html_page(client: Client) -> None:
    response = client.get(reverse("credentials:catalog"))
    _assert_hardened(response, "catalog page")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY"
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_pages_carry_no_inline_script_the_policy_would_block(world: World) -> None:
    # With script-src 'self', an inline script or handler would silently break the page.
    client = Client()
    client.force_login(world.cast.educator)
    html = client.get(reverse("submissions:detail", args=[world.draft.public_id])).content
    assert not re.search(rb"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)
    assert not re.search(rb"\son(click|load|error|submit|change)=", html)


def test_an_api_response(world: World) -> None:
    api = APIClient()
    api.force_authenticate(world.cast.educator)
    response = api.get(reverse("api-submissions"))
    assert response.status_code == 200
    _assert_hardened(response, "API")
    assert response["Content-Type"].startswith("application/json")


def test_an_error_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_hardened(response, "404 page")


def test_a_file_download(world: World) -> None:
    client = Client()
    client.force_login(world.cast.educator)
    link = client.get(
        reverse("submissions:artifact_open", args=[world.draft_artifact.public_id, "original"])
    )["Location"]
    response = client.get(link)
    assert response.status_code == 200
    _assert_hardened(response, "evidence download")
    # The file's own policy: nothing runs, even if a browser were to render it.
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"] and "sandbox" in policy
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_transcript_pdf_and_an_export(world: World) -> None:
    client = Client()
    client.force_login(world.cast.district_admin)
    pdf = client.get(reverse("organizations:transcript_pdf", args=[world.cast.educator.public_id]))
    export = client.get(reverse("organizations:export_progress", args=["csv"]))
    for response, where in ((pdf, "transcript PDF"), (export, "CSV export")):
        assert response.status_code == 200, where
        _assert_hardened(response, where)
    assert export["Content-Disposition"].startswith("attachment")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def http_error_301(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        return fp


def test_production_is_https_only_with_hsts() -> None:
    """gunicorn with the production settings behind a TLS proxy (X-Forwarded-Proto)."""
    host = {"Host": GOOD_ENV["DJANGO_ALLOWED_HOSTS"]}
    opener = urllib.request.build_opener(_NoRedirect())
    with gunicorn(GOOD_ENV) as base:
        secure = opener.open(
            urllib.request.Request(
                base + "/healthz", headers={**host, "X-Forwarded-Proto": "https"}
            ),
            timeout=15,
        )
        # Plain http is sent to https before any view runs.
        plain = opener.open(urllib.request.Request(base + "/catalog/", headers=host), timeout=15)

    assert secure.status == 200
    hsts = secure.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    _assert_hardened(secure.headers, "production")
    assert plain.status == 301
    assert plain.headers["Location"] == "https://credentials.example.org/catalog/"
