"""Links that carry their own authority: evidence download links (five minutes, personal),
signed upload URLs, password reset, email confirmation and roster invitations. Forged,
tampered, replayed by someone else, or expired (time travel), each is refused."""

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.tokens import api_token_create
from submissions import artifacts, evidence_links
from submissions.models import EvidenceAccess
from tests.support.factories import PASSWORD, UserFactory
from tests.support.security import World

pytestmark = pytest.mark.django_db


class _Clock:
    """django.core.signing's view of time, moved forward."""

    def __init__(self, seconds: float) -> None:
        self.offset = seconds

    def time(self) -> float:
        return time.time() + self.offset


def _travel_signing(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(signing, "time", _Clock(seconds))


def _travel_tokens(monkeypatch: pytest.MonkeyPatch, delta: timedelta) -> None:
    now = timezone.now().replace(tzinfo=None) + delta
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: now)


# --------------------------------------------------------------------------------------------
# Evidence links
# --------------------------------------------------------------------------------------------


def _link(world: World, user: Any = None) -> str:
    return evidence_links.evidence_link(
        artifact=world.draft_artifact, user=user or world.cast.educator, variant="original"
    )


def _tamper(token: str) -> list[str]:
    """Forgeries of a signed token: a changed payload, a changed or dropped signature."""
    payload, _, signature = token.rpartition(":")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other_payload = signing.dumps({"a": 1, "u": 1, "v": "original"}, salt="some-other-salt")
    return [f"{payload}:{flipped}", payload, other_payload, token[::-1], "x" * 40]


def test_the_personal_link_opens_for_its_owner(world: World) -> None:
    client = Client()
    client.force_login(world.cast.educator)
    assert client.get(_link(world)).status_code == 200  # control for the refusals below


def test_an_evidence_link_opens_for_nobody_without_the_owners_session_or_token(
    world: World,
) -> None:
    link = _link(world)
    anonymous = Client().get(link)
    assert anonymous.status_code == 404 and b"not available" in anonymous.content
    _, colleagues_token = api_token_create(user=world.cast.colleague)
    assert Client(HTTP_AUTHORIZATION=f"Token {colleagues_token}").get(link).status_code == 404
    assert Client(HTTP_AUTHORIZATION="Token mc_forged").get(link).status_code == 404
    assert not EvidenceAccess.objects.exists()
    # An API client opens its download_url with its own token, as it called the API.
    _, token = api_token_create(user=world.cast.educator)
    assert Client(HTTP_AUTHORIZATION=f"Token {token}").get(link).status_code == 200


def test_an_evidence_link_reveals_no_identifier(world: World) -> None:
    artifact, educator = world.draft_artifact, world.cast.educator
    token = _link(world).rstrip("/").rsplit("/", 1)[-1]
    assert str(artifact.public_id) not in token and str(educator.public_id) not in token
    # All the signature wraps is one string of Fernet ciphertext: no JSON object, no field
    # names, no integer ids to read (the old links' payload read {"a": <pk>, "u": <pk>, ...}).
    readable = signing.b64_decode(token.split(":")[0].encode()).decode()
    sealed = json.loads(readable)
    assert isinstance(sealed, str) and re.fullmatch(r"gAAAAA[A-Za-z0-9_=-]+", sealed)
    assert not re.search(r'"[auv]"', readable)


def test_a_tampered_or_forged_evidence_link_is_refused(world: World) -> None:
    client = Client()
    client.force_login(world.cast.educator)
    token = _link(world).rstrip("/").rsplit("/", 1)[-1]
    for forged in _tamper(token):
        url = reverse("submissions:evidence_file", args=[forged])
        response = client.get(url)
        assert response.status_code == 404 and b"not valid" in response.content, forged
    assert not EvidenceAccess.objects.exists()


def test_a_link_signed_for_uploads_is_not_an_evidence_link(world: World) -> None:
    # Same secret, different salt: one kind of signed URL cannot stand in for another.
    upload_token = signing.dumps(
        {"a": world.draft_artifact.pk, "u": world.cast.educator.pk, "v": "original"},
        salt=artifacts.UPLOAD_SALT,
    )
    client = Client()
    client.force_login(world.cast.educator)
    assert client.get(reverse("submissions:evidence_file", args=[upload_token])).status_code == 404


@pytest.mark.parametrize("who", ["other_educator", "colleague", "district_admin", "reviewer"])
def test_another_users_link_is_refused(world: World, who: str) -> None:
    client = Client()
    client.force_login(getattr(world.cast, who))
    response = client.get(_link(world))
    assert response.status_code == 404 and b"not available" in response.content
    # A link minted for them (they were never allowed) is refused too: the link re-checks.
    assert client.get(_link(world, getattr(world.cast, who))).status_code == 404
    assert not EvidenceAccess.objects.exists()


def test_a_link_after_its_five_minutes_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    client.force_login(world.cast.educator)
    link = _link(world)
    _travel_signing(monkeypatch, 290)
    assert client.get(link).status_code == 200  # still inside its five minutes
    _travel_signing(monkeypatch, 301)
    response = client.get(link)
    assert response.status_code == 403 and b"expired" in response.content


def test_a_link_stops_working_when_access_ends(world: World) -> None:
    # The reviewer's link dies with the claim: a released review opens nothing.
    from reviews import services as review_services

    artifact = world.review_artifact
    link = evidence_links.evidence_link(
        artifact=artifact, user=world.cast.reviewer, variant="original"
    )
    client = Client()
    client.force_login(world.cast.reviewer)
    assert client.get(link).status_code == 200
    review_services.review_release(review=world.review, by=world.cast.reviewer)
    assert client.get(link).status_code == 404


# --------------------------------------------------------------------------------------------
# Signed upload URLs (the local S3 emulator)
# --------------------------------------------------------------------------------------------


def test_forged_and_expired_upload_urls_are_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from submissions.models import Artifact

    Artifact.objects.filter(pk=world.draft_artifact.pk).update(status=Artifact.Status.UPLOADING)
    token = signing.dumps(
        {"a": world.draft_artifact.pk, "op": "create", "u": "", "n": None},
        salt=artifacts.UPLOAD_SALT,
    )
    client = Client()  # no session: the signature is the only authority
    for forged in _tamper(token):
        response = client.post(reverse("submissions:upload_emulator", args=[forged]))
        assert response.status_code == 403 and b"AccessDenied" in response.content, forged
    _travel_signing(monkeypatch, 16 * 60)  # the signature lives 15 minutes
    response = client.post(reverse("submissions:upload_emulator", args=[token]))
    assert response.status_code == 403 and b"expired" in response.content


# --------------------------------------------------------------------------------------------
# Password reset
# --------------------------------------------------------------------------------------------


def _reset_link(client: Client, mailoutbox: list[Any]) -> str:
    client.post("/accounts/password/reset/", {"email": "educator@test.org"})
    body = mailoutbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body).group(1)  # type: ignore[union-attr]


def _reset(client: Client, path: str) -> Any:
    page = client.get(path, follow=True)  # allauth stashes the key and redirects
    new = "An-unusual-passphrase-77"
    return page, client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else path,
        {"password1": new, "password2": new},
    )


def test_a_genuine_reset_link_works(client: Client, cast: Any, mailoutbox: list[Any]) -> None:
    _page, done = _reset(client, _reset_link(client, mailoutbox))
    assert done.status_code == 302
    cast.educator.refresh_from_db()
    assert cast.educator.check_password("An-unusual-passphrase-77")


def test_forged_and_expired_reset_links_are_refused(
    client: Client, cast: Any, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _reset_link(client, mailoutbox)
    prefix, key = path.rstrip("/").rsplit("-", 1)
    forged = [f"{prefix}-{key[:-2]}zz/", f"{prefix}-set-password/"]
    # Another account's id with this account's key
    forged.append(re.sub(r"key/[0-9a-z]+-", "key/zz-", path))
    for bad in forged:
        page, done = _reset(Client(), bad)
        assert "invalid" in page.content.decode().lower(), bad
        assert done.status_code != 302
    _travel_tokens(monkeypatch, timedelta(days=4))  # PASSWORD_RESET_TIMEOUT is three days
    page, done = _reset(Client(), path)
    assert "invalid" in page.content.decode().lower()
    cast.educator.refresh_from_db()
    assert cast.educator.check_password(PASSWORD)  # nothing changed


# --------------------------------------------------------------------------------------------
# Email confirmation
# --------------------------------------------------------------------------------------------


def test_forged_and_expired_email_confirmations_are_refused(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = UserFactory(email="new@test.org")
    address = EmailAddress.objects.filter(user=user).first() or EmailAddress.objects.create(
        user=user, email="new@test.org", primary=True
    )
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    key = EmailConfirmationHMAC(address).key
    other = EmailConfirmationHMAC(EmailAddress.objects.exclude(pk=address.pk).first() or address)

    for forged in (key[:-2] + "zz", key.rsplit(":", 1)[0], other.key[::-1]):
        client.post(reverse("account_confirm_email", args=[forged]))
        assert not EmailAddress.objects.get(pk=address.pk).verified, forged
    _travel_signing(monkeypatch, 4 * 24 * 3600)  # confirmation keys live three days
    client.post(reverse("account_confirm_email", args=[key]))
    assert not EmailAddress.objects.get(pk=address.pk).verified
    monkeypatch.undo()
    client.post(reverse("account_confirm_email", args=[key]))
    assert EmailAddress.objects.get(pk=address.pk).verified  # control: the genuine key works


# --------------------------------------------------------------------------------------------
# Roster invitations
# --------------------------------------------------------------------------------------------

NEW_PASSWORD = {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}


def test_forged_reused_and_expired_invitations_are_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid, token = world.invitation_args
    someone_else = urlsafe_base64_encode(force_bytes(world.cast.educator.pk))
    url = "organizations:invitation_accept"
    for args in ((uid, token[:-2] + "zz"), (someone_else, token), ("!!", token), (uid, "x")):
        response = Client().post(reverse(url, args=args), NEW_PASSWORD)
        assert response.status_code == 404, args
    world.cast.educator.refresh_from_db()
    assert world.cast.educator.check_password(PASSWORD)  # no takeover through the link

    with monkeypatch.context() as travel:
        _travel_tokens(travel, timedelta(days=4))
        assert Client().get(reverse(url, args=[uid, token])).status_code == 404

    assert Client().post(reverse(url, args=[uid, token]), NEW_PASSWORD).status_code == 302
    assert Client().get(reverse(url, args=[uid, token])).status_code == 404  # used once
    world.invited.refresh_from_db()
    assert default_token_generator.check_token(world.invited, token) is False


def test_forged_and_expired_membership_invitations_are_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link to accept joining a district: only the invited account, only while valid."""
    token = world.membership_invitation_token
    url = "organizations:membership_invitation"
    invited = Client()
    invited.force_login(world.cast.other_educator)
    for forged in (token[:-2] + "zz", "x", token.replace(":", "-", 1)):
        response = invited.post(reverse(url, args=[forged]), {"decision": "accept"})
        assert response.status_code == 404, forged
    with monkeypatch.context() as travel:
        _travel_signing(travel, 15 * 24 * 3600)  # invitations live fourteen days
        response = invited.post(reverse(url, args=[token]), {"decision": "accept"})
        assert response.status_code == 404
    assert not world.cast.other_educator.memberships.filter(
        organization=world.cast.district
    ).exists()
    assert invited.get(reverse(url, args=[token])).status_code == 200  # control: genuine
