"""The opt-in public profile (/u/<id>/) and the embed snippet of a public badge page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from accounts.models import User
from badges import services
from badges.models import Badge
from tests.support.badges import SITE, pass_submission
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db


def _profile(user: User) -> str:
    return f"/u/{user.public_id}/"


def _turn_on(client, user: User, name: str = "Ada Lovelace") -> None:
    client.force_login(user)
    response = client.post(
        "/account/profile/", {"action": "profile", "display_name": name, "public_profile": "on"}
    )
    assert response.status_code == 302
    client.logout()


def _listed(html: str) -> set[str]:
    return set(re.findall(r'href="/badges/([0-9a-f-]{36})/"', html))


def _award(cast, slug: str, educator=None) -> Badge:
    credential = published_credential(cast.issuer, slug, with_artifact=False)
    return services.badge_award(
        submission=pass_submission(educator or cast.educator, credential, cast.reviewer)
    )


def test_the_profile_is_off_by_default_and_404_for_everyone_else(client, cast, badge):
    assert cast.educator.public_profile is False
    assert client.get(_profile(cast.educator)).status_code == 404
    for other in (cast.colleague, cast.district_admin, cast.staff, cast.outsider):
        client.force_login(other)
        assert client.get(_profile(cast.educator)).status_code == 404, other
    assert client.get("/u/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/u/not-a-uuid/").status_code == 404


def test_the_owner_previews_it_while_it_is_off(client, cast, badge):
    client.force_login(cast.educator)
    html = client.get(_profile(cast.educator)).content.decode()
    assert "Only you can see this page" in html and '<meta name="robots" content="noindex">' in html
    assert _listed(html) == {str(badge.public_id)}


def test_turned_on_it_lists_only_public_current_badges(
    client, cast, badge, django_assert_max_num_queries
):
    private = _award(cast, "private-one")
    Badge.objects.filter(pk=private.pk).update(is_public=False)
    revoked = _award(cast, "revoked-one")
    Badge.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(), revocation_reason="x")
    expired = _award(cast, "expired-one")
    Badge.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    colleagues = _award(cast, "colleague-one", educator=cast.colleague)
    for slug in ("more-1", "more-2", "more-3"):
        _award(cast, slug)
    _turn_on(client, cast.educator)
    with django_assert_max_num_queries(6):
        response = client.get(_profile(cast.educator))
    assert response.status_code == 200
    listed = _listed(response.content.decode())
    assert str(badge.public_id) in listed and len(listed) == 4
    for hidden in (private, revoked, expired, colleagues):
        assert str(hidden.public_id) not in listed
    assert "Ada Lovelace" in response.content.decode()


def test_the_profile_never_shows_the_email(client, cast, badge):
    User.objects.filter(pk=cast.educator.pk).update(display_name="", public_profile=True)
    html = client.get(_profile(cast.educator)).content.decode()
    assert cast.educator.email not in html
    assert "An educator" in html


def test_turning_it_off_again_hides_it(client, cast, badge):
    _turn_on(client, cast.educator)
    assert client.get(_profile(cast.educator)).status_code == 200
    client.force_login(cast.educator)
    client.post("/account/profile/", {"action": "profile", "display_name": "Ada"})
    client.logout()
    assert client.get(_profile(cast.educator)).status_code == 404


def test_an_inactive_account_has_no_profile(client, cast, badge):
    User.objects.filter(pk=cast.educator.pk).update(public_profile=True, is_active=False)
    assert client.get(_profile(cast.educator)).status_code == 404


def test_the_account_page_offers_the_setting_and_the_link(client, cast):
    client.force_login(cast.educator)
    html = client.get("/account/profile/").content.decode()
    assert (
        'name="public_profile"' in html
        and "checked" not in html.split('name="public_profile"')[1][:40]
    )
    assert "Your public profile is off" in html
    _turn_on(client, cast.educator)
    client.force_login(cast.educator)
    html = client.get("/account/profile/").content.decode()
    assert "Your public profile is on" in html and _profile(cast.educator) in html


def test_the_name_is_escaped(client, cast, badge):
    _turn_on(client, cast.educator, name='<script>alert("x")</script>')
    html = client.get(_profile(cast.educator)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


# --------------------------------------------------------------------------- embed snippet


def _embed(html: str) -> str:
    found = re.search(r'<textarea id="badge-embed-code"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no embed snippet"
    return unescape(found.group(1))


def test_a_public_badge_page_offers_the_embed_snippet_to_owner_and_visitors(client, cast, badge):
    visitor = client.get(f"/badges/{badge.public_id}/").content.decode()
    snippet = _embed(visitor)
    assert snippet.startswith(f'<a href="{SITE}/badges/{badge.public_id}/"')
    assert f'<img src="{SITE}/badges/{badge.public_id}/badge.png"' in snippet
    assert snippet.endswith(f"{badge.title}</a>")
    assert 'data-copy-target="badge-embed-code"' in visitor
    client.force_login(cast.educator)
    assert _embed(client.get(f"/badges/{badge.public_id}/").content.decode()) == snippet


def test_a_private_badge_page_offers_no_embed(client, cast, badge):
    Badge.objects.filter(pk=badge.pk).update(is_public=False)
    client.force_login(cast.educator)
    assert 'id="badge-embed-code"' not in client.get(f"/badges/{badge.public_id}/").content.decode()


def test_the_embed_snippet_escapes_the_title(client, cast, badge):
    title = 'Tickets "></textarea><script>alert(1)</script>'
    Badge.objects.filter(pk=badge.pk).update(title=title)
    html = client.get(f"/badges/{badge.public_id}/").content.decode()
    assert "<script>alert" not in html  # neither the textarea nor the preview can be broken out of
    snippet = _embed(html)  # what the browser shows and copies
    assert "<script>" not in snippet and "</textarea>" not in snippet
    assert snippet.endswith(
        "Tickets &quot;&gt;&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    )
