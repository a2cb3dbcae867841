"""Consent before joining a district: an account that exists elsewhere (another district's
educator, someone who signed up themselves) is invited by a roster import, pages or API, and
the district sees nothing about them (progress, transcript, exports, webhooks) until they
accept; declining leaves them out. The preview never tells a new email from an account that
exists outside the admin's organizations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.api_keys import organization_key_create
from integrations.models import WebhookDelivery
from organizations.models import Membership, MembershipInvitation, Role
from organizations.services import (
    InvitationError,
    membership_invitation_accept,
    membership_invitation_decline,
)
from rosters.models import RosterImport
from rosters.services import roster_import_confirm, roster_import_preview
from tests.integrations.test_webhooks import endpoint_for
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.submissions import attempt

# other@test.org is South District's educator; self@example.org signs up on their own.
OUTSIDERS_AND_NEW = (
    b"email,name,school,role\n"
    b"other@test.org,Other,Oak School,educator\n"
    b"self@example.org,Self,Oak School,educator\n"
    b"brand.new@example.org,Brand New,Oak School,educator\n"
)
ONLY_OTHER = b"email,name,school,role\nother@test.org,Other,Oak School,educator\n"


def _import(cast, users_file, *, by=None, organization=None):
    preview = roster_import_preview(
        organization=organization or cast.district,
        by=by or cast.district_admin,
        users_file=users_file,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the notices are sent
        return roster_import_confirm(roster_import=preview, by=by or cast.district_admin)


def _admin(cast) -> Client:
    client = Client()
    client.force_login(cast.district_admin)
    return client


def _transcript(cast, person) -> int:
    url = reverse("organizations:transcript", args=[person.public_id])
    return _admin(cast).get(url, {"org": str(cast.district.public_id)}).status_code


def _progress_emails(cast) -> set[str]:
    api = APIClient()
    api.force_authenticate(cast.district_admin)
    url = reverse("api-organization-progress", args=[cast.district.public_id])
    response = api.get(url, {"page_size": 100})
    assert response.status_code == 200
    return {row["educator"]["email"] for row in response.json()["results"]}


def _export_text(cast) -> str:
    url = reverse("organizations:export_progress", args=["csv"])
    response = _admin(cast).get(url, {"org": str(cast.district.public_id)})
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _invitation_link(email: str) -> str:
    message = next(m for m in mail.outbox if m.to == [email] and "invites you" in m.subject)
    line = next(line for line in message.body.splitlines() if "/invitations/" in line)
    return line[line.index("/organizations/") :].strip()


# --------------------------------------------------------------------------------------------
# The preview
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_email_and_an_account_elsewhere_read_the_same_in_the_preview(cast):
    UserFactory(email="self@example.org")  # signed up on their own, in no organization
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=OUTSIDERS_AND_NEW
    )
    seen = {(row.action, row.reason) for row in preview.rows.all()}
    assert seen == {("invite", "An invitation will be emailed.")}
    assert preview.summary == {"invite": 3}
    page = _admin(cast).get(reverse("organizations:roster_preview", args=[preview.public_id]))
    rows = page.content.decode().split('<th scope="row"')[1:]
    cells = [row.split("</th>", 1)[1].split("</tr>", 1)[0] for row in rows]
    assert len(cells) == 3 and len(set(cells)) == 1  # action and reason cells identical
    api = APIClient()
    api.force_authenticate(cast.district_admin)
    url = reverse("api-roster-import-rows", args=[cast.district.public_id, preview.public_id])
    results = api.get(url).json()["results"]
    assert {(r["action"], r["reason"]) for r in results} == seen


@pytest.mark.django_db
def test_an_account_another_districts_import_created_is_invited_too(cast):
    _import(cast, b"email,name,school,role\nmade.here@example.org,M,Oak School,educator\n")
    preview = roster_import_preview(
        organization=cast.other_district,
        by=cast.other_admin,
        users_file=b"email,name,school,role\nmade.here@example.org,M,Elm School,educator\n",
    )
    assert [(r.action, r.reason) for r in preview.rows.all()] == [
        ("invite", "An invitation will be emailed.")
    ]
    # The district whose import created it moves it between its schools without asking.
    again = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=b"email,name,school,role\nmade.here@example.org,M,Pine School,educator\n",
    )
    assert [r.action for r in again.rows.all()] == ["update"]


# --------------------------------------------------------------------------------------------
# Invited: nothing more until they accept
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invited_outsider_is_invisible_until_they_accept(cast):
    credential = published_credential(cast.issuer, "consent-pass", with_artifact=False)
    attempt(cast, cast.other_educator, credential, "passed")
    self_made = UserFactory(email="self@example.org")
    _import(cast, OUTSIDERS_AND_NEW)

    # The new account joined as before; the two existing ones are only invited.
    assert Membership.objects.filter(user__email="brand.new@example.org", is_active=True).exists()
    for person in (cast.other_educator, self_made):
        assert not Membership.objects.filter(user=person, organization=cast.school).exists()
        assert _transcript(cast, person) == 404
    assert "other@test.org" not in _progress_emails(cast)
    assert "other@test.org" not in _export_text(cast)
    page = _admin(cast).get(reverse("organizations:roster_upload"))
    invited = page.content.decode().split('data-testid="invited"')[1].split("</table>")[0]
    assert "other@test.org" in invited and "self@example.org" in invited
    assert "brand.new@example.org" not in invited

    # The person signs in, follows the emailed link and accepts.
    link = _invitation_link("other@test.org")
    person = Client()
    assert person.get(link).status_code == 302  # sign in first
    person.force_login(cast.other_educator)
    page = person.get(link)
    assert page.status_code == 200 and "Oak School invites you" in page.content.decode()
    assert person.post(link, {"decision": "accept"}).status_code == 302

    assert Membership.objects.filter(
        user=cast.other_educator, organization=cast.school, role=Role.EDUCATOR, is_active=True
    ).exists()
    assert _transcript(cast, cast.other_educator) == 200
    assert "other@test.org" in _progress_emails(cast)
    assert "other@test.org" in _export_text(cast)
    assert _transcript(cast, self_made) == 404  # still only invited


@pytest.mark.django_db
def test_declining_leaves_them_out(cast):
    _import(cast, ONLY_OTHER)
    link = _invitation_link("other@test.org")
    person = Client()
    person.force_login(cast.other_educator)
    assert person.post(link, {"decision": "decline"}).status_code == 302
    invitation = MembershipInvitation.objects.get(user=cast.other_educator)
    assert invitation.status == MembershipInvitation.Status.DECLINED
    assert not Membership.objects.filter(user=cast.other_educator, organization=cast.school)
    assert _transcript(cast, cast.other_educator) == 404
    assert "other@test.org" not in _progress_emails(cast)
    # A declined invitation cannot be accepted afterwards with the same link.
    assert person.post(link, {"decision": "accept"}).status_code == 302
    assert not Membership.objects.filter(user=cast.other_educator, organization=cast.school)
    page = _admin(cast).get(reverse("organizations:roster_upload"))
    assert "other@test.org" not in page.content.decode()


@pytest.mark.django_db
def test_only_the_invited_account_can_answer_and_not_after_it_expires(cast):
    _import(cast, ONLY_OTHER)
    invitation = MembershipInvitation.objects.get(user=cast.other_educator)
    with pytest.raises(InvitationError):
        membership_invitation_accept(invitation=invitation, by=cast.district_admin)
    MembershipInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(InvitationError, match="expired"):
        membership_invitation_accept(invitation=invitation, by=cast.other_educator)
    with pytest.raises(InvitationError, match="expired"):
        membership_invitation_decline(invitation=invitation, by=cast.other_educator)
    assert not Membership.objects.filter(user=cast.other_educator, organization=cast.school)
    # Another account following the link sees no invitation at all.
    someone = Client()
    someone.force_login(cast.educator)
    assert someone.get(_invitation_link("other@test.org")).status_code == 404


@pytest.mark.django_db
def test_importing_again_while_invited_sends_the_same_invitation_again(cast):
    _import(cast, ONLY_OTHER)
    _import(cast, ONLY_OTHER)
    assert MembershipInvitation.objects.filter(user=cast.other_educator).count() == 1
    assert len([m for m in mail.outbox if m.to == ["other@test.org"]]) == 2


@pytest.mark.django_db
def test_an_account_created_after_the_preview_is_invited_not_added(cast):
    preview = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=b"email,name,school,role\nlate@example.org,Late,Oak School,educator\n",
    )
    late = UserFactory(email="late@example.org")  # signs up between preview and confirm
    roster_import_confirm(roster_import=preview, by=cast.district_admin)
    assert not Membership.objects.filter(user=late).exists()
    assert MembershipInvitation.objects.get(user=late).organization == cast.school


# --------------------------------------------------------------------------------------------
# The API and webhooks
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_api_key_import_invites_the_same_way(cast):
    _key, plain = organization_key_create(
        organization=cast.district, name="SIS", scopes=["roster:write"], by=cast.district_admin
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    upload = SimpleUploadedFile("users.csv", ONLY_OTHER, content_type="text/csv")
    created = client.post(
        reverse("api-roster-imports", args=[cast.district.public_id]),
        {"users_file": upload},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert created.json()["summary"] == {"invite": 1}
    import_id = created.json()["id"]
    confirm = reverse("api-roster-import-confirm", args=[cast.district.public_id, import_id])
    assert client.post(confirm).status_code == 200
    assert RosterImport.objects.get().status == RosterImport.Status.APPLIED
    assert not Membership.objects.filter(user=cast.other_educator, organization=cast.school)
    assert MembershipInvitation.objects.get(user=cast.other_educator).invited_by is None


@pytest.mark.django_db
def test_a_webhook_about_an_invited_educator_is_not_sent_to_the_district(cast):
    endpoint, _secret = endpoint_for(cast.district, "https://hooks.example.org/in")
    credential = published_credential(cast.issuer, "consent-hook", with_artifact=False)
    _import(cast, ONLY_OTHER)
    attempt(cast, cast.other_educator, credential, "submitted")
    assert not WebhookDelivery.objects.filter(endpoint=endpoint).exists()

    membership_invitation_accept(
        invitation=MembershipInvitation.objects.get(user=cast.other_educator),
        by=cast.other_educator,
    )
    second = published_credential(cast.issuer, "consent-hook-2", with_artifact=False)
    attempt(cast, cast.other_educator, second, "submitted")
    sent = WebhookDelivery.objects.filter(endpoint=endpoint, event_type="submission.submitted")
    assert sent.count() == 1


@pytest.mark.django_db
def test_a_roster_marking_an_invited_person_inactive_withdraws_the_invitation(cast):
    _import(cast, ONLY_OTHER)
    link = _invitation_link("other@test.org")
    leaving = b"email,name,school,role,status\nother@test.org,Other,Oak School,educator,inactive\n"
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=leaving
    )
    assert [(r.action, r.reason) for r in preview.rows.all()] == [
        ("deactivate", "The invitation is withdrawn.")
    ]
    roster_import_confirm(roster_import=preview, by=cast.district_admin)
    invitation = MembershipInvitation.objects.get(user=cast.other_educator)
    assert invitation.status == MembershipInvitation.Status.WITHDRAWN
    person = Client()
    person.force_login(cast.other_educator)
    person.post(link, {"decision": "accept"})
    assert not Membership.objects.filter(user=cast.other_educator, organization=cast.school)


@pytest.mark.django_db
def test_a_full_roster_without_an_invited_person_withdraws_the_invitation(cast):
    _import(cast, ONLY_OTHER)
    full = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=b"email,name,school,role\neducator@test.org,E,Oak School,educator\n",
        deactivate_missing=True,
    )
    rows = {row.label: (row.action, row.reason) for row in full.rows.all()}
    assert rows["other@test.org"] == (
        "deactivate",
        "Not in the full roster: the invitation is withdrawn.",
    )
    roster_import_confirm(roster_import=full, by=cast.district_admin)
    invitation = MembershipInvitation.objects.get(user=cast.other_educator)
    assert invitation.status == MembershipInvitation.Status.WITHDRAWN
    with pytest.raises(InvitationError, match="withdrawn"):
        membership_invitation_accept(invitation=invitation, by=cast.other_educator)
