"""Badge pages: My badges, the public page and who may see or change it, the verification page."""

import io
import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from badges import documents, images, services
from badges.models import Badge
from tests.support.badges import SITE, get_json, pass_submission, path_of
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db


def _page(badge: Badge) -> str:
    return f"/badges/{badge.public_id}/"


# --------------------------------------------------------------------------- My badges


def test_my_badges_lists_only_mine_in_bounded_queries(
    client, cast, credential, badge, django_assert_max_num_queries
):
    for slug in ("more-1", "more-2", "more-3"):
        more = published_credential(cast.issuer, slug, with_artifact=False)
        services.badge_award(submission=pass_submission(cast.educator, more, cast.reviewer))
    services.badge_award(submission=pass_submission(cast.colleague, credential, cast.reviewer))
    client.force_login(cast.educator)
    with django_assert_max_num_queries(12):
        response = client.get("/badges/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'href="/badges/[0-9a-f-]{36}/"', html)) == 4
    assert badge.title in html
    assert 'href="/badges/"' in html  # the "My badges" nav entry now resolves


def test_my_badges_needs_a_login(client):
    response = client.get("/badges/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_badges_empty_state(client, cast):
    client.force_login(cast.educator)
    assert b"No badges yet" in client.get("/badges/").content


# --------------------------------------------------------------------------- public page


def test_public_page_shows_what_it_certifies_and_share_actions(client, cast, credential, badge):
    response = client.get(_page(badge))
    assert response.status_code == 200
    html = response.content.decode()
    version = credential.published_version
    for text in (
        version.title,
        version.competency.name,
        version.key_method,
        "Evidence",  # a rubric criterion
        f"{version.pd_hours} hours",
        cast.issuer.name,
        cast.educator.get_full_name(),
        "Valid",
    ):
        assert text in html, text
    assert f'alt="Badge image: {version.title}"' in html
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline scripts
    assert "js/badges.js" in html
    assert f'href="{documents.png_url(badge)}?download=1"' in html
    assert f'type="application/ld+json" href="{documents.assertion_url(badge)}"' in html
    assert 'data-copy-target="badge-link"' in html
    # The earner's own actions (their profile, their wallet) are not offered to visitors.
    assert f'href="{documents.credential_url(badge)}?download=1"' not in html
    assert "Add to LinkedIn profile" not in html
    client.force_login(cast.educator)
    mine = client.get(_page(badge)).content.decode()
    assert f'href="{documents.credential_url(badge)}?download=1"' in mine
    assert "Add to LinkedIn profile" in mine


def test_a_shared_public_page_carries_its_card_and_share_links(client, cast, badge):
    """Open Graph and Twitter tags (what LinkedIn, Facebook, X and messaging apps show for a
    link), and share links that carry the page; a private page carries none of it."""
    html = client.get(_page(badge)).content.decode()
    public_url = documents.public_url(badge)
    assert f'<meta property="og:title" content="{badge.title}">' in html
    assert f'<meta property="og:url" content="{public_url}">' in html
    assert f'<meta property="og:image" content="{documents.png_url(badge)}">' in html
    assert documents.png_url(badge).startswith(SITE)  # crawlers need an absolute image URL
    assert '<meta name="twitter:card" content="summary">' in html
    share_html = html.split('data-testid="share-links"')[1][:1500]
    links = [unescape(link) for link in re.findall(r'href="([^"]+)"', share_html)]
    shared = {
        urlsplit(link).netloc or urlsplit(link).scheme: parse_qs(urlsplit(link).query)
        for link in links[:4]
    }
    assert shared["www.linkedin.com"]["url"] == [public_url]
    assert shared["www.facebook.com"]["u"] == [public_url]
    assert shared["x.com"]["url"] == [public_url]
    assert public_url in shared["mailto"]["body"][0]

    Badge.objects.filter(pk=badge.pk).update(is_public=False)
    client.force_login(cast.educator)
    private = client.get(_page(badge)).content.decode()
    assert "og:title" not in private and 'data-testid="share-links"' not in private


def test_linkedin_link_has_the_certification_fields(cast, settings):
    credential = published_credential(cast.issuer, "expiring", with_artifact=False)
    credential.published_version.__class__.objects.filter(
        pk=credential.published_version_id
    ).update(validity_years=2)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    from badges.views import linkedin_url

    parts = urlsplit(linkedin_url(badge))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": badge.title,
        "organizationName": cast.issuer.name,
        "issueYear": str(badge.issued_at.year),
        "issueMonth": str(badge.issued_at.month),
        "expirationYear": str(badge.expires_at.year),
        "expirationMonth": str(badge.expires_at.month),
        "certUrl": f"{SITE}/badges/{badge.public_id}/",
        "certId": str(badge.public_id),
    }


def test_private_page_is_404_for_everyone_but_earner_and_issuer(
    client, cast, badge, issuer_staff, other_issuer_staff
):
    services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=False,
        evidence_summary="",
        evidence_published=False,
    )
    assert client.get(_page(badge)).status_code == 404
    for outsider in (cast.colleague, cast.other_educator, cast.reviewer, other_issuer_staff):
        client.force_login(outsider)
        assert client.get(_page(badge)).status_code == 404
    for insider in (cast.educator, issuer_staff, cast.staff):
        client.force_login(insider)
        assert client.get(_page(badge)).status_code == 200


def test_expired_badge_shows_expired(client, cast, badge):
    past = timezone.now() - timedelta(days=1)
    Badge.objects.filter(pk=badge.pk).update(expires_at=past)
    html = client.get(_page(badge)).content.decode()
    assert "Expired" in html and "This badge expired on" in html
    client.force_login(cast.educator)
    assert "Expired" in client.get("/badges/").content.decode()


def test_earner_changes_sharing_and_others_cannot(client, cast, badge):
    url = f"/badges/{badge.public_id}/sharing/"
    data = {"is_public": "", "evidence_summary": "Ran three cycles.", "evidence_published": "on"}
    client.force_login(cast.colleague)
    assert client.post(url, data).status_code == 404
    client.logout()
    assert client.post(url, data).status_code == 302  # to the login page
    client.force_login(cast.educator)
    assert client.post(url, data).status_code == 302
    badge.refresh_from_db()
    assert (badge.is_public, badge.evidence_published) == (False, True)
    bad = client.post(url, {"evidence_published": "on", "evidence_summary": ""})
    assert bad.status_code == 400


def test_revoke_page_permissions(client, cast, badge, issuer_staff, other_issuer_staff):
    url = f"/badges/{badge.public_id}/revoke/"
    for user in (
        cast.educator,
        cast.reviewer,
        cast.author,
        other_issuer_staff,
        cast.district_admin,
    ):
        client.force_login(user)
        assert client.post(url, {"reason": "No"}).status_code == 404
        assert b"Revoke badge" not in client.get(_page(badge)).content
    assert Badge.objects.get(pk=badge.pk).revoked_at is None
    client.force_login(issuer_staff)
    assert b"Revoke badge" in client.get(_page(badge)).content
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert client.post(url, {"reason": "Awarded in error"}).status_code == 302
    badge.refresh_from_db()
    assert badge.revoked_at is not None and badge.revoked_by == issuer_staff
    html = client.get(_page(badge)).content.decode()
    assert "Revoked" in html and "Awarded in error" in html


# --------------------------------------------------------------------------- verification


def _verify(client, REMOTE_ADDR="127.0.0.1", **data):
    return client.post("/verify/", data, REMOTE_ADDR=REMOTE_ADDR)


def test_verify_page_is_open_to_everyone(client):
    response = client.get("/verify/?url=" + SITE + "/badges/x/")
    assert response.status_code == 200
    assert b'value="http://testserver/badges/x/"' in response.content


def test_verify_a_link_with_email_match(client, cast, badge):
    response = _verify(client, url=f"{SITE}{_page(badge)}", email=cast.educator.email.upper())
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'role="status">\s*Valid', html)
    assert "matches this badge" in html and cast.issuer.name in html
    response = _verify(client, url=documents.assertion_url(badge), email="nobody@test.org")
    assert "does <strong>not</strong> match" in response.content.decode()


def test_verify_checks_are_rate_limited_per_client(client, cast, badge, settings):
    settings.BADGES_VERIFY_RATE_PER_MINUTE = 3
    url = f"{SITE}{_page(badge)}"
    for guess in ("a@test.org", "b@test.org", "c@test.org"):
        assert _verify(client, url=url, email=guess).status_code == 200
    response = _verify(client, url=url, email=cast.educator.email)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many checks" in response.content.decode()
    assert "matches this badge" not in response.content.decode()
    # Another client address is not held back by this one.
    other = _verify(client, url=url, email=cast.educator.email, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200 and "matches this badge" in other.content.decode()


def test_verify_refuses_foreign_urls_without_fetching(client):
    response = _verify(client, url="https://evil.example/badge.json")
    assert response.status_code == 400
    assert b"only checks badges issued here" in response.content


def test_verify_a_revoked_and_an_expired_badge(client, cast, credential, badge, issuer_staff):
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Awarded in error")
    html = _verify(client, url=documents.assertion_url(badge)).content.decode()
    assert re.search(r'role="status">\s*Revoked', html) and "Awarded in error" in html
    other = services.badge_award(
        submission=pass_submission(cast.colleague, credential, cast.reviewer)
    )
    Badge.objects.filter(pk=other.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    html = _verify(client, url=documents.public_url(other)).content.decode()
    assert re.search(r'role="status">\s*Expired', html)


def test_verify_uploaded_baked_png_and_svg(client, cast, badge):
    png = SimpleUploadedFile("badge.png", images.read(badge.image_png), content_type="image/png")
    html = _verify(client, file=png, email=cast.educator.email).content.decode()
    assert re.search(r'role="status">\s*Valid', html) and "matches this badge" in html
    svg = SimpleUploadedFile(
        "badge.svg", images.read(badge.image_svg), content_type="image/svg+xml"
    )
    assert re.search(r'role="status">\s*Valid', _verify(client, file=svg).content.decode())


def test_verify_uploaded_ob3_json_valid_tampered_and_revoked(client, cast, badge, issuer_staff):
    credential = get_json(client, path_of(documents.credential_url(badge)))

    def upload(doc):
        raw = json.dumps(doc).encode()
        return _verify(
            client,
            file=SimpleUploadedFile("badge.json", raw, "application/json"),
            email=cast.educator.email,
        ).content.decode()

    html = upload(credential)
    assert re.search(r'role="status">\s*Valid', html) and "matches this badge" in html
    tampered = json.loads(json.dumps(credential))
    tampered["credentialSubject"]["achievement"]["name"] = "Grander"
    html = upload(tampered)
    assert re.search(r'role="status">\s*Not valid', html) and "signature does not" in html
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Awarded in error")
    assert re.search(r'role="status">\s*Revoked', upload(credential))


def test_verify_validates_uploads_strictly(client, settings):
    settings.BADGES_VERIFY_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("badge.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2048)
    assert b"larger than" in _verify(client, file=big).content
    exe = SimpleUploadedFile("badge.exe", b"MZ...")
    assert b"Upload a .png, .svg or .json file" in _verify(client, file=exe).content
    fake = SimpleUploadedFile("badge.png", b"not an image at all")
    response = _verify(client, file=fake)
    assert response.status_code == 400 and b"Upload a badge image" in response.content
    both = _verify(client, url=f"{SITE}/badges/", file=SimpleUploadedFile("a.json", b"{}"))
    assert b"one of them" in both.content
    neither = _verify(client)
    assert neither.status_code == 400


def test_verify_refuses_hostile_svg(client):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>'
    )
    response = _verify(client, file=SimpleUploadedFile("badge.svg", bomb))
    assert response.status_code == 400
    assert b"cannot be read safely" in response.content


def test_unbaked_png_is_reported(client):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    response = _verify(client, file=SimpleUploadedFile("plain.png", out.getvalue()))
    assert b"no Open Badges data baked in" in response.content


def test_verify_refuses_oversized_requests_before_parsing(client, settings):
    settings.BADGES_VERIFY_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("badge.json", b"{" + b" " * 200_000 + b"}")
    assert _verify(client, file=big).status_code == 413


def test_verify_refuses_credentials_shaped_to_slow_canonicalization(client, badge):
    credential = get_json(client, path_of(documents.credential_url(badge)))
    credential["credentialSubject"]["extra"] = [{"a": {"b": i}} for i in range(100)]
    raw = json.dumps(credential).encode()
    response = _verify(client, file=SimpleUploadedFile("badge.json", raw))
    assert response.status_code == 400 and b"not shaped like a badge" in response.content
