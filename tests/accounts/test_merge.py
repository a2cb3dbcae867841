"""Platform staff merge two accounts of one person, and undo it within 30 days (ADR 0026)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.merging import MergeError, account_merge, account_merge_preview, account_merge_undo
from accounts.models import AccountMerge, ApiToken, User
from accounts.tokens import api_token_create
from badges import verification
from badges.models import Badge
from organizations.models import Membership, Role
from organizations.role_cache import user_roles_for_layout
from organizations.services import membership_grant
from recognition.models import CreditRequest
from recognition.services import credit_request_create
from submissions.models import Submission
from tests.support.credentials import make_credential
from tests.support.factories import PASSWORD, UserFactory
from tests.support.recognition import earn_badge, make_body, make_rule
from tests.support.submissions import draft_ready_to_submit

pytestmark = pytest.mark.django_db

MERGE = "/account/merge/"
OLD = "rivera@old-district.example"


@pytest.fixture
def duplicate(cast, badge_site):
    """The educator's second account, from a district they left: a membership there, one in
    the educator's own school too (the clash), a badge, a draft and a credit request."""
    dup = UserFactory(email=OLD, display_name="M. Rivera")
    membership_grant(user=dup, organization=cast.other_school, role=Role.EDUCATOR)
    membership_grant(user=dup, organization=cast.school, role=Role.EDUCATOR)
    credential = make_credential(cast.issuer, "old-district-work", pd_hours="10")
    badge = earn_badge(dup, credential, cast.reviewer)
    draft_ready_to_submit(dup, make_credential(cast.issuer, "unfinished", pd_hours="5"))
    board = make_body(applies_to=cast.state, organization=cast.state)
    credit_request_create(
        educator=dup, recognition=make_rule(board, credential=credential), badges=[badge]
    )
    return dup


def _owned_by(user):
    return {
        "badges": Badge.objects.filter(educator=user).count(),
        "submissions": Submission.objects.filter(educator=user).count(),
        "credit": CreditRequest.objects.filter(educator=user).count(),
        "memberships": sorted(
            Membership.objects.filter(user=user).values_list("organization__name", flat=True)
        ),
    }


def _signs_in(client, login, password=PASSWORD):
    client.logout()
    response = client.post("/accounts/login/", {"login": login, "password": password})
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_staff_see_what_will_move_and_nothing_moves_yet(client, cast, duplicate):
    before = (_owned_by(cast.educator), _owned_by(duplicate))
    client.force_login(cast.staff)
    body = client.post(
        MERGE, {"action": "preview", "kept_email": "educator@test.org", "folded_email": OLD}
    ).content.decode()
    assert "What will move" in body
    assert "Badges (badges)" in body and "Submissions (submissions)" in body
    assert "Memberships (organizations)" in body and "Credit requests (recognition)" in body
    assert (_owned_by(cast.educator), _owned_by(duplicate)) == before
    duplicate.refresh_from_db()
    assert duplicate.is_active and duplicate.email == OLD
    assert not AccountMerge.objects.exists()


def test_the_preview_counts_what_the_merge_moves(cast, duplicate):
    preview = account_merge_preview(kept=cast.educator, folded=duplicate)
    merge = account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    assert preview.moved == merge.moved and preview.stayed == merge.stayed
    assert [e["email"] for e in preview.emails] == [OLD]


def test_merge_moves_everything_keeps_the_kept_row_on_a_clash_and_deactivates(
    client, cast, duplicate
):
    dup_badge = Badge.objects.get(educator=duplicate)
    token, _ = api_token_create(user=duplicate, name="old")
    client.force_login(cast.staff)
    kept, folded = cast.educator, duplicate
    response = client.post(
        MERGE, {"action": "confirm", "kept": str(kept.public_id), "folded": str(folded.public_id)}
    )
    merge = AccountMerge.objects.get()
    assert response["Location"] == f"/account/merge/{merge.public_id}/"
    owned = _owned_by(kept)
    assert owned["badges"] == 1 and owned["submissions"] == 2 and owned["credit"] == 1
    assert owned["memberships"] == ["Elm School", "Oak School"]
    # The same membership twice: the kept account's counts, the folded one's stays behind.
    assert _owned_by(folded)["memberships"] == ["Oak School"]
    stayed = merge.stayed
    assert [(s["model"], s["field"]) for s in stayed] == [("organizations.Membership", "user_id")]
    assert {"model": "badges.Badge", "pk": dup_badge.pk, "field": "educator_id"} in merge.moved
    assert merge.merged_by == cast.staff and merge.folded_email == OLD
    # Its verified address is the kept account's, verified; the folded account cannot sign in.
    assert EmailAddress.objects.get(email=OLD).user == kept
    assert EmailAddress.objects.get(email=OLD).verified
    folded.refresh_from_db()
    assert not folded.is_active and folded.email != OLD
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None  # not a way in for anyone
    assert _signs_in(client, OLD)
    assert client.get("/").context["user"] == kept
    assert "educator" in user_roles_for_layout(User.objects.get(pk=kept.pk))
    # The badge issued to the old address still verifies, and names its earner by both.
    dup_badge.refresh_from_db()
    assert dup_badge.educator == kept
    for email in (OLD, "educator@test.org"):
        report = verification.check_badge(dup_badge, email=email, source="test")
        assert report.valid and report.recipient_matches
    client.force_login(kept)
    assert dup_badge.title in client.get("/badges/").content.decode()


def test_undo_moves_it_all_back_and_reactivates(client, cast, duplicate):
    before = (_owned_by(cast.educator), _owned_by(duplicate))
    merge = account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    client.force_login(cast.staff)
    response = client.post(f"/account/merge/{merge.public_id}/undo/", follow=True)
    assert "The merge was undone" in response.content.decode()
    assert (_owned_by(cast.educator), _owned_by(duplicate)) == before
    duplicate.refresh_from_db()
    assert duplicate.is_active and duplicate.email == OLD
    address = EmailAddress.objects.get(email=OLD)
    assert address.user == duplicate and address.primary and address.verified
    merge.refresh_from_db()
    assert merge.undone_by == cast.staff and merge.not_moved_back == []
    assert _signs_in(client, OLD)
    assert client.get("/").context["user"] == duplicate
    # Twice: refused.
    with pytest.raises(MergeError, match="already undone"):
        account_merge_undo(merge=merge, by=cast.staff)


def test_undo_is_refused_after_30_days(client, cast, duplicate):
    merge = account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    AccountMerge.objects.filter(pk=merge.pk).update(
        merged_at=timezone.now() - timedelta(days=30, minutes=1)
    )
    client.force_login(cast.staff)
    page = client.get(f"/account/merge/{merge.public_id}/").content.decode()
    assert "can no longer be undone" in page and "Undo merge" not in page
    response = client.post(f"/account/merge/{merge.public_id}/undo/", follow=True)
    assert "more than 30 days old and can no longer be undone" in response.content.decode()
    duplicate.refresh_from_db()
    assert not duplicate.is_active
    assert _owned_by(duplicate)["badges"] == 0


def test_undo_waits_while_a_moved_address_is_the_primary_one(cast, duplicate):
    merge = account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    EmailAddress.objects.get(email=OLD).set_as_primary()
    with pytest.raises(MergeError, match="make another address primary first"):
        account_merge_undo(merge=merge, by=cast.staff)


@pytest.mark.parametrize(
    ("kept", "folded", "problem"),
    [
        ("educator", "educator", "two different accounts"),
        ("educator", "staff", "platform staff account"),
    ],
)
def test_impossible_merges_are_refused(cast, kept, folded, problem):
    with pytest.raises(MergeError, match=problem):
        account_merge(kept=getattr(cast, kept), folded=getattr(cast, folded), by=cast.staff)


def test_the_form_names_unknown_addresses(client, cast):
    client.force_login(cast.staff)
    body = client.post(
        MERGE, {"action": "preview", "kept_email": "nobody@x.example", "folded_email": "bad"}
    ).content.decode()
    assert "No account has this address" in body and "Enter a valid email address" in body
    response = client.post(MERGE, {"action": "confirm", "kept": "nope", "folded": "\x00"})
    assert response.status_code == 302
    assert not AccountMerge.objects.exists()


@pytest.mark.parametrize("who", ["educator", "district_admin", "author", "outsider", None])
def test_merge_pages_do_not_exist_for_anyone_but_platform_staff(client, cast, duplicate, who):
    merge = account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    if who:
        client.force_login(getattr(cast, who))
    detail = f"/account/merge/{merge.public_id}/"
    assert client.get(MERGE).status_code == 404
    assert client.get(detail).status_code == 404
    response = client.post(
        MERGE,
        {
            "action": "confirm",
            "kept": str(duplicate.public_id),
            "folded": str(cast.colleague.public_id),
        },
    )
    assert response.status_code == 404
    assert client.post(detail + "undo/").status_code == 404
    merge.refresh_from_db()
    assert merge.undone_at is None and AccountMerge.objects.count() == 1
    client.force_login(cast.staff)
    assert client.get(detail).status_code == 200
    assert client.get(MERGE).status_code == 200


def test_the_admin_action_fills_in_the_two_accounts(client, cast, duplicate):
    client.force_login(cast.staff)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "merge_accounts", "_selected_action": [cast.educator.pk, duplicate.pk]},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'value="{cast.educator.email}"' in page and f'value="{OLD}"' in page
    assert not AccountMerge.objects.exists()  # only the page's confirmation merges
    assert client.get("/admin/accounts/accountmerge/").status_code == 200


def test_the_folded_account_is_signed_out_at_its_next_request(client, cast, duplicate):
    client.force_login(duplicate)
    assert client.get("/").context["user"] == duplicate
    account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    assert not client.get("/").context["user"].is_authenticated


def test_an_account_is_folded_once(cast, duplicate):
    account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    with pytest.raises(MergeError, match=r"already merged into educator@test\.org"):
        account_merge(kept=cast.colleague, folded=duplicate, by=cast.staff)


def test_the_merge_page_lists_recent_merges_in_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    for n in range(4):
        account_merge(
            kept=UserFactory(email=f"kept{n}@x.example"),
            folded=UserFactory(email=f"folded{n}@x.example"),
            by=cast.staff,
        )
    client.force_login(cast.staff)
    client.get(MERGE)
    with django_assert_max_num_queries(8):
        body = client.get(MERGE).content.decode()
    assert body.count("(undone)") == 0 and "folded3@x.example into kept3@x.example" in body
