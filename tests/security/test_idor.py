"""IDOR: every URL that names an object answers 404 to everyone who may not see it (a login
redirect for anonymous visitors on signed-in pages), never its content, and changes nothing.
A new object URL without a case here fails `test_every_object_url_has_an_idor_case`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.security import World, assert_unchanged, page_routes, snapshot

pytestmark = pytest.mark.django_db

# The wrong people, by the kind of object (names: World attributes, then cast attributes;
# None is the anonymous visitor).
SUBMISSION_OUTSIDERS = [
    "colleague",
    "other_educator",
    "reviewer",  # designated for the credential, but holds no claim on the draft
    "district_admin",
    "other_admin",
    "author",
    "outsider",
    None,
]
REVIEW_OUTSIDERS = [
    "second_reviewer",  # qualified for the credential, does not hold this claim
    "educator",  # the submitter never sees the reviewer's workspace
    "other_educator",
    "district_admin",
    "author",
    "outsider",
    None,
]
AUTHORING_OUTSIDERS = [
    "other_author",
    "reviewer",
    "educator",
    "district_admin",
    "outsider",
    None,
]
DISTRICT_OUTSIDERS = ["other_admin", "educator", "reviewer", "author", "outsider", None]
# Platform staff's pages do not exist for anyone else, anonymous visitors included.
STAFF_OUTSIDERS = [
    "educator",
    "district_admin",
    "state_admin",
    "reviewer",
    "author",
    "outsider",
    None,
]
BADGE_OUTSIDERS = ["colleague", "other_educator", "district_admin", "other_admin", "outsider"]


@dataclass
class Case:
    owner: str | None  # who may: the control (a GET must answer 200 for them)
    args: Callable[[World], list[Any]]
    wrong: list[str | None]
    method: str = "get"
    anonymous_gets: list[int] = field(default_factory=lambda: [302])


def _sub(w: World) -> list[Any]:
    return [w.draft.public_id]


def _draft_artifact(w: World) -> list[Any]:
    return [w.draft_artifact.public_id]


def _review(w: World) -> list[Any]:
    return [w.review.public_id]


def _version(w: World) -> list[Any]:
    return [w.credential_draft.public_id]


def _credential(w: World) -> list[Any]:
    return [w.badge_credential.public_id]


def _merge(w: World) -> list[Any]:
    return [w.account_merge.public_id]


def _badge(w: World) -> list[Any]:
    return [w.badge.public_id]


def _staff_member(w: World) -> list[Any]:
    return [w.cast.educator.public_id]


def _credit(w: World) -> list[Any]:
    return [w.credit_request.public_id]


def _body(w: World) -> list[Any]:
    return [w.credit_body.slug]


def _rule(w: World) -> list[Any]:
    return [w.credit_body.slug, w.credit_rule.public_id]


# Recognition: a request is its educator's and its body's approvers'; a body's pages are its
# managers' (its approvers, platform staff and the state's admins included among the wrong).
CREDIT_OUTSIDERS = ["colleague", "other_educator", "district_admin", "body_manager", "outsider"]
APPROVAL_OUTSIDERS = ["educator", "state_admin", "staff", "body_manager", "outsider", None]
BODY_OUTSIDERS = ["body_approver", "educator", "state_admin", "staff", "outsider", None]

# Someone else's transcript: the educator's colleagues and everyone outside the district.
TRANSCRIPT_OUTSIDERS = ["colleague", "other_educator", "other_admin", "reviewer", "outsider", None]
# Cohorts: its page is its active people's and its managers'; running it is its managers';
# milestones and announcements are its facilitators' (colleague), members included among the
# wrong (educator); other_educator is invited and has not answered.
COHORT_OUTSIDERS = ["other_educator", "other_admin", "reviewer", "author", "outsider", None]
MANAGE_OUTSIDERS = ["educator", "colleague", *COHORT_OUTSIDERS]
FACILITATE_OUTSIDERS = ["educator", "district_admin", *COHORT_OUTSIDERS]


def _cohort(w: World) -> list[Any]:
    return [w.cohort.public_id]


# A cohort's discussion: its active people only (the admin who runs the cohort is not in it);
# moderation is its facilitators' (the member who wrote the post included among the wrong).
DISCUSSION_OUTSIDERS = ["other_educator", "district_admin", "reviewer", "outsider", None]


def _cohort_thread(w: World) -> list[Any]:
    return [w.cohort.public_id, w.cohort_thread.public_id]


def _cohort_post(w: World) -> list[Any]:
    return [w.cohort.public_id, w.cohort_post.public_id]


S, R, A, D = SUBMISSION_OUTSIDERS, REVIEW_OUTSIDERS, AUTHORING_OUTSIDERS, DISTRICT_OUTSIDERS
CASES: dict[str, Case] = {
    # The educator's attempt and its evidence
    "submissions:detail": Case("educator", _sub, S),
    "submissions:submit": Case("educator", _sub, S, "post"),
    # A team invitation is its invitee's alone: even the team's lead gets 404 on it.
    "submissions:team_invitation_answer": Case(
        "educator", lambda w: [w.team_invitation.public_id], S, "post"
    ),
    "submissions:team_leave": Case("educator", lambda w: [w.team_invitation.public_id], S, "post"),
    "submissions:withdraw": Case("educator", _sub, S, "post"),
    # Autosaves answer a signed-out script 401 JSON ("sign in again"), not the sign-in page.
    "submissions:save_response": Case(
        "educator",
        lambda w: [w.draft.public_id, w.draft_requirement.public_id],
        S,
        "post",
        anonymous_gets=[401],
    ),
    "submissions:response_history": Case(
        "educator", lambda w: [w.draft.public_id, w.draft_requirement.public_id], S
    ),
    "submissions:artifact_create": Case("educator", _sub, S, "post"),
    "submissions:artifact_list": Case(
        "educator", lambda w: [w.draft.public_id, w.draft_artifact.requirement.public_id], S
    ),
    "submissions:artifact_sign": Case("educator", _draft_artifact, S, "post"),
    "submissions:artifact_uploaded": Case("educator", _draft_artifact, S, "post"),
    "submissions:artifact_status": Case("educator", _draft_artifact, S),
    "submissions:artifact_retry": Case("educator", _draft_artifact, S, "post"),
    "submissions:artifact_remove": Case("educator", _draft_artifact, S, "post"),
    "submissions:artifact_open": Case(
        "educator", lambda w: [w.draft_artifact.public_id, "original"], S
    ),
    # The reviewer's claim
    "reviews:claim": Case(None, _sub, ["reviewer", "second_reviewer", *S[:2], "outsider"], "post"),
    "reviews:review": Case("reviewer", _review, R),
    "reviews:autosave": Case("reviewer", _review, R, "post", anonymous_gets=[401]),
    "reviews:confirm": Case("reviewer", _review, R),
    "reviews:complete": Case("reviewer", _review, R, "post"),
    "reviews:release": Case("reviewer", _review, R, "post"),
    "reviews:comment_add": Case("reviewer", _review, R, "post"),
    "reviews:comment_delete": Case(
        "reviewer", lambda w: [w.review.public_id, w.comment.public_id], R, "post"
    ),
    # Authoring
    "credentials:authoring_credential": Case("author", _credential, A),
    "credentials:authoring_new_version": Case("author", _credential, A, "post"),
    "credentials:authoring_retire": Case("author", _credential, A),
    "credentials:authoring_details": Case("author", _version, A),
    "credentials:authoring_requirements": Case("author", _version, A),
    "credentials:authoring_rubric": Case("author", _version, A),
    "credentials:authoring_criteria_order": Case("author", _version, A, "post"),
    "credentials:authoring_requirements_order": Case("author", _version, A, "post"),
    "credentials:authoring_levels": Case(
        "author", lambda w: [w.credential_draft.public_id, w.criterion.public_id], A
    ),
    "credentials:authoring_preview": Case("author", _version, A),
    "credentials:authoring_publish": Case("author", _version, A, "post"),
    "credentials:authoring_stack_edit": Case("author", lambda w: [w.stack.public_id], A),
    # A district's staff, rosters and assignments
    "organizations:transcript": Case("district_admin", _staff_member, TRANSCRIPT_OUTSIDERS),
    "organizations:transcript_pdf": Case("district_admin", _staff_member, TRANSCRIPT_OUTSIDERS),
    "organizations:roster_preview": Case(
        "district_admin", lambda w: [w.roster_import.public_id], D
    ),
    "organizations:roster_confirm": Case(
        "district_admin", lambda w: [w.roster_import.public_id], D, "post"
    ),
    "organizations:roster_discard": Case(
        "district_admin", lambda w: [w.roster_import.public_id], D, "post"
    ),
    "organizations:assignment_cancel": Case(
        "district_admin", lambda w: [w.assignment.public_id], D, "post"
    ),
    # An invitation to join a district: only the invited account may answer it, even with the
    # link (the inviting admin included).
    "organizations:membership_invitation": Case(
        "other_educator",
        lambda w: [w.membership_invitation_token],
        ["educator", "district_admin", "other_admin", "outsider"],
        "post",
    ),
    # The district's integrations: keys, webhooks and their deliveries
    "organizations:integration_key_revoke": (
        Case(None, lambda w: [w.api_key.public_id], D, "post")
    ),
    "organizations:integration_webhook": Case("district_admin", lambda w: [w.webhook.public_id], D),
    "organizations:integration_webhook_test": Case(
        None, lambda w: [w.webhook.public_id], D, "post"
    ),
    "organizations:integration_webhook_toggle": Case(
        None, lambda w: [w.webhook.public_id], D, "post"
    ),
    "organizations:integration_webhook_delete": Case(
        None, lambda w: [w.webhook.public_id], D, "post"
    ),
    "organizations:integration_redeliver": Case(None, lambda w: [w.delivery.public_id], D, "post"),
    # The district's single sign-on: its providers and email domains (sso/)
    "sso:provider": Case("district_admin", lambda w: [w.sso_provider.public_id], D),
    "sso:provider_toggle": Case(None, lambda w: [w.sso_provider.public_id], D, "post"),
    "sso:provider_delete": Case(None, lambda w: [w.sso_provider.public_id], D, "post"),
    "sso:domain_verify": Case(None, lambda w: [w.sso_domain.public_id], D, "post"),
    "sso:domain_delete": Case(None, lambda w: [w.sso_domain.public_id], D, "post"),
    # Exports are per organization (?org=): another district's id is refused.
    "organizations:export_progress": Case("district_admin", lambda w: ["csv"], []),
    "organizations:export_earned": Case("district_admin", lambda w: ["csv"], []),
    # A private badge (the earner turned its page off)
    "badges:detail": Case("educator", _badge, [*BADGE_OUTSIDERS, None], anonymous_gets=[404]),
    # An educator's public profile while it is off (the default): the educator alone previews it.
    "badges:public_profile": Case(
        "educator",
        lambda w: [w.cast.educator.public_id],
        [*BADGE_OUTSIDERS, "staff", "reviewer", None],
        anonymous_gets=[404],
    ),
    # Merging accounts: platform staff only
    "account_merge_detail": Case("staff", _merge, STAFF_OUTSIDERS, anonymous_gets=[404]),
    "account_merge_undo": Case("staff", _merge, STAFF_OUTSIDERS, "post", anonymous_gets=[404]),
    # Sharing is the earner's alone, platform staff (superusers) included.
    "badges:sharing": Case("educator", _badge, [*BADGE_OUTSIDERS, "author", "staff", None], "post"),
    "badges:revoke": Case("staff", _badge, [*BADGE_OUTSIDERS, "educator", "author", None], "post"),
    # Credit: claiming from one's own badge, one's own requests, the renewal date with a body
    # that serves the educator (the issuer's people are not under the state).
    "recognition:claim": Case("educator", _badge, [*BADGE_OUTSIDERS, None]),
    # A draft shared with a critical friend: only they read it; the owner shares and stops.
    "friends:draft": Case("critical_friend", _sub, [*SUBMISSION_OUTSIDERS, "educator"]),
    "friends:comment": Case(None, _sub, SUBMISSION_OUTSIDERS, "post"),
    "friends:share": Case(None, _sub, [*SUBMISSION_OUTSIDERS, "critical_friend"], "post"),
    "friends:share_end": Case(
        None, lambda w: [w.peer_share.public_id], [*SUBMISSION_OUTSIDERS, "critical_friend"], "post"
    ),
    "recognition:withdraw": Case(None, _credit, [*CREDIT_OUTSIDERS, "body_approver", None], "post"),
    "recognition:renewal_date": Case(
        None, lambda w: [w.credit_body.public_id], ["author", "reviewer", "outsider", None], "post"
    ),
    "recognition:approval": Case("body_approver", _credit, APPROVAL_OUTSIDERS),
    "recognition:approve": Case(None, _credit, APPROVAL_OUTSIDERS, "post"),
    "recognition:deny": Case(None, _credit, APPROVAL_OUTSIDERS, "post"),
    "recognition:body": Case("body_manager", _body, BODY_OUTSIDERS),
    "recognition:rule_create": Case("body_manager", _body, BODY_OUTSIDERS),
    "recognition:rule_edit": Case("body_manager", _rule, BODY_OUTSIDERS),
    "recognition:rule_withdraw": Case(None, _rule, BODY_OUTSIDERS, "post"),
    "recognition:goal_create": Case("body_manager", _body, BODY_OUTSIDERS),
    "recognition:goal_edit": Case(
        "body_manager", lambda w: [w.credit_body.slug, w.credit_goal.public_id], BODY_OUTSIDERS
    ),
    "recognition:member_add": Case(None, _body, BODY_OUTSIDERS, "post"),
    "recognition:member_remove": Case(
        None,
        lambda w: [w.credit_body.slug, w.body_approver.public_id, "approver"],
        BODY_OUTSIDERS,
        "post",
    ),
    # Cohorts (community/)
    "community:cohort": Case("educator", _cohort, COHORT_OUTSIDERS),
    "community:edit": Case("district_admin", _cohort, MANAGE_OUTSIDERS),
    "community:invite": Case(None, _cohort, MANAGE_OUTSIDERS, "post"),
    "community:join_code": Case(None, _cohort, MANAGE_OUTSIDERS, "post"),
    "community:milestone": Case(None, _cohort, FACILITATE_OUTSIDERS, "post"),
    "community:announce": Case(None, _cohort, FACILITATE_OUTSIDERS, "post"),
    "community:leave": Case(None, _cohort, ["district_admin", *COHORT_OUTSIDERS], "post"),
    # Only the invited person answers an invitation (the inviting admin included).
    "community:respond": Case(
        None,
        lambda w: [w.cohort_invitation.public_id, "accept"],
        ["educator", "colleague", "district_admin", "other_admin", "outsider", None],
        "post",
    ),
    # A cohort's discussion (community/discussion_views.py)
    "community:discussion": Case("educator", _cohort, DISCUSSION_OUTSIDERS),
    "community:discussion_notifications": Case("educator", _cohort, DISCUSSION_OUTSIDERS),
    "community:thread": Case("educator", _cohort_thread, DISCUSSION_OUTSIDERS),
    "community:discussion_thread_moderate": Case(
        None, _cohort_thread, [*DISCUSSION_OUTSIDERS, "educator"], "post"
    ),
    "community:discussion_post_moderate": Case(
        None, _cohort_post, [*DISCUSSION_OUTSIDERS, "educator"], "post"
    ),
    "community:discussion_post_report": Case(None, _cohort_post, DISCUSSION_OUTSIDERS, "post"),
    "community:discussion_reports_resolve": Case(
        None, _cohort_post, [*DISCUSSION_OUTSIDERS, "educator"], "post"
    ),
    "community:discussion_attachment": Case(
        None, lambda w: [w.cohort.public_id, w.cohort_attachment.public_id], DISCUSSION_OUTSIDERS
    ),
    # "Add to a wallet" is the earner's alone, platform staff included (a POST makes an offer).
    "wallets:wallet_offer": Case(
        "educator", _badge, [*BADGE_OUTSIDERS, "author", "staff", None], "post"
    ),
}

# Object URLs that everyone may open, or that a signed token guards, and why.
PUBLIC = {
    # allauth's single sign-on steps, named by a district provider's public id (it is on the
    # sign-in page); they show or change no object of anyone's (tests/sso/).
    "openid_connect_login": "sign in with a district's provider: a redirect to it",
    "openid_connect_callback": "the provider's answer, bound to the browser's state",
    "saml_login": "sign in with a district's SAML IdP: a redirect to it",
    "saml_acs": "the IdP's signed response, checked by python3-saml",
    "saml_finish_acs": "the second step of the signed response above",
    "saml_metadata": "our public SAML service provider metadata for the IdP",
    "saml_sls": "SAML single logout, a signed message from the IdP",
    "credentials:detail": "the public catalog page of a published micro-credential",
    "credentials:stack_detail": "the public catalog page of a published stack",
    "submissions:start": "starts the caller's own attempt at a published micro-credential",
    "submissions:start_team": "starts the caller's own team attempt (invitations need consent)",
    "submissions:evidence_file": "signed personal link: see test_links.py",
    "submissions:upload_emulator": "signed upload URL: see test_links.py",
    "organizations:invitation_accept": "signed invitation link: see test_links.py",
    "account_confirm_email": "signed email-confirmation key: see test_links.py",
    "account_reset_password_from_key": "signed password-reset key: see test_links.py",
    "badges:evidence": "the summary the earner chose to publish (404 until published)",
    # Open Badges hosted verification: verifiers must fetch these whatever the page's
    # visibility; they carry the recipient only as a salted hash.
    "badges:image_png": "baked badge image (Open Badges)",
    "badges:image_svg": "baked badge image (Open Badges)",
    "badges:issuer": "Open Badges 2.0 issuer profile",
    "badges:badgeclass": "Open Badges 2.0 badge class",
    "badges:badgeclass_image": "Open Badges 2.0 badge class image",
    "badges:stack_badgeclass": "Open Badges 2.0 badge class of a stack",
    "badges:stack_image": "Open Badges 2.0 badge class image of a stack",
    "badges:assertion": "Open Badges 2.0 hosted assertion",
    "badges:ob3_issuer": "Open Badges 3.0 issuer profile (its keys)",
    "badges:ob3_credential": "Open Badges 3.0 signed credential",
    "badges:ob3_achievement": "Open Badges 3.0 achievement",
    "badges:ob3_stack_achievement": "Open Badges 3.0 achievement of a stack",
    "badges:status_list": "Open Badges 3.0 revocation status list",
    # OpenID4VCI: a wallet, signed in nowhere, fetches the offer behind its unguessable,
    # single-use, 10-minute URL; the rest under /.well-known/ and /oid4vci/ is a JSON 404.
    "wallets:credential_offer": "the offer JSON at its unguessable URL (ADR 0025)",
    "wallets:well_known_not_found": "a JSON 404 for any other /.well-known/ path",
    "wallets:oid4vci_not_found": "a JSON 404 for any other /oid4vci/ path",
    "recognition:certificate": "a certificate of approved credit, verified by whoever holds it",
    "recognition:certificate_pdf": "the PDF of that certificate (404 when the seal fails)",
    "": "unnamed /media/public/ files: badge images only",
}


def _user(world: World, who: str) -> Any:
    return getattr(world, who, None) or getattr(world.cast, who)


def test_every_object_url_has_an_idor_case() -> None:
    with_args = {r.name for r in page_routes() if r.has_args}
    missing = with_args - set(CASES) - set(PUBLIC)
    stale = (set(CASES) | set(PUBLIC)) - with_args
    assert not missing, f"object URLs without an IDOR case: {sorted(missing)}"
    assert not stale, f"cases for URLs that no longer exist: {sorted(stale)}"


def test_the_wrong_people_get_404_and_change_nothing(world: World) -> None:
    failures = []
    login = reverse("account_login")
    # One client for every request: a new test client rebuilds the middleware chain each time.
    client = Client()
    for name, case in sorted(CASES.items()):
        url = reverse(name, args=case.args(world))
        before = snapshot() if case.method == "post" else None
        for who in case.wrong:
            client.logout()
            if who is not None:
                client.force_login(_user(world, who))
            response = getattr(client, case.method)(url)
            expected = [404] if who is not None else case.anonymous_gets
            if response.status_code not in expected:
                failures.append((name, who, response.status_code))
            elif response.status_code == 302 and not response["Location"].startswith(login):
                failures.append((name, who, response["Location"]))
        if before is not None:
            assert_unchanged(before, (name, case.wrong))
    assert not failures, failures


def test_the_owner_gets_the_page(world: World) -> None:
    """Control: the 404s above are about who asks (each GET case opens for its owner)."""
    failures = []
    client = Client()
    for name, case in sorted(CASES.items()):
        if case.method != "get" or case.owner is None:
            continue
        client.force_login(_user(world, case.owner))
        response = client.get(reverse(name, args=case.args(world)))
        # artifact_open redirects to the personal link; confirm answers 400 until every
        # criterion is scored; everything else renders.
        if response.status_code not in (200, 302, 400):
            failures.append((name, response.status_code))
    assert not failures, failures


@pytest.mark.parametrize("name", ["organizations:export_progress", "organizations:export_earned"])
def test_exports_of_another_district_are_404(world: World, name: str) -> None:
    cast = world.cast
    client = Client()
    client.force_login(cast.district_admin)
    theirs = {"org": str(cast.other_district.public_id)}
    assert client.get(reverse(name, args=["csv"]), theirs).status_code == 404
    mine = client.get(reverse(name, args=["csv"]), {"org": str(cast.district.public_id)})
    assert mine.status_code == 200
    for who in ("educator", "reviewer", "outsider"):
        client.force_login(getattr(cast, who))
        assert client.get(reverse(name, args=["csv"])).status_code == 404, who


def test_a_private_badge_leaks_nothing_but_its_verifiable_documents(world: World) -> None:
    # The earner's name is on the page; a stranger gets 404 there and only hashed identity
    # in the Open Badges assertion.
    client = Client()
    client.force_login(world.cast.other_educator)
    name = world.cast.educator.get_full_name()
    assert client.get(reverse("badges:detail", args=[world.badge.public_id])).status_code == 404
    assertion = client.get(
        reverse("badges:assertion", args=[world.badge.public_id]),
        HTTP_ACCEPT="application/ld+json",
    )
    assert assertion.status_code == 200
    assert name not in assertion.content.decode()
    assert world.cast.educator.email not in assertion.content.decode()
