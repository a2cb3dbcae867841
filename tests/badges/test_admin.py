"""The admin shows issuer keys by their public half only, and badges read-only."""

import pytest

from accounts.models import User
from badges import keys
from badges.models import IssuerKey

pytestmark = pytest.mark.django_db


def test_admin_never_shows_private_keys(client, cast, badge):
    admin = User.objects.create_superuser("root@test.org", "pw-not-used-here")
    client.force_login(admin)
    key = IssuerKey.objects.get(issuer=cast.issuer)
    secret = keys.ob3_keys.private_key_to_multibase(
        keys.decrypt_private_key(key.private_key_encrypted)
    )
    pages = [
        "/admin/badges/issuerkey/",
        f"/admin/badges/issuerkey/{key.pk}/change/",
        "/admin/badges/badge/",
        f"/admin/badges/badge/{badge.pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert secret not in html and key.private_key_encrypted not in html, url
    assert key.public_key_multibase in client.get("/admin/badges/issuerkey/").content.decode()


def test_admin_rotate_action(client, cast, badge):
    admin = User.objects.create_superuser("root@test.org", "pw-not-used-here")
    client.force_login(admin)
    key = IssuerKey.objects.get(issuer=cast.issuer)
    response = client.post(
        "/admin/badges/issuerkey/", {"action": "rotate", "_selected_action": [key.pk]}
    )
    assert response.status_code == 302
    assert IssuerKey.objects.filter(issuer=cast.issuer).count() == 2
    assert IssuerKey.objects.get(pk=key.pk).active is False
