"""Pages a signed-in person sees, by role, and the error pages."""

import pytest
from django.test import override_settings
from django.urls import reverse


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
def test_someone_with_no_organization_is_offered_next_steps(client, cast):
    """A self-registered educator is not left on a page with nowhere to go."""
    client.force_login(cast.outsider)
    body = client.get("/").content.decode()
    start = body[body.index('data-testid="get-started"') :]
    for name in ("credentials:catalog", "submissions:mine", "badges:mine"):
        assert f'href="{reverse(name)}"' in start, name
    assert "Browse micro-credentials" in start


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


@pytest.mark.django_db
def test_educator_home_leads_to_what_is_waiting(client, cast):
    from tests.support.credentials import make_credential
    from tests.support.submissions import attempt

    client.force_login(cast.educator)
    body = client.get("/").content.decode()
    assert 'href="/catalog/">Browse micro-credentials' in body
    assert "Feedback is waiting" not in body and "Your submissions" not in body
    one, two, three, four, five = (
        make_credential(cast.issuer, slug) for slug in ("one", "two", "three", "four", "five")
    )
    attempt(cast, cast.educator, one, "draft")
    attempt(cast, cast.educator, two, "in_review")
    attempt(cast, cast.educator, three, "not_yet")
    attempt(cast, cast.educator, four, "passed")
    attempt(cast, cast.educator, five, "not_yet")
    attempt(cast, cast.educator, five, "draft")  # tried again: in progress, not waiting
    attempt(cast, cast.colleague, one, "not_yet")  # someone else's
    body = client.get("/").content.decode()
    assert "Feedback is waiting on 1 micro-credential: read it and try again." in body
    assert "<li>2 in progress</li>" in body
    assert "<li>1 waiting for review</li>" in body
    assert '1 earned · <a href="/badges/">your badges</a>' in body
    assert 'href="/submissions/">Your submissions' in body


@pytest.mark.django_db
def test_reviewer_home_counts_the_queue(client, cast):
    from reviews.services import reviewer_designate_for_all
    from tests.support.credentials import make_credential
    from tests.support.submissions import attempt

    credential = make_credential(cast.issuer, "one")
    reviewer_designate_for_all(reviewer=cast.reviewer, issuer=cast.issuer)
    client.force_login(cast.reviewer)
    assert "Nothing is waiting for review right now." in client.get("/").content.decode()
    attempt(cast, cast.educator, credential, "submitted")
    body = client.get("/").content.decode()
    assert "1 submission waiting for review." in body
    assert 'href="/reviews/">Open the review queue' in body
