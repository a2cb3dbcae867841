"""API conventions every endpoint follows (common/api/, docs/decisions/0010-api-conventions.md):
page pagination with a bounded page size, whitelisted ordering, filters, JSON errors, rate
limits per token / user / IP, documented error responses, and lists whose query count does not
grow with their length."""

import http.client
import json
import random
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from accounts.tokens import api_token_create
from badges import services as badge_services
from credentials.models import FocusArea
from credentials.services import stack_save
from reviews import services as review_services
from submissions import services as submission_services
from submissions import teams
from tests.support.badges import pass_submission
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.recognition import make_body, make_rule
from tests.support.reviews import set_policy
from tests.support.servers import gunicorn
from tests.support.submissions import submit
from tests.support.teams import team_credential

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/focus-areas/",
    "/api/v1/micro-credentials/",
    "/api/v1/stacks/",
    "/api/v1/submissions/",
    "/api/v1/review-queue/",
    "/api/v1/badges/",
    "/api/v1/auth/tokens/",
    "/api/v1/recognition-bodies/",
    "/api/v1/credit-requests/",
    "/api/v1/team-invitations/",
]


@pytest.fixture(autouse=True)
def _public_storage(settings, tmp_path):
    # Awarded badges bake images into public storage: keep them out of the shared test media.
    settings.SITE_URL = "http://testserver"
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()


def _token_client(user) -> tuple[Client, object]:
    token, plain = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {plain}"), token


# --- Query counts: each list at two sizes ---------------------------------------------------


def _grow_tokens(cast, n: int) -> None:
    for _ in range(n):
        api_token_create(user=cast.educator, name="grown")


def _grow_team_invitations(cast, n: int) -> None:
    for _ in range(n):
        credential = team_credential(cast.issuer, f"tm-{uuid.uuid4().hex[:8]}")
        teams.team_start(lead=UserFactory(), credential=credential, emails=[cast.educator.email])


def _grow_focus_areas(cast, n: int) -> None:
    for _ in range(n):
        slug = f"area-{uuid.uuid4().hex[:8]}"
        FocusArea.objects.create(slug=slug, name=slug)


def _grow_catalog(cast, n: int) -> None:
    for _ in range(n):
        published_credential(cast.issuer, f"mc-{uuid.uuid4().hex[:8]}", with_artifact=False)


def _grow_stacks(cast, n: int) -> None:
    for _ in range(n):
        pair = [
            published_credential(cast.issuer, f"st-{uuid.uuid4().hex[:8]}", with_artifact=False)
            for _ in range(2)
        ]
        slug = f"stack-{uuid.uuid4().hex[:8]}"
        stack_save(
            issuer=cast.issuer,
            slug=slug,
            title=slug,
            description="",
            credentials=pair,
            publish=True,
        )


def _grow_submissions(cast, n: int) -> None:
    for _ in range(n):
        credential = published_credential(
            cast.issuer, f"sub-{uuid.uuid4().hex[:8]}", with_artifact=False
        )
        submission = submission_services.submission_start(
            educator=cast.educator, credential=credential
        )
        requirement = submission.version.requirements.filter(kind="text").first()
        submission_services.response_save(
            submission=submission, requirement=requirement, text="Some words", by=cast.educator
        )


def _grow_queue(cast, n: int) -> None:
    set_policy(cast.issuer, second_review_rate=0)
    for _ in range(n):
        credential = published_credential(
            cast.issuer, f"q-{uuid.uuid4().hex[:8]}", with_artifact=False
        )
        review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
        submit(UserFactory(), credential)


def _grow_badges(cast, n: int) -> None:
    for _ in range(n):
        credential = published_credential(
            cast.issuer, f"b-{uuid.uuid4().hex[:8]}", with_artifact=False
        )
        passed = pass_submission(cast.educator, credential, cast.reviewer)
        badge_services.badge_award(submission=passed)


def _grow_bodies(cast, n: int) -> None:
    credential = published_credential(cast.issuer, f"r-{uuid.uuid4().hex[:8]}", with_artifact=False)
    for _ in range(n):
        make_rule(make_body(f"Board {uuid.uuid4().hex[:8]}"), credential=credential)


# url, who asks (a cast attribute, or None for anonymous), how to add rows, the query bound.
QUERY_BOUNDS: list[tuple[str, str | None, Callable, int]] = [
    ("/api/v1/focus-areas/", None, _grow_focus_areas, 2),
    # One more than the catalog alone: the rules of the page, for `recognitions` (recognition).
    ("/api/v1/micro-credentials/", None, _grow_catalog, 5),
    ("/api/v1/recognition-bodies/", None, _grow_bodies, 3),
    ("/api/v1/stacks/", None, _grow_stacks, 3),
    ("/api/v1/submissions/", "educator", _grow_submissions, 8),
    ("/api/v1/review-queue/", "reviewer", _grow_queue, 9),
    ("/api/v1/badges/", "educator", _grow_badges, 4),
    ("/api/v1/auth/tokens/", "educator", _grow_tokens, 4),
    ("/api/v1/team-invitations/", "educator", _grow_team_invitations, 4),
]


@pytest.mark.parametrize(
    ("url", "who", "grow", "bound"), QUERY_BOUNDS, ids=[row[0] for row in QUERY_BOUNDS]
)
def test_every_list_stays_within_a_fixed_number_of_queries(
    cast, url, who, grow, bound, django_assert_max_num_queries
):
    client = Client()
    if who:
        client.force_login(getattr(cast, who))
        client.get(url)  # from here on the signed-in user is cached (accounts/user_cache.py)
    counts = []
    for size, more in ((1, 1), (4, 3)):
        grow(cast, more)
        # Once unmeasured: what a process reads once and caches (the rule targets a catalog
        # page asks for, recognition/rule_targets.py) is not a query per request.
        client.get(url)
        with django_assert_max_num_queries(bound) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert response.json()["count"] >= size
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{url}: {counts[0]} queries for 1 row, {counts[1]} for 4"


# --- Pagination, ordering, filters ------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_paginated_and_refuses_an_unknown_ordering(cast, url):
    client = Client()
    client.force_login(cast.reviewer if "review" in url else cast.educator)
    body = client.get(url, {"page_size": 1000}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    response = client.get(url, {"ordering": "password"})
    assert response.status_code == 400
    assert list(response.json()) == ["ordering"], response.json()


def test_page_size_is_bounded_and_pages_link_to_each_other(cast):
    for index in range(105):
        FocusArea.objects.create(slug=f"area-{index:03d}", name=f"Area {index:03d}")
    client = Client()
    body = client.get("/api/v1/focus-areas/", {"page_size": 500}).json()
    assert body["count"] == 105 and len(body["results"]) == 100 and body["next"]
    body = client.get("/api/v1/focus-areas/", {"page_size": 2, "page": 2}).json()
    assert [row["slug"] for row in body["results"]] == ["area-002", "area-003"]
    assert body["previous"] and body["next"]
    past_the_end = client.get("/api/v1/focus-areas/", {"page": 999})
    assert past_the_end.status_code == 404 and "detail" in past_the_end.json()


def test_ordering_sorts_each_way(cast):
    for name in ("Beta", "Alpha", "Gamma"):
        FocusArea.objects.create(slug=name.lower(), name=name)
    client = Client()

    def names(ordering: str) -> list[str]:
        body = client.get("/api/v1/focus-areas/", {"ordering": ordering}).json()
        return [row["name"] for row in body["results"]]

    assert names("name") == ["Alpha", "Beta", "Gamma"]
    assert names("-name") == ["Gamma", "Beta", "Alpha"]


def test_submissions_filter_by_status_and_micro_credential(cast):
    first = published_credential(cast.issuer, "first", with_artifact=False)
    second = published_credential(cast.issuer, "second", with_artifact=False)
    draft = submission_services.submission_start(educator=cast.educator, credential=first)
    done = pass_submission(cast.educator, second, cast.reviewer)
    client = Client()
    client.force_login(cast.educator)

    def ids(**query: str) -> set[str]:
        response = client.get("/api/v1/submissions/", query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {str(draft.public_id), str(done.public_id)}
    assert ids(status="draft") == {str(draft.public_id)}
    assert ids(micro_credential=str(second.public_id)) == {str(done.public_id)}
    assert ids(status="passed", micro_credential=str(first.public_id)) == set()
    response = client.get("/api/v1/submissions/", {"status": "lost"})
    assert response.status_code == 400 and "status" in response.json()


def test_badges_filter_by_revoked(cast):
    badges = []
    for slug in ("kept", "revoked"):
        credential = published_credential(cast.issuer, slug, with_artifact=False)
        passed = pass_submission(cast.educator, credential, cast.reviewer)
        badges.append(badge_services.badge_award(submission=passed))
    badge_services.badge_revoke(badge=badges[1], by=cast.staff, reason="Test")
    client = Client()
    client.force_login(cast.educator)

    def ids(**query: str) -> list[str]:
        return [row["id"] for row in client.get("/api/v1/badges/", query).json()["results"]]

    assert len(ids()) == 2
    assert ids(revoked="true") == [str(badges[1].public_id)]
    assert ids(revoked="false") == [str(badges[0].public_id)]


def test_review_queue_filters_by_micro_credential(cast):
    set_policy(cast.issuer, second_review_rate=0)
    waiting = {}
    for slug in ("one", "two"):
        credential = published_credential(cast.issuer, slug, with_artifact=False)
        review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
        waiting[slug] = (credential, submit(UserFactory(), credential))
    client = Client()
    client.force_login(cast.reviewer)
    credential, submission = waiting["two"]
    body = client.get("/api/v1/review-queue/", {"micro_credential": str(credential.public_id)})
    assert [row["submission"] for row in body.json()["results"]] == [str(submission.public_id)]
    assert client.get("/api/v1/review-queue/").json()["count"] == 2


def test_catalog_orders_by_pd_hours_and_stacks_filter_by_issuer(cast):
    from decimal import Decimal

    from credentials.models import MicroCredentialVersion

    for slug, hours in (("short", "5"), ("long", "30"), ("middle", "15")):
        credential = published_credential(cast.issuer, slug, with_artifact=False)
        MicroCredentialVersion.objects.filter(credential=credential).update(pd_hours=Decimal(hours))
    client = Client()
    body = client.get("/api/v1/micro-credentials/", {"ordering": "-pd_hours"}).json()
    assert [row["slug"] for row in body["results"]] == ["long", "middle", "short"]
    _grow_stacks(cast, 1)
    assert client.get("/api/v1/stacks/", {"issuer": cast.issuer.slug}).json()["count"] == 1
    assert client.get("/api/v1/stacks/", {"issuer": "nobody"}).json()["count"] == 0


# --- JSON errors --------------------------------------------------------------------------


def _assert_json_detail(response, status: int) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert isinstance(response.json()["detail"], str)


def test_errors_under_api_are_json_never_html(cast):
    anonymous = Client()
    _assert_json_detail(anonymous.get("/api/v1/no-such-endpoint/"), 404)
    _assert_json_detail(anonymous.get("/api/elsewhere"), 404)
    _assert_json_detail(anonymous.get("/api/v1/badges/"), 401)
    bad_token = Client(HTTP_AUTHORIZATION="Token not-a-token")
    response = bad_token.get("/api/v1/focus-areas/")
    _assert_json_detail(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    educator = Client()
    educator.force_login(cast.educator)
    _assert_json_detail(educator.delete("/api/v1/badges/"), 405)
    _assert_json_detail(educator.get(f"/api/v1/submissions/{uuid.uuid4()}/"), 404)
    _assert_json_detail(
        educator.post("/api/v1/submissions/", "x", content_type="application/xml"), 415
    )
    _assert_json_detail(
        educator.post("/api/v1/submissions/", "{not json", content_type="application/json"), 400
    )
    field_errors = educator.post("/api/v1/submissions/", {}, content_type="application/json")
    assert field_errors.status_code == 400
    assert field_errors.json() == {"micro_credential": ["This field is required."]}
    # A browser asking for HTML still gets JSON (no browsable API).
    response = educator.get("/api/v1/badges/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("application/json")
    # A session's unsafe request without its CSRF token.
    csrf_checked = Client(enforce_csrf_checks=True)
    csrf_checked.force_login(cast.educator)
    _assert_json_detail(
        csrf_checked.post("/api/v1/submissions/", {}, content_type="application/json"), 403
    )


def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_is_json(cast, monkeypatch):
    from credentials.api import views

    def explode(self):
        raise RuntimeError("injected")

    monkeypatch.setattr(views.FocusAreaList, "get_queryset", explode)
    client = Client(raise_request_exception=False)
    _assert_json_detail(client.get("/api/v1/focus-areas/"), 500)


# --- Rate limits ------------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"authenticated": "3/min", "anonymous": "2/min"},
    }


def _assert_throttled(response) -> None:
    _assert_json_detail(response, 429)
    assert int(response["Retry-After"]) > 0


def test_anonymous_callers_are_limited_per_ip_and_cannot_dodge_with_a_header(cast, low_rates):
    client = Client()
    for _ in range(2):
        assert client.get("/api/v1/focus-areas/").status_code == 200
    _assert_throttled(client.get("/api/v1/focus-areas/"))
    _assert_throttled(client.get("/api/v1/stacks/", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    other_ip = Client(REMOTE_ADDR="198.51.100.7")
    assert other_ip.get("/api/v1/focus-areas/").status_code == 200


def test_each_token_has_its_own_budget(cast, low_rates):
    first, _ = _token_client(cast.educator)
    second, _ = _token_client(cast.educator)
    for _ in range(3):
        assert first.get("/api/v1/badges/").status_code == 200
    _assert_throttled(first.get("/api/v1/submissions/"))
    assert second.get("/api/v1/badges/").status_code == 200
    session = Client()
    session.force_login(cast.educator)
    assert session.get("/api/v1/badges/").status_code == 200


def test_rate_limits_count_across_gunicorn_workers_through_redis(settings):
    """Two workers, one Redis cache: together they allow exactly the configured rate."""
    redis_url = settings.CELERY_BROKER_URL
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_NAME_OVERRIDE": connection.settings_dict["NAME"],
        "CACHE_URL": redis_url,
        "API_RATE_ANONYMOUS": "5/min",
    }
    # A loopback address of our own: its counter is not shared with another run.
    source = f"127.{random.randint(1, 250)}.{random.randint(1, 250)}.{random.randint(2, 250)}"
    import redis

    redis.Redis.from_url(redis_url).delete(f":1:throttle_anonymous_ip-{source}")
    statuses = []
    with gunicorn(env, workers=2) as base:
        host, port = base.removeprefix("http://").split(":")
        for _ in range(12):
            conn = http.client.HTTPConnection(host, int(port), source_address=(source, 0))
            conn.request("GET", "/api/v1/focus-areas/")
            response = conn.getresponse()
            body = json.loads(response.read())
            statuses.append(response.status)
            conn.close()
            if response.status == 429:
                assert int(response.getheader("Retry-After")) > 0 and body["detail"]
    assert statuses.count(200) == 5, statuses
    assert statuses.count(429) == 7, statuses


# --- The schema documents every error response ------------------------------------------------


def test_every_operation_documents_its_error_responses(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    assert {"Error", "ValidationError"} <= set(components)
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
    ]
    assert len(operations) >= 20
    for path, method, operation in operations:
        name = f"{method.upper()} {path}"
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        assert "429" in responses, name
        assert "Retry-After" in responses["429"]["headers"], name
        if operation.get("security") and {} not in operation["security"]:
            assert {"401", "403"} <= set(responses), name
        if "requestBody" in operation:
            assert {"400", "415"} <= set(responses), name
        if any(p["in"] == "path" for p in parameters):
            assert "404" in responses, name
        for code, response in responses.items():
            if code >= "400":
                assert "application/json" in response.get("content", {}), f"{name} {code}"


def test_every_list_documents_pagination_ordering_and_paginated_results(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for url in LISTS:
        operation = schema["paths"][url]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "page_size", "ordering"} <= names, url
        assert {"400", "404"} <= set(operation["responses"]), url
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        paginated = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(paginated["properties"]), url
