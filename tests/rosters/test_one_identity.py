"""One identity for life (ADR 0026): a roster names a person by any address their account
verified; a teacher who leaves one district and joins another keeps every badge, submission
and credit request, and their pages still show them."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from badges.models import Badge
from organizations.models import Membership, MembershipInvitation
from organizations.services import membership_invitation_accept
from recognition.models import CreditRequest
from recognition.services import credit_request_create
from rosters.services import roster_import_confirm, roster_import_preview
from submissions.models import Submission
from tests.support.credentials import make_credential
from tests.support.recognition import earn_badge, make_body, make_rule
from tests.support.submissions import draft_ready_to_submit

pytestmark = pytest.mark.django_db

NEW = "m.rivera@south.example"


def _import(organization, admin, text, **options):
    preview = roster_import_preview(
        organization=organization, by=admin, users_file=text.encode(), **options
    )
    actions = {row.label: row.action for row in preview.rows.all()}
    roster_import_confirm(roster_import=preview, by=admin)
    return actions


def _verified(user, email):
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=False)


@pytest.fixture
def record(cast, badge_site):
    """The educator's work in their first district: a badge, a draft, a credit request."""
    credential = make_credential(cast.issuer, "moving-on", pd_hours="10")
    badge = earn_badge(cast.educator, credential, cast.reviewer)
    draft = draft_ready_to_submit(cast.educator, make_credential(cast.issuer, "half-way"))
    board = make_body(applies_to=cast.district, organization=cast.district)
    credit = credit_request_create(
        educator=cast.educator, recognition=make_rule(board, credential=credential), badges=[badge]
    )
    return {"badge": badge, "draft": draft, "credit": credit}


def test_an_educator_who_moves_district_under_a_new_address_keeps_everything(client, cast, record):
    _verified(cast.educator, NEW)
    leave = "email,name,school,role,status\neducator@test.org,E,Oak School,educator,inactive\n"
    assert _import(cast.district, cast.district_admin, leave) == {"educator@test.org": "deactivate"}
    # The new district knows them by their new address: the same account, asked to consent.
    join = f"email,name,school,role\n{NEW.upper()},M. Rivera,Elm School,educator\n"
    assert _import(cast.other_district, cast.other_admin, join) == {NEW: "invite"}
    assert not User.objects.filter(email__iexact=NEW).exists()
    invitation = MembershipInvitation.objects.get(organization=cast.other_school)
    assert invitation.user == cast.educator
    assert not Membership.objects.filter(user=cast.educator, is_active=True).exists()
    membership_invitation_accept(invitation=invitation, by=cast.educator)
    active = Membership.objects.filter(user=cast.educator, is_active=True)
    assert [m.organization for m in active] == [cast.other_school]

    assert Badge.objects.get(pk=record["badge"].pk).educator == cast.educator
    assert Submission.objects.filter(educator=cast.educator).count() == 2
    assert CreditRequest.objects.get(pk=record["credit"].pk).educator == cast.educator
    client.force_login(cast.educator)
    assert record["badge"].title in client.get("/badges/").content.decode()
    submissions = client.get("/submissions/").content.decode()
    assert record["draft"].version.title in submissions
    credit = client.get("/credit/").content.decode()  # the old district's body, still theirs
    assert record["credit"].body.name in credit
    assert "Waiting for approval" in credit and "<strong>10 hours</strong>" in credit
    transcript = client.get("/organizations/transcript/").content.decode()
    assert record["badge"].title in transcript


def test_a_full_roster_that_names_someone_by_another_verified_address_keeps_them(cast):
    _verified(cast.colleague, "colleague@pine.example")
    full = (
        "email,name,school,role\n"
        "educator@test.org,E,Oak School,educator\n"
        "colleague@pine.example,C,Pine School,educator\n"
    )
    actions = _import(cast.district, cast.district_admin, full, deactivate_missing=True)
    assert actions == {"educator@test.org": "unchanged", "colleague@pine.example": "unchanged"}
    assert Membership.objects.filter(user=cast.colleague, is_active=True).exists()


def test_an_address_someone_added_but_never_verified_finds_nobody(cast):
    EmailAddress.objects.create(user=cast.colleague, email="unproven@pine.example")
    text = "email,name,school,role\nunproven@pine.example,U,Oak School,educator\n"
    assert _import(cast.district, cast.district_admin, text) == {"unproven@pine.example": "invite"}
    newcomer = User.objects.get(email="unproven@pine.example")
    assert newcomer != cast.colleague
    assert Membership.objects.filter(user=newcomer, organization=cast.school).exists()
