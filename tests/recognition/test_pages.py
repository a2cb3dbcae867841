"""Recognition pages: My credit, claiming credit from a badge, the approvers' queue, a body's own
pages for its managers, and "counts for" on the catalog, credential, stack and badge pages.
Each page: who gets in, who gets 404, forms with bad input, queries per list page."""

import html
import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from badges.services import stack_badge_award
from recognition import services
from recognition.models import BodyMembership, CreditRequest, EducatorCycle, Goal, Recognition
from tests.support.credentials import make_credential, make_stack
from tests.support.factories import UserFactory
from tests.support.recognition import earn_badge, make_body, make_renewal_goal, make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    caches["fragments"].clear()


@pytest.fixture
def manager(cast, board):
    user = UserFactory(email="manager@test.org")
    BodyMembership.objects.create(body=board, user=user, role="manager")
    return user


def _text(response) -> str:
    """What a reader sees: the page's text without markup, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def _links(response) -> set[str]:
    return set(re.findall(r'(?:href|action)="([^"]+)"', response.content.decode()))


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --------------------------------------------------------------------------- My credit


def test_my_credit_needs_a_sign_in(client):
    response = client.get(reverse("recognition:my_credit"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_credit_is_in_the_top_bar_for_everyone_signed_in(client, cast):
    for user in (cast.educator, cast.outsider, cast.reviewer):
        client.force_login(user)
        assert 'href="/credit/"' in client.get(reverse("home")).content.decode()


def test_my_credit_says_what_to_do_next_without_credit(client, cast, board):
    make_renewal_goal(board)
    client.force_login(cast.educator)
    text = _text(client.get(reverse("recognition:my_credit")))
    assert "No credit claimed yet" in text
    assert "Claim credit from a badge" in text
    # The body serving the educator's state shows with the goal's cycle.
    assert "Test State Licensure Board" in text
    assert "0 of 120 hours, cycle" in text


def test_my_credit_without_any_body_points_to_the_catalog(client, cast):
    client.force_login(cast.outsider)
    text = _text(client.get(reverse("recognition:my_credit")))
    assert "No body recognizes micro-credentials for you yet" in text


def test_my_credit_shows_granted_pending_denied_and_progress(
    client, cast, board, approver, rule, badge, credential, django_assert_max_num_queries
):
    make_renewal_goal(board)
    EducatorCycle.objects.create(educator=cast.educator, body=board, renewal_date=date(2027, 1, 15))
    granted = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=granted, by=approver)
    other = make_credential(cast.issuer, "wait-time", pd_hours="5")
    make_rule(board, credential=other, amount="5", unit="hours")
    second = earn_badge(cast.educator, other, cast.reviewer)
    pending = services.credit_request_create(
        educator=cast.educator,
        recognition=Recognition.objects.get(micro_credential=other),
        badges=[second],
    )
    client.force_login(cast.educator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("recognition:my_credit"))
    text = _text(response)
    assert "Granted: 10 hours" in text
    assert "10 of 120 hours, cycle Jan 2022 \N{EN DASH} Jan 2027" in text
    links = _links(response)
    assert reverse("recognition:certificate", args=[granted.public_id]) in links
    assert "Waiting for approval" in text and "5 hours" in text
    assert reverse("recognition:withdraw", args=[pending.public_id]) in links


def test_a_denied_request_shows_its_reason(client, cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_deny(request=request, by=approver, reason="Outside our window.")
    client.force_login(cast.educator)
    text = _text(client.get(reverse("recognition:my_credit")))
    assert "Denied" in text and "Reason: Outside our window." in text


def test_flagged_credit_is_explained(client, cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    services.credits_flag_for_revoked_badge(
        badge_public_id=str(badge.public_id), reason="Plagiarism"
    )
    client.force_login(cast.educator)
    text = _text(client.get(reverse("recognition:my_credit")))
    assert "Under review again" in text and "Plagiarism" in text


def test_the_educator_withdraws_a_pending_request_and_no_one_else_can(client, cast, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    url = reverse("recognition:withdraw", args=[request.public_id])
    client.force_login(cast.colleague)
    assert client.post(url).status_code == 404
    client.force_login(cast.educator)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "withdrawn" in " ".join(_messages(response))
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.WITHDRAWN
    # Again: the move is refused in words, not an error page.
    response = client.post(url, follow=True)
    assert "cannot be changed now" in " ".join(_messages(response))


def test_the_renewal_date_is_set_per_body_and_validated(client, cast, board):
    make_renewal_goal(board)
    url = reverse("recognition:renewal_date", args=[board.public_id])
    client.force_login(cast.educator)
    for bad in ("", "not a date", "1999-01-01", "2199-01-01"):
        response = client.post(url, {"renewal_date": bad})
        assert response.status_code == 400
        assert "is-invalid" in response.content.decode()
    assert not EducatorCycle.objects.exists()
    next_year = timezone.localdate() + timedelta(days=400)
    response = client.post(url, {"renewal_date": next_year.isoformat()})
    assert response.status_code == 302
    assert EducatorCycle.objects.get(educator=cast.educator, body=board).renewal_date == next_year


def test_the_renewal_date_of_a_body_that_does_not_serve_you_is_404(client, cast):
    elsewhere = make_body("Other State Board", applies_to=cast.issuer)
    client.force_login(cast.educator)
    url = reverse("recognition:renewal_date", args=[elsewhere.public_id])
    assert client.post(url, {"renewal_date": "2030-01-01"}).status_code == 404


# --------------------------------------------------------------------------- claiming


def test_my_badges_and_the_badge_page_offer_the_claim(client, cast, rule, badge):
    client.force_login(cast.educator)
    claim_url = reverse("recognition:claim", args=[badge.public_id])
    mine = client.get(reverse("badges:mine"))
    assert "Counts for: 10 hours (Test State Licensure Board)" in _text(mine)
    assert claim_url in _links(mine)
    page = client.get(reverse("badges:detail", args=[badge.public_id]))
    assert "What it counts for" in _text(page) and claim_url in _links(page)


def test_the_badge_page_shows_counts_for_but_no_claim_to_others(client, cast, rule, badge):
    badge.is_public = True
    badge.save()
    client.force_login(cast.colleague)
    page = client.get(reverse("badges:detail", args=[badge.public_id]))
    assert "What it counts for" in _text(page)
    assert reverse("recognition:claim", args=[badge.public_id]) not in _links(page)


def test_claiming_from_a_badge_lists_options_and_requests_in_one_click(client, cast, rule, badge):
    url = reverse("recognition:claim", args=[badge.public_id])
    client.force_login(cast.educator)
    text = _text(client.get(url))
    assert "10 hours of license renewal hours" in text
    assert "approval required" in text
    response = client.post(url, {"recognition": str(rule.public_id)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("recognition:my_credit")
    assert "an approver will decide" in " ".join(_messages(response))
    assert CreditRequest.objects.get().status == CreditRequest.Status.PENDING


def test_a_rule_without_approval_grants_at_once(client, cast, board, credential, badge):
    rule = make_rule(board, credential=credential, requires_approval=False, outcome="salary_credit")
    client.force_login(cast.educator)
    url = reverse("recognition:claim", args=[badge.public_id])
    assert "granted at once" in _text(client.get(url))
    response = client.post(url, {"recognition": str(rule.public_id)}, follow=True)
    assert "granted 10 hours" in " ".join(_messages(response))
    assert CreditRequest.objects.get().status == CreditRequest.Status.APPROVED


def test_each_problem_is_its_own_message(client, cast, rule, badge):
    services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    rule.limit_count = 1
    rule.save()
    client.force_login(cast.educator)
    url = reverse("recognition:claim", args=[badge.public_id])
    assert "Already credited" in _text(client.get(url))
    response = client.post(url, {"recognition": str(rule.public_id)})
    assert response.status_code == 400
    assert any("already credited" in message for message in _messages(response))


def test_a_rule_needing_three_badges_lets_the_educator_pick_the_others(
    client, cast, board, django_assert_max_num_queries
):
    credentials = [make_credential(cast.issuer, f"salary-{n}", pd_hours="5") for n in range(3)]
    area = credentials[0].published_version.focus_area
    rule = make_rule(
        board,
        focus_area=area,
        badges_per_claim=3,
        amount="1",
        unit="salary credit",
        requires_approval=False,
        outcome="salary_credit",
    )
    badges = [earn_badge(cast.educator, credential, cast.reviewer) for credential in credentials]
    url = reverse("recognition:claim", args=[badges[0].public_id])
    client.force_login(cast.educator)
    text = _text(client.get(url))
    assert "Choose 2 more badges" in text
    # Too few: the service says how many it takes.
    response = client.post(
        url, {"recognition": str(rule.public_id), "badges": [str(badges[1].public_id)]}
    )
    assert response.status_code == 400
    assert any("3 badges at a time" in message for message in _messages(response))
    # A badge that is not an eligible one (someone else's, or garbage) is refused in words.
    for hostile in ("not-a-uuid", str(badges[0].public_id)):
        response = client.post(url, {"recognition": str(rule.public_id), "badges": [hostile]})
        assert response.status_code == 400
    chosen = [str(badges[1].public_id), str(badges[2].public_id)]
    response = client.post(url, {"recognition": str(rule.public_id), "badges": chosen})
    assert response.status_code == 302
    assert CreditRequest.objects.get().claims.count() == 3


def test_claiming_someone_elses_badge_is_404_and_garbage_is_refused(client, cast, rule, badge):
    url = reverse("recognition:claim", args=[badge.public_id])
    client.force_login(cast.colleague)
    assert client.get(url).status_code == 404
    assert client.post(url, {"recognition": str(rule.public_id)}).status_code == 404
    client.force_login(cast.educator)
    for hostile in ("", "x" * 500, "00000000-0000-0000-0000-000000000000"):
        response = client.post(url, {"recognition": hostile})
        assert response.status_code == 400
        assert "not offered" in " ".join(_messages(response))
    assert not CreditRequest.objects.exists()


def test_a_body_that_does_not_serve_the_educator_is_not_offered(client, cast, credential, badge):
    elsewhere = make_body("Far Board", applies_to=cast.other_district)
    rule = make_rule(elsewhere, credential=credential)
    client.force_login(cast.educator)
    url = reverse("recognition:claim", args=[badge.public_id])
    assert "Nothing to claim for this badge yet" in _text(client.get(url))
    assert client.post(url, {"recognition": str(rule.public_id)}).status_code == 400


# --------------------------------------------------------------------------- approvers


def test_the_queue_is_for_approvers_only(client, cast, approver, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    for user in (cast.educator, cast.staff, cast.district_admin):
        client.force_login(user)
        assert client.get(reverse("recognition:approvals")).status_code == 404
        for name in ("approval",):
            assert (
                client.get(reverse(f"recognition:{name}", args=[request.public_id])).status_code
                == 404
            )
        for name in ("approve", "deny"):
            url = reverse(f"recognition:{name}", args=[request.public_id])
            assert client.post(url, {"reason": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING


def test_an_approver_of_another_body_sees_nothing_of_this_one(client, cast, rule, badge):
    other_approver = UserFactory(email="elsewhere@test.org")
    make_body("Other Board", approvers=[other_approver])
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    client.force_login(other_approver)
    assert "Nothing waiting" in _text(client.get(reverse("recognition:approvals")))
    assert client.get(reverse("recognition:approval", args=[request.public_id])).status_code == 404
    url = reverse("recognition:approve", args=[request.public_id])
    assert client.post(url).status_code == 404


def test_the_queue_lists_pending_oldest_first_with_checks(
    client, cast, approver, board, django_assert_max_num_queries
):
    rules_and_badges = []
    for n in range(4):
        credential = make_credential(cast.issuer, f"queue-{n}", pd_hours="3")
        rule = make_rule(board, credential=credential)
        rules_and_badges.append((rule, earn_badge(cast.educator, credential, cast.reviewer)))
    for rule, badge in rules_and_badges:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    client.force_login(approver)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("recognition:approvals"))
    text = _text(response)
    assert "Waiting for a decision (4)" in text
    assert text.count("Verified") >= 4
    titles = [badge.title for _, badge in rules_and_badges]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)  # oldest first


def test_the_approver_approves_and_the_certificate_is_signed(client, cast, approver, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    client.force_login(approver)
    page = client.get(reverse("recognition:approval", args=[request.public_id]))
    detail = _text(page)
    assert badge.title in detail and "10.0 PD hours" in detail
    assert "Open Badges 3.0 signature" in detail
    assert any(link.endswith(f"/badges/{badge.public_id}/") for link in _links(page))
    assert client.get(reverse("recognition:approve", args=[request.public_id])).status_code == 405
    response = client.post(reverse("recognition:approve", args=[request.public_id]), follow=True)
    assert "certificate is signed" in " ".join(_messages(response))
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.APPROVED and request.certificate_signature
    assert "Decided" in _text(response) and "Approved by" in _text(response)
    # Twice: refused in words.
    response = client.post(reverse("recognition:approve", args=[request.public_id]), follow=True)
    assert "cannot be changed now" in " ".join(_messages(response))


def test_deny_needs_a_reason_and_keeps_what_was_typed(client, cast, approver, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    url = reverse("recognition:deny", args=[request.public_id])
    client.force_login(approver)
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "Say why the request is denied" in response.content.decode()
    response = client.post(url, {"reason": "x" * 2001})
    assert response.status_code == 400
    assert "x" * 2001 in response.content.decode()  # the typed reason is kept
    response = client.post(url, {"reason": "Not in our catalog window."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.DENIED
    assert request.reason == "Not in our catalog window."


def test_flagged_credit_shows_in_the_queue(client, cast, approver, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    services.credits_flag_for_revoked_badge(badge_public_id=str(badge.public_id), reason="Fraud")
    client.force_login(approver)
    text = _text(client.get(reverse("recognition:approvals")))
    assert "Flagged: a badge was revoked" in text and "Fraud" in text


# --------------------------------------------------------------------------- body pages


def test_body_pages_are_for_its_managers_only(client, cast, board, approver, manager, rule):
    urls = [
        reverse("recognition:body", args=[board.slug]),
        reverse("recognition:rule_create", args=[board.slug]),
        reverse("recognition:rule_edit", args=[board.slug, rule.public_id]),
        reverse("recognition:goal_create", args=[board.slug]),
    ]
    for user in (cast.educator, approver, cast.staff, cast.state_admin):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        withdraw = reverse("recognition:rule_withdraw", args=[board.slug, rule.public_id])
        assert client.post(withdraw).status_code == 404
        add = reverse("recognition:member_add", args=[board.slug])
        assert client.post(add, {"email": user.email, "role": "manager"}).status_code == 404
    client.force_login(manager)
    for url in urls:
        assert client.get(url).status_code == 200
    # Another body's rule under this body's slug: 404.
    other = make_rule(
        make_body("Other Board", managers=[manager]), credential=rule.micro_credential
    )
    url = reverse("recognition:rule_edit", args=[board.slug, other.public_id])
    assert client.get(url).status_code == 404


def _rule_data(credential, **overrides):
    data = {
        "micro_credential": str(credential.pk),
        "outcome": "license_renewal_hours",
        "amount": "15",
        "unit": "hours",
        "badges_per_claim": "1",
        "limit_period": "year",
        "requires_approval": "on",
    }
    return {**data, **overrides}


def test_a_manager_creates_a_rule_and_the_catalog_shows_it(
    client, cast, board, manager, credential
):
    client.get(reverse("credentials:catalog"))  # cached before the rule exists
    client.force_login(manager)
    url = reverse("recognition:rule_create", args=[board.slug])
    response = client.post(url, _rule_data(credential))
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = Recognition.objects.get(amount=15)
    assert rule.scope == "micro_credential"
    client.logout()
    assert "15 hours · license renewal hours · Test State Licensure Board" in _text(
        client.get(reverse("credentials:catalog"))
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_from": "2026-05-01", "valid_until": "2026-01-01"}, "end before they start"),
        ({"min_version": "3", "max_version": "1"}, "ends before it starts"),
        ({"micro_credential": ""}, "exactly one of"),
        ({"amount": "-1"}, "greater than or equal to 0"),
        ({"amount": "lots"}, "Enter a number"),
        ({"badges_per_claim": "0"}, "greater than or equal to 1"),
        ({"outcome": "money"}, "Select a valid choice"),
        ({"micro_credential": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message(
    client, board, manager, credential, overrides, message
):
    client.force_login(manager)
    url = reverse("recognition:rule_create", args=[board.slug])
    response = client.post(url, _rule_data(credential, **overrides))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Recognition.objects.exists()


def test_two_targets_are_refused(client, cast, board, manager, credential):
    stack = make_stack(cast.issuer, [credential])
    client.force_login(manager)
    url = reverse("recognition:rule_create", args=[board.slug])
    response = client.post(url, _rule_data(credential, stack=str(stack.pk)))
    assert response.status_code == 400
    assert "exactly one of" in _text(response)


def test_a_manager_edits_and_withdraws_a_rule(client, board, manager, rule, credential):
    client.force_login(manager)
    url = reverse("recognition:rule_edit", args=[board.slug, rule.public_id])
    assert client.post(url, _rule_data(credential, amount="12")).status_code == 302
    rule.refresh_from_db()
    assert rule.amount == 12
    withdraw = reverse("recognition:rule_withdraw", args=[board.slug, rule.public_id])
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    rule.refresh_from_db()
    assert not rule.is_active


def test_goals_are_created_and_validated(client, cast, board, manager, credential):
    client.force_login(manager)
    url = reverse("recognition:goal_create", args=[board.slug])
    response = client.post(url, {"title": "Renewal", "kind": "amount_in_cycle", "amount": "0"})
    assert response.status_code == 400
    assert "Choose what the amount is of" in _text(response)
    response = client.post(url, {"title": "Endorsement", "kind": "stack"})
    assert response.status_code == 400 and "Choose the stack" in _text(response)
    data = {"title": "Renewal", "kind": "amount_in_cycle", "outcome": "license_renewal_hours",
            "amount": "120", "cycle_years": "5"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    goal = Goal.objects.get()
    edit = reverse("recognition:goal_edit", args=[board.slug, goal.public_id])
    assert client.post(edit, {**data, "amount": "100"}).status_code == 302
    goal.refresh_from_db()
    assert goal.amount == 100


def test_managers_add_and_remove_people_and_a_body_keeps_one_manager(client, cast, board, manager):
    client.force_login(manager)
    add = reverse("recognition:member_add", args=[board.slug])
    response = client.post(add, {"email": "nobody@nowhere.org", "role": "approver"})
    assert response.status_code == 400 and "No account uses this email" in _text(response)
    response = client.post(add, {"email": cast.colleague.email.upper(), "role": "boss"})
    assert response.status_code == 400
    assert client.post(add, {"email": cast.colleague.email, "role": "approver"}).status_code == 302
    assert BodyMembership.objects.filter(user=cast.colleague, role="approver").exists()
    remove_self = reverse(
        "recognition:member_remove", args=[board.slug, manager.public_id, "manager"]
    )
    response = client.post(remove_self, follow=True)
    assert "keeps at least one manager" in " ".join(_messages(response))
    assert BodyMembership.objects.filter(user=manager, role="manager").exists()
    remove = reverse(
        "recognition:member_remove", args=[board.slug, cast.colleague.public_id, "approver"]
    )
    assert client.post(remove).status_code == 302
    assert not BodyMembership.objects.filter(user=cast.colleague).exists()
    missing = reverse("recognition:member_remove", args=[board.slug, cast.colleague.public_id, "x"])
    assert client.post(missing).status_code == 404


# --------------------------------------------------------------------------- counts for


def test_catalog_cards_show_what_counts_in_one_query_per_page(
    client, cast, board, django_assert_max_num_queries
):
    for n in range(6):
        make_rule(board, credential=make_credential(cast.issuer, f"card-{n}", pd_hours="2"))
    client.force_login(cast.educator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("credentials:catalog"))
    assert _text(response).count("Counts for 10 hours") == 6

    def rendering_queries() -> int:
        client.get(reverse("credentials:catalog"))  # warm the caches other than the HTML
        caches["fragments"].clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("credentials:catalog"))
        return len(queries.captured_queries)

    six = rendering_queries()
    for n in range(6, 12):
        make_rule(board, credential=make_credential(cast.issuer, f"card-{n}", pd_hours="2"))
    # Twice as many cards cost no more queries: one lookup for the page, not one per card.
    assert rendering_queries() == six


def test_the_counts_for_filter_keeps_what_counts_for_the_educator(client, cast, board, credential):
    make_rule(board, credential=credential)
    make_credential(cast.issuer, "does-not-count", pd_hours="1")
    client.force_login(cast.educator)
    url = reverse("credentials:catalog")
    elsewhere = reverse("credentials:detail", args=["does-not-count"])
    assert elsewhere in _links(client.get(url))
    links = _links(client.get(url, {"counts_for": "license_renewal_hours"}))
    assert elsewhere not in links
    assert reverse("credentials:detail", args=[credential.slug]) in links
    # An unknown outcome is ignored with a note.
    assert "was ignored" in _text(client.get(url, {"counts_for": "<script>"}))


def test_one_educators_filtered_catalog_is_never_served_to_another(client, cast, board, credential):
    make_rule(board, credential=credential)
    make_credential(cast.issuer, "only-for-others", pd_hours="1")
    url = reverse("credentials:catalog")
    query = {"counts_for": "license_renewal_hours"}
    others = reverse("credentials:detail", args=["only-for-others"])
    client.force_login(cast.educator)
    assert others not in _links(client.get(url, query))
    # Someone no body serves asks the same URL: their own (empty) result, not the cached one.
    client.force_login(cast.outsider)
    response = client.get(url, query)
    assert "Nothing in the catalog counts for this yet" in _text(response)
    assert reverse("credentials:detail", args=[credential.slug]) not in _links(response)
    client.logout()
    assert others in _links(client.get(url, query))  # visitors have no filter: the whole catalog


def test_credential_and_stack_pages_show_what_they_count_for(client, cast, board, credential):
    make_rule(board, credential=credential)
    university = make_body("State University", kind="university")
    stack = make_stack(cast.issuer, [credential])
    make_rule(
        university, stack=stack, outcome="college_credit", amount="3", unit="graduate credits",
        cost="150",
    )  # fmt: skip
    detail = _text(client.get(reverse("credentials:detail", args=[credential.slug])))
    assert "What it counts for" in detail and "Test State Licensure Board" in detail
    page = _text(client.get(reverse("credentials:stack_detail", args=[stack.slug])))
    assert "Completing the stack counts for" in page
    assert "3 graduate credits of college credit from State University" in page
    assert "costs $150.00" in page


def test_the_viewers_own_bodies_come_first(client, cast, credential):
    own = make_body("Zeta Own Board", applies_to=cast.state)
    far = make_body("Alpha Far Board", applies_to=cast.issuer)
    make_rule(own, credential=credential)
    make_rule(far, credential=credential)
    client.force_login(cast.educator)
    text = _text(client.get(reverse("credentials:detail", args=[credential.slug])))
    assert text.index("Zeta Own Board") < text.index("Alpha Far Board")
    client.logout()
    text = _text(client.get(reverse("credentials:detail", args=[credential.slug])))
    assert text.index("Alpha Far Board") < text.index("Zeta Own Board")


def test_the_renewal_date_form_shows_the_date_set(client, cast, board):
    make_renewal_goal(board)
    EducatorCycle.objects.create(educator=cast.educator, body=board, renewal_date=date(2028, 6, 30))
    client.force_login(cast.educator)
    assert 'value="2028-06-30"' in client.get(reverse("recognition:my_credit")).content.decode()


def test_a_stack_badge_claims_college_credit_with_its_fee(client, cast, credential, badge):
    university = make_body("State University", kind="university")
    stack = make_stack(cast.issuer, [credential])
    rule = make_rule(
        university, stack=stack, outcome="college_credit", amount="3", unit="graduate credits",
        cost="150",
    )  # fmt: skip
    stack_badge = stack_badge_award(educator=cast.educator, stack=stack)
    assert stack_badge is not None
    client.force_login(cast.educator)
    mine = _text(client.get(reverse("badges:mine")))
    assert "Counts for: 3 graduate credits (State University)" in mine
    url = reverse("recognition:claim", args=[stack_badge.public_id])
    text = _text(client.get(url))
    assert "3 graduate credits of college credit" in text and "costs $150.00" in text
    assert client.post(url, {"recognition": str(rule.public_id)}).status_code == 302
    credit = CreditRequest.objects.get(body=university)
    assert credit.cost == 150 and credit.status == CreditRequest.Status.PENDING


def test_the_body_page_reads_a_fixed_number_of_queries(
    client, cast, board, manager, django_assert_max_num_queries
):
    for n in range(5):
        make_rule(board, credential=make_credential(cast.issuer, f"body-{n}", pd_hours="2"))
    make_renewal_goal(board)
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("recognition:body", args=[board.slug]))
    assert _text(response).count("Withdraw the rule for") == 5
