"""The list conventions (docs/decisions/0010-api-conventions.md) on the organization,
integration, authoring and review-administration lists: a fixed number of queries at two
sizes, the paginated shape with `page_size` honoured and capped, whitelisted ordering both
ways, a 400 naming `ordering`, and each list's filters."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from credentials.services import stack_save
from integrations import webhooks
from integrations.api_keys import Scope, organization_key_create, organization_key_revoke
from integrations.models import WebhookDelivery
from organizations.models import Organization, Role
from organizations.services import membership_grant
from reporting import services as reporting_services
from reviews import services as review_services
from rosters import services as roster_services
from rosters.models import RosterImportRow
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory, make_org
from tests.support.reviews import set_policy
from tests.support.submissions import submit

pytestmark = pytest.mark.django_db

EVENTS = ["badge.awarded", "badge.revoked"]


def _slug(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def _private_webhooks_allowed(settings):
    # Endpoints are registered, never called here: no DNS lookup of their hosts.
    settings.WEBHOOKS_ALLOW_PRIVATE = True


# --- Each list: who asks, its URL, how to add rows -------------------------------------------


@dataclass
class ListCase:
    name: str
    who: str  # a cast attribute
    setup: Callable[[Any], dict[str, Any]]  # objects the URL and the rows need
    url: Callable[[Any, dict[str, Any]], str]
    grow: Callable[[Any, dict[str, Any], int], None]
    bound: int  # queries, at most (the same at both sizes)
    ordering: str  # a whitelisted key...
    value: Callable[[dict[str, Any]], Any]  # ...and the result field it sorts by


def _nothing(cast) -> dict[str, Any]:
    return {}


def _grow_schools(cast, ctx, n: int) -> None:
    for _ in range(n):
        make_org(Organization.Kind.SCHOOL, _slug("School"), cast.district)


def _grow_educators(cast, ctx, n: int) -> None:
    for _ in range(n):
        membership_grant(
            user=UserFactory(email=f"{_slug('teacher')}@test.org"),
            organization=cast.school,
            role=Role.EDUCATOR,
        )


def _roster_import(cast) -> dict[str, Any]:
    roster_import = roster_services.roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=b"email,name,school,role\nbob@example.org,Bob,Oak School,educator\n",
    )
    return {"import": roster_import}


def _grow_rows(cast, ctx, n: int) -> None:
    start = ctx["import"].rows.count()
    for index in range(start, start + n):
        RosterImportRow.objects.create(
            roster_import=ctx["import"],
            position=index,
            source=f"users.csv line {index + 2}",
            kind=RosterImportRow.Kind.USER,
            action=RosterImportRow.Action.ERROR if index % 2 else RosterImportRow.Action.CREATE,
            label=f"{_slug('person')}@example.org",
            reason="Unknown school" if index % 2 else "",
        )


def _assignable(cast) -> dict[str, Any]:
    first = published_credential(cast.issuer, _slug("assigned"), with_artifact=False)
    second = published_credential(cast.issuer, _slug("assigned"), with_artifact=False)
    stack = stack_save(
        issuer=cast.issuer,
        slug=_slug("stack"),
        title="Stack",
        description="",
        credentials=[first, second],
        publish=True,
    )
    return {"credential": first, "stack": stack, "made": 0}


def _grow_assignments(cast, ctx, n: int) -> None:
    # Alternate targets (an educator, a whole school) and items (a credential, a stack), with
    # due dates in the past and the future: every branch of the progress rows is exercised.
    today = timezone.localdate()
    for _ in range(n):
        made = ctx["made"] = ctx["made"] + 1
        # The first row is a school's stack: every query the rows need runs from the first.
        target = {"school": cast.school} if made % 2 else {"educator": cast.educator}
        item = {"stack": ctx["stack"]} if made % 3 == 1 else {"credential": ctx["credential"]}
        reporting_services.assignment_create(
            organization=cast.district,
            by=cast.district_admin,
            kind="required" if made % 2 else "recommended",
            due_on=today + timedelta(days=10 - 4 * made),
            **target,
            **item,
        )


def _grow_keys(cast, ctx, n: int) -> None:
    for _ in range(n):
        organization_key_create(
            organization=cast.district, name=_slug("key"), scopes=[Scope.PROGRESS_READ], by=None
        )


def _grow_endpoints(cast, ctx, n: int) -> None:
    for _ in range(n):
        webhooks.webhook_endpoint_create(
            organization=cast.district,
            url=f"https://{_slug('hooks')}.example.org/in",
            event_types=EVENTS,
            by=None,
        )


def _endpoint(cast) -> dict[str, Any]:
    endpoint, _secret = webhooks.webhook_endpoint_create(
        organization=cast.district, url="https://hooks.example.org/in", event_types=EVENTS, by=None
    )
    return {"endpoint": endpoint}


def _grow_deliveries(cast, ctx, n: int) -> None:
    # Queued only: the test transaction never commits, so nothing is sent.
    for _ in range(n):
        webhooks.webhook_test_send(endpoint=ctx["endpoint"])


def _grow_credentials(cast, ctx, n: int) -> None:
    for _ in range(n):
        published_credential(cast.issuer, _slug("authored"), with_artifact=False)


def _stackable(cast) -> dict[str, Any]:
    return {
        "pair": [
            published_credential(cast.issuer, _slug("stacked"), with_artifact=False)
            for _ in range(2)
        ]
    }


def _grow_stacks(cast, ctx, n: int) -> None:
    for _ in range(n):
        slug = _slug("stack")
        stack_save(
            issuer=cast.issuer,
            slug=slug,
            title=slug,
            description="",
            credentials=ctx["pair"],
            publish=False,
        )


def _designatable(cast) -> dict[str, Any]:
    return {"credential": published_credential(cast.issuer, _slug("rev"), with_artifact=False)}


def _grow_reviewers(cast, ctx, n: int) -> None:
    for _ in range(n):
        reviewer = UserFactory(email=f"{_slug('reviewer')}@test.org")
        membership_grant(user=reviewer, organization=cast.issuer, role=Role.REVIEWER)
        review_services.reviewer_designate(reviewer=reviewer, credential=ctx["credential"], by=None)


def _held_review(cast) -> dict[str, Any]:
    credential = published_credential(cast.issuer, _slug("commented"), with_artifact=False)
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=0)
    submission = submit(cast.educator, credential)
    review = review_services.review_claim(submission=submission, reviewer=cast.reviewer)
    requirements = list(submission.version.requirements.all())
    return {"review": review, "requirements": requirements}


def _grow_comments(cast, ctx, n: int) -> None:
    for index in range(n):
        review_services.review_comment_add(
            review=ctx["review"],
            requirement=ctx["requirements"][index % len(ctx["requirements"])],
            text=f"Remark {uuid.uuid4().hex[:6]}",
            by=cast.reviewer,
        )


CASES = [
    ListCase(
        "organizations",
        "district_admin",
        _nothing,
        lambda cast, ctx: "/api/v1/organizations/",
        _grow_schools,
        5,
        "name",
        lambda row: row["name"],
    ),
    ListCase(
        "progress",
        "district_admin",
        _nothing,
        lambda cast, ctx: f"/api/v1/organizations/{cast.district.public_id}/progress/",
        _grow_educators,
        7,
        "email",
        lambda row: row["educator"]["email"],
    ),
    ListCase(
        "roster-rows",
        "district_admin",
        _roster_import,
        lambda cast, ctx: (
            f"/api/v1/organizations/{cast.district.public_id}/roster-imports/"
            f"{ctx['import'].public_id}/rows/"
        ),
        _grow_rows,
        7,
        "label",
        lambda row: row["label"],
    ),
    ListCase(
        "assignments",
        "district_admin",
        _assignable,
        lambda cast, ctx: f"/api/v1/organizations/{cast.district.public_id}/assignments/",
        _grow_assignments,
        9,
        "due",
        lambda row: row["assignment"]["due_on"],
    ),
    ListCase(
        "api-keys",
        "district_admin",
        _nothing,
        lambda cast, ctx: f"/api/v1/organizations/{cast.district.public_id}/api-keys/",
        _grow_keys,
        6,
        "name",
        lambda row: row["name"],
    ),
    ListCase(
        "webhooks",
        "district_admin",
        _nothing,
        lambda cast, ctx: f"/api/v1/organizations/{cast.district.public_id}/webhooks/",
        _grow_endpoints,
        6,
        "url",
        lambda row: row["url"],
    ),
    ListCase(
        "webhook-deliveries",
        "district_admin",
        _endpoint,
        lambda cast, ctx: (
            f"/api/v1/organizations/{cast.district.public_id}/webhooks/"
            f"{ctx['endpoint'].public_id}/deliveries/"
        ),
        _grow_deliveries,
        7,
        "created",
        lambda row: row["created_at"],
    ),
    ListCase(
        "authoring-micro-credentials",
        "author",
        _nothing,
        lambda cast, ctx: "/api/v1/authoring/micro-credentials/",
        _grow_credentials,
        7,
        "slug",
        lambda row: row["slug"],
    ),
    ListCase(
        "authoring-stacks",
        "author",
        _stackable,
        lambda cast, ctx: "/api/v1/authoring/stacks/",
        _grow_stacks,
        7,
        "title",
        lambda row: row["title"],
    ),
    ListCase(
        "issuer-reviewers",
        "staff",
        _designatable,
        lambda cast, ctx: f"/api/v1/issuers/{cast.issuer.public_id}/reviewers/",
        _grow_reviewers,
        6,
        "email",
        lambda row: row["email"],
    ),
    ListCase(
        "review-comments",
        "reviewer",
        _held_review,
        lambda cast, ctx: f"/api/v1/reviews/{ctx['review'].public_id}/comments/",
        _grow_comments,
        6,
        "created",
        lambda row: row["created_at"],
    ),
]
IDS = [case.name for case in CASES]


def _client(cast, case: ListCase) -> Client:
    client = Client()
    client.force_login(getattr(cast, case.who))
    return client


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_list_stays_within_a_fixed_number_of_queries(
    cast, case, django_assert_max_num_queries
):
    ctx = case.setup(cast)
    url = case.url(cast, ctx)
    client = _client(cast, case)
    client.get(url)  # from here on the signed-in user is cached (accounts/user_cache.py)
    counts = []
    for size, more in ((1, 1), (4, 3)):
        case.grow(cast, ctx, more)
        with django_assert_max_num_queries(case.bound) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert response.json()["count"] >= size
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{case.name}: {counts[0]} queries for 1 row, {counts[1]} for 4"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_list_pages_orders_and_refuses_an_unknown_ordering(cast, case):
    ctx = case.setup(cast)
    case.grow(cast, ctx, 3)
    url = case.url(cast, ctx)
    client = _client(cast, case)

    body = client.get(url).json()
    assert set(body) == {"count", "next", "previous", "results"}
    count = body["count"]
    assert count >= 3
    one = client.get(url, {"page_size": 1, "page": 2}).json()
    assert len(one["results"]) == 1 and one["next"] and one["previous"]
    assert client.get(url, {"page": 999}).status_code == 404

    ascending = client.get(url, {"ordering": case.ordering, "page_size": 100}).json()["results"]
    descending = client.get(url, {"ordering": f"-{case.ordering}", "page_size": 100}).json()
    values = [case.value(row) for row in ascending]
    assert values == sorted(values) and len(set(values)) > 1, values
    assert descending["results"] == list(reversed(ascending))

    response = client.get(url, {"ordering": "password"})
    assert response.status_code == 400
    assert list(response.json()) == ["ordering"], response.json()


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {"roster-rows", "webhooks"}])
def test_page_size_is_capped_at_100(cast, case):
    ctx = case.setup(cast)
    if case.name == "roster-rows":
        _grow_rows(cast, ctx, 104)
    else:
        _grow_endpoints(cast, ctx, 101)
    body = _client(cast, case).get(case.url(cast, ctx), {"page_size": 1000}).json()
    assert body["count"] >= 101 and len(body["results"]) == 100 and body["next"]


# --- Filters ----------------------------------------------------------------------------------


def _get(client: Client, url: str, **query: Any) -> dict[str, Any]:
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()


def _admin(cast) -> Client:
    client = Client()
    client.force_login(cast.district_admin)
    return client


def test_organizations_filter_by_kind_and_parent(cast):
    client = _admin(cast)
    url = "/api/v1/organizations/"
    schools = _get(client, url, kind="school")["results"]
    assert {row["name"] for row in schools} == {"Oak School", "Pine School"}
    children = _get(client, url, parent=str(cast.district.public_id))["results"]
    assert {row["name"] for row in children} == {"Oak School", "Pine School"}
    assert client.get(url, {"kind": "issuer"}).status_code == 400


def test_roster_rows_filter_by_action_and_errors(cast):
    ctx = _roster_import(cast)
    _grow_rows(cast, ctx, 4)
    client = _admin(cast)
    url = CASES[2].url(cast, ctx)
    everything = _get(client, url)["count"]
    errors = _get(client, url, has_errors="true")["results"]
    assert errors and {row["action"] for row in errors} == {"error"}
    fine = _get(client, url, has_errors="false")["results"]
    assert "error" not in {row["action"] for row in fine}
    assert len(errors) + len(fine) == everything
    assert _get(client, url, action="error")["count"] == len(errors)
    response = client.get(url, {"action": "explode"})
    assert response.status_code == 400 and list(response.json()) == ["action"]


def test_assignments_page_and_filter_by_kind_overdue_and_item(cast):
    ctx = _assignable(cast)
    _grow_assignments(cast, ctx, 6)  # due in 6, 2, -2, -6, -10, -14 days
    client = _admin(cast)
    url = CASES[3].url(cast, ctx)
    body = _get(client, url, page_size=4)
    assert body["count"] == 6 and len(body["results"]) == 4 and body["next"]
    second = _get(client, url, page_size=4, page=2)["results"]
    seen = {row["assignment"]["id"] for row in body["results"] + second}
    assert len(seen) == 6
    today = timezone.localdate().isoformat()
    overdue = _get(client, url, overdue="true")["results"]
    assert len(overdue) == 4 and all(row["assignment"]["due_on"] < today for row in overdue)
    assert _get(client, url, overdue="false")["count"] == 2
    assert _get(client, url, kind="required")["count"] == 3
    by_credential = _get(client, url, micro_credential=str(ctx["credential"].public_id))
    by_stack = _get(client, url, stack=str(ctx["stack"].public_id))
    assert by_credential["count"] == 4 and by_stack["count"] == 2
    # The rows still say who is overdue: the educator has earned nothing.
    educator_rows = [r for r in overdue if r["assignment"]["educator"]]
    assert educator_rows and all(r["overdue"] == [cast.educator.email] for r in educator_rows)


def test_api_keys_and_webhooks_filter(cast):
    _grow_keys(cast, {}, 2)
    key = cast.district.api_keys.first()
    organization_key_revoke(key=key)
    _grow_endpoints(cast, {}, 2)
    endpoint = cast.district.webhook_endpoints.first()
    webhooks.webhook_endpoint_update(endpoint=endpoint, is_active=False)
    client = _admin(cast)
    base = f"/api/v1/organizations/{cast.district.public_id}"
    revoked = _get(client, f"{base}/api-keys/", revoked="true")["results"]
    assert [row["id"] for row in revoked] == [str(key.public_id)]
    assert _get(client, f"{base}/api-keys/", revoked="false")["count"] == 1
    inactive = _get(client, f"{base}/webhooks/", is_active="false")["results"]
    assert [row["id"] for row in inactive] == [str(endpoint.public_id)]
    assert _get(client, f"{base}/webhooks/", is_active="true")["count"] == 1


def test_deliveries_filter_by_status_and_event(cast):
    ctx = _endpoint(cast)
    _grow_deliveries(cast, ctx, 3)
    delivered = ctx["endpoint"].deliveries.first()
    WebhookDelivery.objects.filter(pk=delivered.pk).update(status="delivered")
    client = _admin(cast)
    url = CASES[6].url(cast, ctx)
    assert [r["id"] for r in _get(client, url, status="delivered")["results"]] == [
        str(delivered.public_id)
    ]
    assert _get(client, url, status="pending")["count"] == 2
    assert _get(client, url, event="webhook.test")["count"] == 3
    assert _get(client, url, event="badge.awarded")["count"] == 0
    response = client.get(url, {"event": "nothing.happened"})
    assert response.status_code == 400 and list(response.json()) == ["event"]


def test_authoring_lists_filter_by_status(cast):
    published_credential(cast.issuer, "live-one", with_artifact=False)
    ctx = _stackable(cast)
    _grow_stacks(cast, ctx, 2)  # drafts
    client = Client()
    client.force_login(cast.author)
    credentials = _get(client, "/api/v1/authoring/micro-credentials/", status="published")
    assert credentials["count"] == 3
    assert _get(client, "/api/v1/authoring/micro-credentials/", status="retired")["count"] == 0
    assert _get(client, "/api/v1/authoring/stacks/", status="draft")["count"] == 2
    assert _get(client, "/api/v1/authoring/stacks/", status="published")["count"] == 0
    response = client.get("/api/v1/authoring/stacks/", {"status": "lost"})
    assert response.status_code == 400 and list(response.json()) == ["status"]


def test_reviewers_filter_by_micro_credential(cast):
    ctx = _designatable(cast)
    _grow_reviewers(cast, ctx, 2)
    membership_grant(user=UserFactory(), organization=cast.issuer, role=Role.REVIEWER)
    client = Client()
    client.force_login(cast.staff)
    url = f"/api/v1/issuers/{cast.issuer.public_id}/reviewers/"
    designated = _get(client, url, micro_credential=str(ctx["credential"].public_id))
    assert designated["count"] == 2
    assert all(
        [mc["id"] for mc in row["micro_credentials"]] == [str(ctx["credential"].public_id)]
        for row in designated["results"]
    )
    assert _get(client, url)["count"] == 4  # with cast.reviewer and the undesignated one
    assert _get(client, url, micro_credential=str(uuid.uuid4()))["count"] == 0


SCHEMA_LISTS = [
    "/api/v1/organizations/",
    "/api/v1/organizations/{public_id}/progress/",
    "/api/v1/organizations/{public_id}/roster-imports/{import_id}/rows/",
    "/api/v1/organizations/{public_id}/assignments/",
    "/api/v1/organizations/{public_id}/api-keys/",
    "/api/v1/organizations/{public_id}/webhooks/",
    "/api/v1/organizations/{public_id}/webhooks/{endpoint_id}/deliveries/",
    "/api/v1/authoring/micro-credentials/",
    "/api/v1/authoring/stacks/",
    "/api/v1/issuers/{issuer_id}/reviewers/",
    "/api/v1/reviews/{public_id}/comments/",
    "/api/v1/cohorts/{id}/posts/",
]


def test_the_schema_documents_these_lists_paging_ordering_and_errors(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in SCHEMA_LISTS:
        operation = schema["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert {"page", "page_size", "ordering"} <= names, path
        assert {"400", "404"} <= set(operation["responses"]), path
        content = operation["responses"]["200"]["content"]["application/json"]["schema"]
        paginated = schema["components"]["schemas"][content["$ref"].rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(paginated["properties"]), path
