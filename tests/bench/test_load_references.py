"""The load benchmark's reference views (bench/load_urls.py) serve what their names say, and the
site's own URLs stay served beside them. `make test` runs the load benchmark only at a tiny
scale (test_smoke.py), which does not check what each reference answers: this does."""

import pytest
from django.test import Client

from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.load_urls")]


def test_references_need_a_signed_in_user(client):
    for path in ("/bench/signed-in", "/bench/signed-in-layout"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_signed_in_reference_is_a_bare_answer(client, cast):
    client.force_login(cast.educator)
    response = client.get("/bench/signed-in")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_layout_reference_renders_the_site_layout_for_the_user(client, cast):
    client.force_login(cast.educator)
    response = client.get("/bench/signed-in-layout")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reference page." in page
    assert 'aria-label="Main"' in page  # the navigation of base.html
    assert '"X-CSRFToken"' in page  # where locust reads the token for the write reference


def test_write_reference_checks_csrf_and_changes_nothing(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.educator)
    assert browser.post("/bench/signed-in-write").status_code == 403
    browser.get("/bench/signed-in-layout")
    token = browser.cookies["csrftoken"].value
    response = browser.post("/bench/signed-in-write", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert User.objects.get(pk=cast.educator.pk).display_name == cast.educator.display_name
    assert browser.get("/bench/signed-in-write").status_code == 405


def test_site_pages_are_still_served(client, cast):
    client.force_login(cast.educator)
    assert client.get("/catalog/").status_code == 200
    assert client.get("/healthz").status_code == 200
