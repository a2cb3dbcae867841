"""Pages a signed-in person sees, by role, and the error pages."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_home_for_visitors_offers_sign_in(client):
    body = client.get("/").content.decode()
    assert "Sign in" in body
    assert "Create an account" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        ("educator", "Your professional learning", "Your organizations"),
        ("district_admin", "Your organizations", "Your professional learning"),
        ("reviewer", "Reviewing", "Your organizations"),
        ("author", "Authoring", "Your organizations"),
        ("staff", "administration site", "Your professional learning"),
        ("outsider", "not part of an organization", "Your organizations"),
    ],
)
def test_home_fits_the_role(client, cast, who, expected, absent):
    client.force_login(getattr(cast, who))
    body = client.get("/").content.decode()
    assert expected in body
    assert absent not in body


@pytest.mark.django_db
def test_admin_site_is_for_platform_staff_only(client, cast):
    client.force_login(cast.district_admin)
    assert client.get("/admin/").status_code == 302
    client.force_login(cast.staff)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_profile_edit_validates_and_saves(client, cast):
    client.force_login(cast.educator)
    response = client.post("/account/profile/", {"display_name": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    response = client.post("/account/profile/", {"display_name": "Ms. Rivera"})
    assert response.status_code == 302
    cast.educator.refresh_from_db()
    assert cast.educator.display_name == "Ms. Rivera"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_page_is_friendly(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_security_headers_are_present(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
