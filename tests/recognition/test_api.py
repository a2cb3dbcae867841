"""Recognition's API: bodies and their rules (kept by the body's managers), what each
micro-credential counts for in the catalog, requests for credit and their problems, the
approvers' queue and decisions, and "My credit" - with the wrong people answered 404, hostile
input answered 400 and lists in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from badges import services as badge_services
from credentials.api.serializers import MicroCredentialDetailSerializer, MicroCredentialSerializer
from recognition import services
from recognition.models import BodyRole, CreditRequest, Recognition
from tests.support.credentials import make_credential
from tests.support.factories import UserFactory
from tests.support.recognition import earn_badge, make_body, make_renewal_goal, make_rule

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def manager(board):
    user = UserFactory(email="manager@test.org")
    services.body_member_add(body=board, user=user, role=BodyRole.MANAGER)
    return user


@pytest.fixture
def other_body(cast):
    """Another body, with its own approver: who approves there decides nothing here."""
    approver = UserFactory(email="district.approver@test.org")
    body = make_body("South District Salary Schedule", kind="district", approvers=[approver])
    body.other_approver = approver
    return body


@pytest.fixture
def pending(cast, rule, badge):
    return services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])


def _request(client, rule, *badges):
    body = {"recognition": str(rule.public_id), "badges": [str(b.public_id) for b in badges]}
    return client.post(f"{API}credit-requests/", body, format="json")


def _codes(response) -> list[str]:
    return [problem["code"] for problem in response.json()["problems"]]


# --------------------------------------------------------------------------- bodies and rules


def test_bodies_list_their_rules_in_force_to_anyone(cast, board, rule, credential):
    withdrawn = make_rule(board, credential=credential, amount="3", is_active=False)
    make_rule(board, credential=credential, valid_from=timezone.localdate() + timedelta(days=30))

    body = client_for().get(f"{API}recognition-bodies/").json()

    assert body["count"] == 1
    listed = body["results"][0]
    assert (listed["id"], listed["name"], listed["kind"]) == (
        str(board.public_id),
        board.name,
        "state_board",
    )
    assert listed["applies_to"] == {"id": str(cast.state.public_id), "name": cast.state.name}
    assert [r["id"] for r in listed["rules"]] == [str(rule.public_id)]
    shown = listed["rules"][0]
    assert shown["micro_credential"]["id"] == str(credential.public_id)
    assert (shown["amount"], shown["unit"], shown["requires_approval"]) == (10.0, "hours", True)
    assert str(withdrawn.public_id) not in str(body)


def test_bodies_filter_by_kind_and_refuse_an_unknown_ordering(board, other_body):
    client = client_for()
    districts = client.get(f"{API}recognition-bodies/", {"kind": "district"}).json()
    assert [b["id"] for b in districts["results"]] == [str(other_body.public_id)]
    assert client.get(f"{API}recognition-bodies/", {"kind": "guild"}).status_code == 400
    assert client.get(f"{API}recognition-bodies/", {"ordering": "secret"}).status_code == 400


def test_the_bodies_list_stays_within_a_fixed_number_of_queries(
    cast, credential, django_assert_max_num_queries
):
    counts = []
    for name in ("First Board", "Second Board", "Third Board", "Fourth Board"):
        make_rule(make_body(name), credential=credential)
        with django_assert_max_num_queries(4) as captured:
            response = client_for().get(f"{API}recognition-bodies/")
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1, counts


def test_a_bodys_rules_list_stays_within_a_fixed_number_of_queries(
    cast, board, manager, django_assert_max_num_queries
):
    url = f"{API}recognition-bodies/{board.public_id}/rules/"
    counts = []
    for who in (None, manager):
        client = client_for(who)
        client.get(url)  # the first request also caches the signed-in user
        for index in range(3):
            make_rule(board, credential=make_credential(cast.issuer, f"rule-{who}-{index}"))
            with django_assert_max_num_queries(8) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(captured))
    assert len(set(counts[:3])) == len(set(counts[3:])) == 1, counts


def _rule_body(credential, **changes):
    return {
        "micro_credential": str(credential.public_id),
        "outcome": "license_renewal_hours",
        "amount": "12.5",
        "unit": "hours",
        **changes,
    }


def test_a_manager_adds_changes_and_withdraws_a_rule(cast, board, manager, credential):
    client = client_for(manager)
    url = f"{API}recognition-bodies/{board.public_id}/rules/"

    created = client.post(url, _rule_body(credential, limit_count=2), format="json")

    assert created.status_code == 201, created.json()
    rule = Recognition.objects.get(public_id=created.json()["id"])
    assert (rule.body, rule.scope, rule.amount, rule.limit_count) == (
        board,
        "micro_credential",
        Decimal("12.5"),
        2,
    )
    changed = client.patch(f"{url}{rule.public_id}/", {"amount": 15}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["amount"] == 15.0
    assert changed.json()["micro_credential"]["id"] == str(credential.public_id)

    assert client.delete(f"{url}{rule.public_id}/").status_code == 204

    rule.refresh_from_db()
    assert not rule.is_active
    # Gone from what anyone reads; still there, withdrawn, for its managers.
    assert str(rule.public_id) not in client_for().get(url).content.decode()
    assert client_for().get(f"{url}{rule.public_id}/").status_code == 404
    mine = client.get(url).json()["results"]
    assert [(r["id"], r["is_active"]) for r in mine] == [(str(rule.public_id), False)]


def test_a_patch_may_point_a_rule_at_a_focus_area_instead(board, manager, rule):
    url = f"{API}recognition-bodies/{board.public_id}/rules/{rule.public_id}/"
    area = rule.micro_credential.published_version.focus_area

    response = client_for(manager).patch(url, {"focus_area": area.slug}, format="json")

    assert response.status_code == 200, response.json()
    rule.refresh_from_db()
    assert (rule.scope, rule.focus_area, rule.micro_credential) == ("focus_area", area, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"valid_from": "2027-06-01", "valid_until": "2027-01-01"}, "valid_until"),
        ({"min_version": 3, "max_version": 2}, "max_version"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "1e400"}, "amount"),
        ({"cost": "-5"}, "cost"),
        ({"micro_credential": "00000000-0000-4000-8000-000000000000"}, "micro_credential"),
        ({"micro_credential": "not-a-uuid"}, "micro_credential"),
        ({"stack": "00000000-0000-4000-8000-000000000000"}, "stack"),
        ({"focus_area": "no-such-area"}, "focus_area"),
        ({"outcome": "free_lunch"}, "outcome"),
        ({"unit": {"nested": {"deeper": ["json"]}}}, "unit"),
        ({"limit_count": 0}, "limit_count"),
        ({"badges_per_claim": 10_000}, "badges_per_claim"),
    ],
)
def test_a_rule_is_refused_with_a_message_per_field(board, manager, credential, changes, field):
    url = f"{API}recognition-bodies/{board.public_id}/rules/"
    before = Recognition.objects.count()

    response = client_for(manager).post(url, _rule_body(credential, **changes), format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Recognition.objects.count() == before


def test_a_rule_names_exactly_one_target(board, manager, credential, cast):
    url = f"{API}recognition-bodies/{board.public_id}/rules/"
    both = _rule_body(credential, focus_area="cfu")
    neither = _rule_body(credential, micro_credential=None)
    for body in (both, neither):
        response = client_for(manager).post(url, body, format="json")
        assert response.status_code == 400
        assert "exactly one" in response.json()["detail"]


def test_only_the_bodys_managers_write_its_rules(
    cast, board, rule, approver, other_body, credential
):
    url = f"{API}recognition-bodies/{board.public_id}/rules/"
    outsiders = [cast.educator, approver, other_body.other_approver, cast.staff, cast.state_admin]
    for user in outsiders:
        client = client_for(user)
        assert client.post(url, _rule_body(credential), format="json").status_code == 404
        assert client.patch(f"{url}{rule.public_id}/", {"amount": 1}).status_code == 404
        assert client.delete(f"{url}{rule.public_id}/").status_code == 404
        assert client.get(f"{url}{rule.public_id}/").status_code == 200  # reading is public
    assert client_for().post(url, _rule_body(credential), format="json").status_code == 401
    rule.refresh_from_db()
    assert (rule.amount, rule.is_active, Recognition.objects.count()) == (Decimal(10), True, 1)


def test_a_rule_of_another_body_is_not_found_under_this_one(board, manager, other_body, cast):
    theirs = make_rule(other_body, credential=make_credential(cast.issuer, "exit-tickets"))
    url = f"{API}recognition-bodies/{board.public_id}/rules/{theirs.public_id}/"
    assert client_for(manager).get(url).status_code == 404
    assert client_for(manager).delete(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert client_for().get(f"{API}recognition-bodies/not-a-uuid/rules/").status_code == 404


# --------------------------------------------------------------------------- the catalog


def test_the_catalog_says_what_each_micro_credential_counts_for(
    cast, board, rule, credential, other_body
):
    own_district = make_body("North District Salary", kind="district", applies_to=cast.district)
    salary = make_rule(own_district, credential=credential, outcome="salary_credit", amount="1")
    make_rule(other_body, credential=credential, outcome="pd_hours", amount="5")

    listed = client_for(cast.educator).get(f"{API}micro-credentials/").json()["results"]
    detail = client_for(cast.educator).get(f"{API}micro-credentials/{credential.public_id}/")

    entry = next(e for e in listed if e["id"] == str(credential.public_id))
    assert entry["recognitions"] == detail.json()["recognitions"]
    # The educator's own bodies (their district's, their state's board) come first.
    ids = [r["id"] for r in entry["recognitions"]]
    assert set(ids[:2]) == {str(rule.public_id), str(salary.public_id)}
    assert len(ids) == 3
    board_rule = next(r for r in entry["recognitions"] if r["id"] == str(rule.public_id))
    assert board_rule == {
        "id": str(rule.public_id),
        "body": {"id": str(board.public_id), "name": board.name, "kind": "state_board"},
        "outcome": "license_renewal_hours",
        "amount": 10.0,
        "unit": "hours",
        "requires_approval": True,
    }


def test_the_catalog_keeps_every_field_and_filter_it_had(cast, credential, rule):
    client = client_for()
    entry = client.get(f"{API}micro-credentials/").json()["results"][0]
    detail = client.get(f"{API}micro-credentials/{credential.public_id}/").json()
    assert set(entry) == {*MicroCredentialSerializer.Meta.fields, "recognitions"}
    assert set(detail) == {*MicroCredentialDetailSerializer.Meta.fields, "recognitions"}
    assert client.get(f"{API}micro-credentials/", {"pd_hours_min": "x"}).status_code == 400
    found = client.get(f"{API}micro-credentials/", {"search": "zzzz-nothing"}).json()
    assert found["count"] == 0
    assert client.get(f"{API}micro-credentials/{rule.public_id}/").status_code == 404


def test_the_catalog_filters_what_counts_for_the_callers_license_renewal(
    cast, rule, credential, other_body
):
    other = make_credential(cast.issuer, "exit-tickets")
    make_rule(other_body, credential=other, outcome="license_renewal_hours")  # serves anyone
    make_credential(cast.issuer, "think-alouds")  # counts for nothing
    url = f"{API}micro-credentials/"
    params = {"counts_for": "license_renewal_hours"}

    mine = client_for(cast.educator).get(url, params).json()["results"]
    elsewhere = client_for(cast.outsider).get(url, params).json()["results"]

    assert {e["id"] for e in mine} == {str(credential.public_id), str(other.public_id)}
    assert [e["id"] for e in elsewhere] == [str(other.public_id)]  # the state's board is not theirs
    assert client_for().get(url, {"counts_for": "salary_credit"}).json()["count"] == 0
    assert client_for().get(url, {"counts_for": "gold_stars"}).status_code == 400


def _rule_queries(captured) -> int:
    return sum('"recognition_recognition"' in query["sql"] for query in captured.captured_queries)


def test_the_catalog_reads_every_rule_of_a_page_in_one_query(
    cast, board, credential, django_assert_max_num_queries
):
    client = client_for(cast.educator)
    counts = []
    for index in range(4):
        make_rule(board, credential=make_credential(cast.issuer, f"listed-{index}"))
        with django_assert_max_num_queries(12) as captured:
            response = client.get(f"{API}micro-credentials/")
        assert response.json()["count"] == index + 2
        assert _rule_queries(captured) == 1
        counts.append(len(captured))
    assert len(set(counts[1:])) == 1, counts  # whatever the number of rows and rules
    with django_assert_max_num_queries(12) as captured:
        client.get(f"{API}micro-credentials/{credential.public_id}/")
    # No rule names this one: its rules are not read at all (recognition/rule_targets.py).
    assert _rule_queries(captured) == 0


# --------------------------------------------------------------------------- requests


def test_an_educator_requests_credit_and_waits_for_the_approver(cast, rule, badge, board):
    response = _request(client_for(cast.educator), rule, badge)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["amount"], data["unit"]) == ("pending", 10.0, "hours")
    assert data["recognition"] == str(rule.public_id)
    assert data["body"]["id"] == str(board.public_id)
    assert data["certificate_url"] is None
    assert data["badges"][0]["id"] == str(badge.public_id)
    assert data["checks"][0]["verified"] is True
    assert (data["flagged"], data["decided_at"], data["reason"]) == (False, None, "")


def test_a_rule_without_approval_grants_the_credit_at_once(cast, board, credential, badge):
    instant = make_rule(board, credential=credential, requires_approval=False, amount="3")

    data = _request(client_for(cast.educator), instant, badge).json()

    assert data["status"] == "approved"
    assert data["certificate_url"].endswith(f"/{data['id']}/")
    page = client_for().get(data["certificate_url"])
    assert page.status_code == 200


def test_each_problem_is_named(cast, board, credential, rule, badge):
    client = client_for(cast.educator)
    _request(client, rule, badge)

    again = _request(client, rule, badge)

    assert again.status_code == 400
    assert _codes(again) == ["already_credited"]
    assert again.json()["detail"] == again.json()["problems"][0]["message"]

    other = make_credential(cast.issuer, "exit-tickets")
    second = earn_badge(cast.educator, other, cast.reviewer)
    badge_services.badge_revoke(badge=second, by=cast.staff, reason="Not the educator's work")
    refused = _request(client, make_rule(board, credential=credential, badges_per_claim=2), second)
    assert set(_codes(refused)) == {"wrong_count", "not_covered", "revoked"}
    assert len(refused.json()["problems"]) == 3


def test_the_remaining_problems_are_named_too(cast, board, credential, badge, other_body):
    client = client_for(cast.educator)
    area = credential.published_version.focus_area
    withdrawn = make_rule(board, credential=credential, is_active=False)
    elsewhere = make_body("South District", kind="district", applies_to=cast.other_district)
    once = make_rule(other_body, focus_area=area, limit_count=1, limit_period="ever")
    second = earn_badge(cast.educator, make_credential(cast.issuer, "exit-tickets"), cast.reviewer)
    assert second.version.focus_area == area
    assert _request(client, once, second).status_code == 201

    assert _codes(_request(client, withdrawn, badge)) == ["not_current"]
    assert _codes(_request(client, make_rule(elsewhere, credential=credential), badge)) == [
        "not_eligible"
    ]
    assert _codes(_request(client, once, badge)) == ["over_limit"]
    type(badge).objects.filter(pk=badge.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert _codes(_request(client, make_rule(other_body, credential=credential), badge)) == [
        "expired"
    ]
    assert CreditRequest.objects.count() == 1


def test_another_educators_badge_and_an_unknown_one_are_both_not_yours(cast, rule, credential):
    theirs = earn_badge(cast.colleague, credential, cast.reviewer)
    client = client_for(cast.educator)

    foreign = _request(client, rule, theirs)
    unknown = client.post(
        f"{API}credit-requests/",
        {"recognition": str(rule.public_id), "badges": ["00000000-0000-4000-8000-000000000000"]},
        format="json",
    )

    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json() == unknown.json()  # nothing tells the two apart
    assert _codes(foreign) == ["not_yours"]
    assert theirs.title not in foreign.content.decode()
    assert CreditRequest.objects.count() == 0


def test_an_unknown_recognition_is_a_field_error(cast, badge):
    response = client_for(cast.educator).post(
        f"{API}credit-requests/",
        {"recognition": "00000000-0000-4000-8000-000000000000", "badges": [str(badge.public_id)]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["recognition"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"recognition": "not-a-uuid", "badges": []},
        {"recognition": None, "badges": None},
        {"badges": ["not-a-uuid"]},
        {"badges": [{"nested": {"json": [1, 2, 3]}}]},
        {"badges": "00000000-0000-4000-8000-000000000000"},
        {"badges": ["00000000-0000-4000-8000-000000000000"] * 5000},
        {"recognition": ["a", "list"], "badges": [1.5, "1e400"]},
    ],
)
def test_hostile_request_bodies_are_400_and_change_nothing(cast, rule, badge, body):
    body.setdefault("recognition", str(rule.public_id))
    response = client_for(cast.educator).post(f"{API}credit-requests/", body, format="json")
    assert response.status_code == 400, response.content
    assert CreditRequest.objects.count() == 0


def test_the_same_badge_twice_is_refused(cast, rule, badge):
    response = _request(client_for(cast.educator), rule, badge, badge)
    assert response.status_code == 400
    assert "badges" in response.json()


# --------------------------------------------------------------------------- lists and views


def test_an_educator_lists_their_own_requests_and_an_approver_their_queue(
    cast, pending, approver, other_body
):
    mine = client_for(cast.educator).get(f"{API}credit-requests/").json()
    queue = client_for(approver).get(f"{API}credit-requests/", {"role": "approver"}).json()
    theirs = client_for(approver).get(f"{API}credit-requests/").json()
    elsewhere = client_for(other_body.other_approver).get(
        f"{API}credit-requests/", {"role": "approver"}
    )

    assert [r["id"] for r in mine["results"]] == [str(pending.public_id)]
    assert [r["id"] for r in queue["results"]] == [str(pending.public_id)]
    assert queue["results"][0]["educator"]["name"] == cast.educator.get_full_name()
    assert theirs["count"] == 0  # the approver's own requests: none
    assert elsewhere.json()["count"] == 0
    for who in (cast.colleague, cast.other_educator, cast.staff):
        assert client_for(who).get(f"{API}credit-requests/").json()["count"] == 0
    assert client_for().get(f"{API}credit-requests/").status_code == 401


def test_the_queue_filters_by_status_and_body(cast, pending, approver, board):
    client = client_for(approver)
    url = f"{API}credit-requests/"
    assert client.get(url, {"role": "approver", "status": "approved"}).json()["count"] == 0
    assert client.get(url, {"role": "approver", "body": str(board.public_id)}).json()["count"] == 1
    assert client.get(url, {"role": "boss"}).status_code == 400
    assert client.get(url, {"status": "lost"}).status_code == 400
    assert client.get(url, {"body": "not-a-uuid"}).status_code == 400


def test_request_lists_stay_within_a_fixed_number_of_queries(
    cast, credential, badge, approver, django_assert_max_num_queries
):
    counts: dict[str, list[int]] = {"educator": [], "approver": []}
    callers = [
        ("educator", client_for(cast.educator), {}),
        ("approver", client_for(approver), {"role": "approver"}),
    ]
    for _who, client, params in callers:
        client.get(f"{API}credit-requests/", params)  # the first also caches the signed-in user
    for index in range(4):
        body = make_body(f"Board {index}", approvers=[approver])
        rule = make_rule(body, credential=credential)
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
        for who, client, params in callers:
            with django_assert_max_num_queries(8) as captured:
                response = client.get(f"{API}credit-requests/", params)
            assert response.json()["count"] == index + 1
            counts[who].append(len(captured))
    assert len(set(counts["educator"])) == 1, counts
    assert len(set(counts["approver"])) == 1, counts


def test_a_request_is_seen_by_its_educator_and_its_bodys_approvers_only(
    cast, pending, approver, other_body, manager
):
    url = f"{API}credit-requests/{pending.public_id}/"
    assert client_for(cast.educator).get(url).status_code == 200
    assert client_for(approver).get(url).json()["checks"][0]["verified"] is True
    for who in (cast.colleague, cast.other_educator, other_body.other_approver, manager):
        assert client_for(who).get(url).status_code == 404
    assert client_for(cast.staff).get(url).status_code == 404
    assert client_for().get(url).status_code == 401
    assert client_for(cast.educator).get(f"{API}credit-requests/not-a-uuid/").status_code == 404


# --------------------------------------------------------------------------- decisions


def test_the_approver_approves_and_the_certificate_verifies(
    cast, pending, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(approver).post(f"{API}credit-requests/{pending.public_id}/approve/")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "approved"
    assert data["decided_at"] is not None
    assert client_for().get(data["certificate_url"]).status_code == 200
    assert [message.to for message in mail.outbox] == [[cast.educator.email]]

    twice = client_for(approver).post(f"{API}credit-requests/{pending.public_id}/approve/")
    assert twice.status_code == 409
    assert "approved" in twice.json()["detail"]


def test_the_approver_denies_with_a_reason(cast, pending, approver):
    url = f"{API}credit-requests/{pending.public_id}/deny/"
    client = client_for(approver)

    for empty in ({}, {"reason": ""}, {"reason": "   "}, {"reason": ["a"]}):
        assert client.post(url, empty, format="json").status_code == 400
    pending.refresh_from_db()
    assert pending.status == "pending"

    response = client.post(url, {"reason": "The hours fall outside the cycle."}, format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == (
        "denied",
        "The hours fall outside the cycle.",
    )
    again = client.post(url, {"reason": "Still no."}, format="json")
    assert again.status_code == 409
    approve = client.post(f"{API}credit-requests/{pending.public_id}/approve/")
    assert approve.status_code == 409


def test_no_one_but_the_bodys_approvers_decides(cast, pending, other_body, manager):
    for who in (cast.educator, cast.colleague, other_body.other_approver, manager, cast.staff):
        client = client_for(who)
        base = f"{API}credit-requests/{pending.public_id}"
        assert client.post(f"{base}/approve/").status_code == 404
        assert client.post(f"{base}/deny/", {"reason": "No."}, format="json").status_code == 404
    anonymous = client_for().post(f"{API}credit-requests/{pending.public_id}/approve/")
    assert anonymous.status_code == 401
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_an_approver_never_decides_their_own_request(cast, approver, credential):
    university = make_body("Open University", kind="university", approvers=[approver])
    own = services.credit_request_create(
        educator=approver,
        recognition=make_rule(university, credential=credential, amount="2"),
        badges=[earn_badge(approver, credential, cast.reviewer)],
    )
    client = client_for(approver)

    assert client.get(f"{API}credit-requests/{own.public_id}/").status_code == 200  # theirs
    assert client.post(f"{API}credit-requests/{own.public_id}/approve/").status_code == 404
    deny = client.post(f"{API}credit-requests/{own.public_id}/deny/", {"reason": "x"})
    assert deny.status_code == 404
    own.refresh_from_db()
    assert own.status == "pending"
    # Nor is it in their queue (another approver of the body decides it).
    queue = client.get(f"{API}credit-requests/", {"role": "approver"}).json()
    assert str(own.public_id) not in {row["id"] for row in queue["results"]}
    assert (
        client_for(approver).get("/credit/approvals/").content.count(str(own.public_id).encode())
        == 0
    )


def test_the_educator_withdraws_a_pending_request(cast, pending, approver):
    url = f"{API}credit-requests/{pending.public_id}/withdraw/"
    assert client_for(approver).post(url).status_code == 404
    assert client_for(cast.colleague).post(url).status_code == 404

    response = client_for(cast.educator).post(url)

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert client_for(cast.educator).post(url).status_code == 409


# --------------------------------------------------------------------------- my credit


def test_my_credit_shows_granted_pending_totals_and_progress_per_body(
    cast, board, credential, badge, approver, django_assert_max_num_queries
):
    make_renewal_goal(board, amount="120", years=5)
    granted_rule = make_rule(board, credential=credential, amount="30")
    granted = services.credit_request_create(
        educator=cast.educator, recognition=granted_rule, badges=[badge]
    )
    services.credit_request_approve(request=granted, by=approver)
    other = make_credential(cast.issuer, "exit-tickets")
    waiting = services.credit_request_create(
        educator=cast.educator,
        recognition=make_rule(make_body("Union Local 12", kind="union_local"), credential=other),
        badges=[earn_badge(cast.educator, other, cast.reviewer)],
    )

    with django_assert_max_num_queries(25):
        response = client_for(cast.educator).get(f"{API}me/credit/")

    assert response.status_code == 200
    bodies = {entry["body"]["id"]: entry for entry in response.json()["bodies"]}
    mine = bodies[str(board.public_id)]
    assert response.json()["bodies"][0]["body"]["id"] == str(board.public_id)  # own first
    assert mine["is_own"] is True
    assert [r["id"] for r in mine["granted"]] == [str(granted.public_id)]
    assert mine["totals"] == [{"unit": "hours", "amount": 30.0}]
    goal = mine["goals"][0]
    assert (goal["title"], goal["done"], goal["target"], goal["percent"]) == (
        "License renewal",
        30.0,
        120.0,
        25,
    )
    assert goal["cycle_start"] < goal["cycle_end"]
    union = next(e for e in response.json()["bodies"] if e["body"]["name"] == "Union Local 12")
    assert [r["id"] for r in union["pending"]] == [str(waiting.public_id)]
    assert client_for().get(f"{API}me/credit/").status_code == 401
    assert client_for(cast.colleague).get(f"{API}me/credit/").json()["bodies"][0]["granted"] == []
