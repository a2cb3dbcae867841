"""CSRF on every form: every page URL that accepts POST refuses a cross-site POST (no token)
from a signed-in user with 403, and nothing changes. A new POST-accepting page URL without a
case here fails `test_every_post_accepting_page_has_a_csrf_case`."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.security import World, assert_unchanged, page_routes, snapshot

pytestmark = pytest.mark.django_db

# name -> (who is signed in: a cast attribute, a World attribute, or None, the URL args)
Case = tuple[str | None, Callable[[World], list[Any]]]
NO_ARGS: Callable[[World], list[Any]] = lambda w: []  # noqa: E731

CASES: dict[str, Case] = {
    "home": ("educator", NO_ARGS),
    # allauth's forms
    "account_login": (None, NO_ARGS),
    "account_logout": ("educator", NO_ARGS),
    "account_signup": (None, NO_ARGS),
    "account_reauthenticate": ("educator", NO_ARGS),
    "account_email": ("educator", NO_ARGS),
    "account_email_verification_sent": ("educator", NO_ARGS),
    "account_change_password": ("educator", NO_ARGS),
    "account_set_password": ("invited", NO_ARGS),
    "account_reset_password": (None, NO_ARGS),
    "account_confirm_login_code": (None, NO_ARGS),
    "account_confirm_email": ("educator", lambda w: ["some-key"]),
    "account_reset_password_from_key": (None, lambda w: ["1", "set-password"]),
    # allauth.mfa's forms (a second factor)
    "mfa_authenticate": (None, NO_ARGS),
    "mfa_reauthenticate": ("educator", NO_ARGS),
    "mfa_activate_totp": ("educator", NO_ARGS),
    "mfa_deactivate_totp": ("educator", NO_ARGS),
    "mfa_generate_recovery_codes": ("educator", NO_ARGS),
    # allauth.socialaccount's forms (single sign-on: connecting a provider, its sign-up form,
    # and starting or finishing a sign-in through a district's provider)
    "socialaccount_connections": ("educator", NO_ARGS),
    "socialaccount_signup": (None, NO_ARGS),
    "openid_connect_login": (None, lambda w: [w.sso_provider.provider_id]),
    "openid_connect_callback": (None, lambda w: [w.sso_provider.provider_id]),
    # ours
    "profile": ("educator", NO_ARGS),
    "api_tokens": ("educator", NO_ARGS),
    "account_merge": ("staff", NO_ARGS),
    "account_merge_undo": ("staff", lambda w: [w.account_merge.public_id]),
    "credentials:authoring_create": ("author", NO_ARGS),
    "credentials:authoring_new_version": ("author", lambda w: [w.credential.public_id]),
    "credentials:authoring_retire": ("author", lambda w: [w.credential.public_id]),
    "credentials:authoring_details": ("author", lambda w: [w.credential_draft.public_id]),
    "credentials:authoring_requirements": ("author", lambda w: [w.credential_draft.public_id]),
    "credentials:authoring_rubric": ("author", lambda w: [w.credential_draft.public_id]),
    "credentials:authoring_criteria_order": ("author", lambda w: [w.credential_draft.public_id]),
    "credentials:authoring_requirements_order": (
        "author",
        lambda w: [w.credential_draft.public_id],
    ),
    "credentials:authoring_levels": (
        "author",
        lambda w: [w.credential_draft.public_id, w.criterion.public_id],
    ),
    "credentials:authoring_publish": ("author", lambda w: [w.credential_draft.public_id]),
    "credentials:authoring_stack_create": ("author", NO_ARGS),
    "credentials:authoring_stack_edit": ("author", lambda w: [w.stack.public_id]),
    "submissions:start": ("colleague", lambda w: [w.credential.slug]),
    "submissions:start_team": ("other_educator", lambda w: [w.team_credential.slug]),
    "submissions:team_invitation_answer": ("educator", lambda w: [w.team_invitation.public_id]),
    "submissions:team_leave": ("educator", lambda w: [w.team_invitation.public_id]),
    "submissions:submit": ("educator", lambda w: [w.draft.public_id]),
    "submissions:withdraw": ("educator", lambda w: [w.draft.public_id]),
    "submissions:save_response": (
        "educator",
        lambda w: [w.draft.public_id, w.draft_requirement.public_id],
    ),
    "submissions:artifact_create": ("educator", lambda w: [w.draft.public_id]),
    "submissions:artifact_sign": ("educator", lambda w: [w.draft_artifact.public_id]),
    "submissions:artifact_uploaded": ("educator", lambda w: [w.draft_artifact.public_id]),
    "submissions:artifact_retry": ("educator", lambda w: [w.draft_artifact.public_id]),
    "submissions:artifact_remove": ("educator", lambda w: [w.draft_artifact.public_id]),
    "organizations:roster_upload": ("district_admin", NO_ARGS),
    "organizations:roster_confirm": ("district_admin", lambda w: [w.roster_import.public_id]),
    "organizations:roster_discard": ("district_admin", lambda w: [w.roster_import.public_id]),
    "organizations:assignments": ("district_admin", NO_ARGS),
    "organizations:assignment_cancel": ("district_admin", lambda w: [w.assignment.public_id]),
    "organizations:invitation_accept": (None, lambda w: list(w.invitation_args)),
    "organizations:membership_invitation": (
        "other_educator",
        lambda w: [w.membership_invitation_token],
    ),
    "organizations:integration_key_create": ("district_admin", NO_ARGS),
    "organizations:integration_key_revoke": ("district_admin", lambda w: [w.api_key.public_id]),
    "organizations:integration_webhook_create": ("district_admin", NO_ARGS),
    "organizations:integration_webhook_test": ("district_admin", lambda w: [w.webhook.public_id]),
    "organizations:integration_webhook_toggle": (
        "district_admin",
        lambda w: [w.webhook.public_id],
    ),
    "organizations:integration_webhook_delete": (
        "district_admin",
        lambda w: [w.webhook.public_id],
    ),
    "organizations:integration_redeliver": ("district_admin", lambda w: [w.delivery.public_id]),
    "badges:sharing": ("educator", lambda w: [w.badge.public_id]),
    "badges:revoke": ("staff", lambda w: [w.badge.public_id]),
    "badges:verify": (None, NO_ARGS),
    "wallets:wallet_offer": ("educator", lambda w: [w.badge.public_id]),
    "friends:comment": ("critical_friend", lambda w: [w.draft.public_id]),
    "friends:share": ("educator", lambda w: [w.draft.public_id]),
    "friends:share_end": ("educator", lambda w: [w.peer_share.public_id]),
    "reviews:claim": ("second_reviewer", lambda w: [w.submitted.public_id]),
    "reviews:preferences": ("reviewer", NO_ARGS),
    "reviews:review": ("reviewer", lambda w: [w.review.public_id]),
    "reviews:autosave": ("reviewer", lambda w: [w.review.public_id]),
    "reviews:complete": ("reviewer", lambda w: [w.review.public_id]),
    "reviews:release": ("reviewer", lambda w: [w.review.public_id]),
    "reviews:comment_add": ("reviewer", lambda w: [w.review.public_id]),
    "reviews:comment_delete": ("reviewer", lambda w: [w.review.public_id, w.comment.public_id]),
    "community:create": ("district_admin", NO_ARGS),
    "community:join": ("colleague", NO_ARGS),
    "community:respond": (
        "other_educator",
        lambda w: [w.cohort_invitation.public_id, "accept"],
    ),
    "community:edit": ("district_admin", lambda w: [w.cohort.public_id]),
    "community:invite": ("district_admin", lambda w: [w.cohort.public_id]),
    "community:join_code": ("district_admin", lambda w: [w.cohort.public_id]),
    "community:milestone": ("colleague", lambda w: [w.cohort.public_id]),
    "community:announce": ("colleague", lambda w: [w.cohort.public_id]),
    "community:leave": ("educator", lambda w: [w.cohort.public_id]),
    "sso:provider_create": ("district_admin", NO_ARGS),
    "sso:provider": ("district_admin", lambda w: [w.sso_provider.public_id]),
    "sso:provider_toggle": ("district_admin", lambda w: [w.sso_provider.public_id]),
    "sso:provider_delete": ("district_admin", lambda w: [w.sso_provider.public_id]),
    "sso:domain_add": ("district_admin", NO_ARGS),
    "sso:domain_verify": ("district_admin", lambda w: [w.sso_domain.public_id]),
    "sso:domain_delete": ("district_admin", lambda w: [w.sso_domain.public_id]),
    "recognition:claim": ("educator", lambda w: [w.badge.public_id]),
    "recognition:withdraw": ("educator", lambda w: [w.credit_request.public_id]),
    "recognition:renewal_date": ("educator", lambda w: [w.credit_body.public_id]),
    "recognition:approve": ("body_approver", lambda w: [w.credit_request.public_id]),
    "recognition:deny": ("body_approver", lambda w: [w.credit_request.public_id]),
    "recognition:rule_create": ("body_manager", lambda w: [w.credit_body.slug]),
    "recognition:rule_edit": (
        "body_manager",
        lambda w: [w.credit_body.slug, w.credit_rule.public_id],
    ),
    "recognition:rule_withdraw": (
        "body_manager",
        lambda w: [w.credit_body.slug, w.credit_rule.public_id],
    ),
    "recognition:goal_create": ("body_manager", lambda w: [w.credit_body.slug]),
    "recognition:goal_edit": (
        "body_manager",
        lambda w: [w.credit_body.slug, w.credit_goal.public_id],
    ),
    "recognition:member_add": ("body_manager", lambda w: [w.credit_body.slug]),
    "recognition:member_remove": (
        "body_manager",
        lambda w: [w.credit_body.slug, w.body_approver.public_id, "approver"],
    ),
    # A cohort's discussion: a member posts, reports and chooses notifications; its
    # facilitator (the colleague) moderates and resolves reports.
    "community:discussion": ("educator", lambda w: [w.cohort.public_id]),
    "community:discussion_notifications": ("educator", lambda w: [w.cohort.public_id]),
    "community:thread": ("educator", lambda w: [w.cohort.public_id, w.cohort_thread.public_id]),
    "community:discussion_thread_moderate": (
        "colleague",
        lambda w: [w.cohort.public_id, w.cohort_thread.public_id],
    ),
    "community:discussion_post_moderate": (
        "colleague",
        lambda w: [w.cohort.public_id, w.cohort_post.public_id],
    ),
    "community:discussion_post_report": (
        "colleague",
        lambda w: [w.cohort.public_id, w.cohort_post.public_id],
    ),
    "community:discussion_reports_resolve": (
        "colleague",
        lambda w: [w.cohort.public_id, w.cohort_post.public_id],
    ),
}

# POST-accepting page routes with no CSRF case, and why.
NOT_FORMS = {
    # Authenticated by the signed, expiring token in its URL, like the presigned S3 URL it
    # stands in for; the browser's Uppy client sends no cookie-bound token there.
    "submissions:upload_emulator": "signed-URL upload endpoint (see test_links.py)",
    # OpenID4VCI (ADR 0025): a wallet calls these with a pre-authorized code or a bearer access
    # token, never with the site's cookies, so there is no session for a forged request to
    # ride on (and a wallet could not send a CSRF token).
    "wallets:token": "OAuth token endpoint: the pre-authorized code authorizes it",
    "wallets:nonce": "hands out a c_nonce: authorizes nothing, changes nothing",
    "wallets:credential": "credential endpoint: the bearer access token authorizes it",
    "wallets:well_known_not_found": "a JSON 404 to any method, changes nothing",
    "wallets:oid4vci_not_found": "a JSON 404 to any method, changes nothing",
    # django.views.static.serve answers any method but only ever reads a public file.
    "": "unnamed /media/public/ static serve: read-only",
    # The identity provider's page posts a signed SAML message here from its own origin: no
    # token of ours can be in it; python3-saml checks its signature, audience, destination,
    # InResponseTo and validity, and allauth the RelayState bound to the browser (tests/sso/).
    "saml_acs": "SAML assertion consumer service: a signed response from the IdP",
    "saml_sls": "SAML single logout service: a signed message from the IdP",
}

# What a form would send: enough fields that only the missing token can stop it.
BODY = {
    "display_name": "Changed",
    "name": "token",
    "revoke": "",
    "text": "changed",
    "reason": "forged",
    "is_public": "on",
    "password": "x",
    "login": "educator@test.org",
    "domain": "forged.example",
    "kind": "oidc",
    "confirm": "1",  # the confirmation step of submit and publish
}


def _user(world: World, who: str | None) -> Any:
    if who is None:
        return None
    return getattr(world, who, None) or getattr(world.cast, who)


def test_every_post_accepting_page_has_a_csrf_case() -> None:
    # A CSRF-exempt view takes POST whatever its handlers say (allauth's SAML views dispatch
    # every method themselves), and is listed in NOT_FORMS with its reason.
    posting = {r.name for r in page_routes() if r.accepts_post or r.csrf_exempt}
    missing = posting - set(CASES) - set(NOT_FORMS)
    stale = (set(CASES) | set(NOT_FORMS)) - posting
    assert not missing, f"POST-accepting pages without a CSRF case: {sorted(missing)}"
    assert not stale, f"cases for routes that no longer accept POST: {sorted(stale)}"


def test_exempt_routes_are_only_the_allowed_ones() -> None:
    exempt = {r.name for r in page_routes() if r.csrf_exempt}
    assert exempt <= set(NOT_FORMS), sorted(exempt)


def test_a_post_without_the_token_is_refused_and_changes_nothing(world: World) -> None:
    # One world for every case (each case proves it changed nothing, so they cannot interact).
    failures = []
    client = Client(enforce_csrf_checks=True)  # one client: each new one rebuilds middleware
    for name, (who, args) in sorted(CASES.items()):
        client.logout()
        user = _user(world, who)
        if user is not None:
            client.force_login(user)
        before = snapshot()

        response = client.post(reverse(name, args=args(world)), BODY)

        # 403 for the token, not for who asks: our CSRF failure page names itself.
        if response.status_code != 403 or b"This page had expired" not in response.content:
            failures.append((name, response.status_code))
        assert_unchanged(before, name)
    assert not failures, failures


def test_the_json_api_refuses_a_session_post_without_the_token(world: World) -> None:
    # Browser sessions work on the API too; DRF's SessionAuthentication must enforce CSRF.
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.cast.educator)
    before = snapshot()
    response = client.post(
        reverse("api-submissions"),
        {"micro_credential": str(world.badge_credential.public_id)},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert_unchanged(before, "api-submissions")


def test_the_same_post_with_the_token_gets_through(world: World) -> None:
    """Control: the 403s above are the token's doing (this would fail if CSRF always 403ed)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.cast.educator)
    page = client.get(reverse("profile"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("profile"), {"display_name": "Changed", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    world.cast.educator.refresh_from_db()
    assert world.cast.educator.display_name == "Changed"


@pytest.mark.django_db
def test_the_csrf_failure_page_explains_and_leads_back_only_to_our_own_pages(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.educator)
    ours = "http://testserver/submissions/"
    response = client.post("/account/profile/", {"display_name": "X"}, headers={"Referer": ours})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Nothing was changed" in body and f'href="{ours}">Go back' in body
    response = client.post(
        "/account/profile/", {"display_name": "X"}, headers={"Referer": "https://evil.example/"}
    )
    assert "evil.example" not in response.content.decode()
