"""The public catalog API (/api/v1/), its OpenAPI schema and the interactive docs page."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from credentials.models import Competency, FocusArea, MicroCredential, Stack
from credentials.services import credential_create, credential_retire, stack_save
from tests.support.catalog import api_json

EXIT_TICKETS = "exit-tickets-that-drive-instruction"
LIST = "/api/v1/micro-credentials/"
LIST_FIELDS = {
    "id",
    "slug",
    "title",
    "competency",
    "key_method",
    "focus_area",
    "issuer",
    "pd_hours",
}


def _exit_tickets_id() -> str:
    return str(MicroCredential.objects.get(slug=EXIT_TICKETS).public_id)


def test_focus_areas_are_listed_for_anyone(client, demo):
    data = api_json(client, "/api/v1/focus-areas/")
    assert data["count"] == 9
    assert {"slug", "name", "description"} <= set(data["results"][0])
    assert "checking-for-understanding" in {area["slug"] for area in data["results"]}


def test_micro_credential_list_has_the_documented_shape(client, demo):
    data = api_json(client, "/api/v1/micro-credentials/")
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 27
    entry = next(item for item in data["results"] if item["slug"] == EXIT_TICKETS)
    assert set(entry) >= LIST_FIELDS
    assert entry["id"] == _exit_tickets_id()
    assert uuid.UUID(entry["id"])
    assert entry["title"] == "Exit Tickets That Drive Instruction"
    assert entry["competency"]["name"] == "Exit tickets for instructional decisions"
    assert entry["focus_area"] == {
        "slug": "checking-for-understanding",
        "name": "Checking for Understanding",
    }
    assert entry["issuer"]["slug"] == "test-issuer" and uuid.UUID(entry["issuer"]["id"])
    assert entry["pd_hours"] == 10.0
    assert entry["grade_bands"] == ["K-2", "3-5", "6-8", "9-12"]
    assert entry["url"] == f"http://testserver/catalog/{EXIT_TICKETS}/"


def test_ids_are_public_uuids_never_primary_keys(client, demo):
    data = api_json(client, "/api/v1/micro-credentials/?focus_area=data-literacy")
    for entry in data["results"]:
        credential = MicroCredential.objects.get(slug=entry["slug"])
        assert entry["id"] == str(credential.public_id)
        assert entry["id"] != str(credential.pk)


def test_search_and_focus_area_filter_the_list(client, demo):
    found = api_json(client, "/api/v1/micro-credentials/?search=exit+tickets")
    assert found["results"][0]["slug"] == EXIT_TICKETS
    everywhere = api_json(client, "/api/v1/micro-credentials/?search=feedback")
    narrowed = api_json(client, LIST + "?search=feedback&focus_area=learner-motivation")
    assert 0 < narrowed["count"] < everywhere["count"]
    assert {item["focus_area"]["slug"] for item in narrowed["results"]} == {"learner-motivation"}
    assert api_json(client, "/api/v1/micro-credentials/?search=zxqvbn")["count"] == 0


def test_other_filters_are_accepted(client, demo):
    data = api_json(
        client,
        "/api/v1/micro-credentials/?grade_band=K-2&subject=all-subjects&pd_hours_min=10&pd_hours_max=12",
    )
    assert 0 < data["count"] < 27
    for item in data["results"]:
        assert "K-2" in item["grade_bands"] and "all-subjects" in item["subjects"]
        assert 10 <= item["pd_hours"] <= 12
    assert api_json(client, "/api/v1/micro-credentials/?issuer=test-issuer")["count"] == 27
    assert api_json(client, "/api/v1/micro-credentials/?issuer=nobody")["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("pd_hours_min=abc", "pd_hours_min"),
        ("pd_hours_max=-1", "pd_hours_max"),
        ("pd_hours_min=20&pd_hours_max=5", "pd_hours_max"),
        ("focus_area=not%20a%20slug", "focus_area"),
    ],
)
def test_invalid_query_parameters_answer_400_naming_the_parameter(client, demo, query, field):
    data = api_json(client, f"/api/v1/micro-credentials/?{query}", status=400)
    assert list(data) == [field]
    assert isinstance(data[field][0], str) and data[field][0]


def test_detail_has_evidence_requirements_and_the_full_rubric(client, demo):
    data = api_json(client, f"/api/v1/micro-credentials/{_exit_tickets_id()}/")
    assert set(data) >= LIST_FIELDS
    assert {"method_components", "research", "resources", "evidence_requirements", "rubric"} <= set(
        data
    )
    assert len(data["method_components"]) == 6
    assert data["resources"][0]["url"] == "https://ies.ed.gov/ncee/wwc/"
    requirements = data["evidence_requirements"]
    assert [r["part"] for r in requirements] == [1, 2, 2, 2, 3]
    for requirement in requirements:
        assert {"id", "part", "kind", "prompt", "required", "accepted_types", "title"} <= set(
            requirement
        )
        assert uuid.UUID(requirement["id"])
        assert requirement["kind"] in {"text", "artifact"}
    artifact = requirements[2]
    assert artifact["kind"] == "artifact"
    assert artifact["accepted_types"] == ["document", "image"] and artifact["max_size_mb"] == 25
    assert requirements[0]["word_limit"] == 300 and requirements[0]["accepted_types"] == []
    criteria = data["rubric"]["criteria"]
    assert len(criteria) == 4
    first = criteria[0]
    assert first["title"] == "Alignment and diagnostic design"
    assert [level["name"] for level in first["levels"]] == [
        "Not yet evident",
        "Developing",
        "Proficient",
        "Exemplary",
    ]
    assert [level["passing"] for level in first["levels"]] == [False, False, True, True]
    assert {"id", "name", "description", "passing"} == set(first["levels"][0])
    requirement_ids = {r["id"] for r in requirements}
    assert set(first["requirements"]) <= requirement_ids and first["requirements"]


def test_detail_is_404_for_unknown_retired_and_draft_ids(client, demo):
    draft = credential_create(
        issuer=demo.issuer,
        slug="unpublished",
        title="Unpublished",
        focus_area=FocusArea.objects.first(),
        competency=Competency.objects.first(),
        key_method="Later.",
        pd_hours=Decimal(5),
        by=None,
    ).credential
    retired = MicroCredential.objects.get(slug=EXIT_TICKETS)
    credential_retire(credential=retired, by=None)
    for public_id in (uuid.uuid4(), draft.public_id, retired.public_id):
        api_json(client, f"/api/v1/micro-credentials/{public_id}/", status=404)
    # An integer primary key is not an identifier here.
    assert client.get(f"/api/v1/micro-credentials/{draft.pk}/").status_code == 404


def test_stacks_list_their_micro_credentials_in_order(client, demo):
    stack_save(
        issuer=demo.issuer,
        slug="draft-stack",
        title="Draft stack",
        description="",
        credentials=list(MicroCredential.objects.all()[:2]),
    )
    data = api_json(client, "/api/v1/stacks/")
    assert data["count"] == Stack.objects.filter(status="published").count() >= 2
    assert "draft-stack" not in {stack["slug"] for stack in data["results"]}
    leader = next(s for s in data["results"] if s["slug"] == "formative-assessment-leader")
    assert {"id", "slug", "title", "micro_credentials"} <= set(leader)
    assert uuid.UUID(leader["id"])
    stack = Stack.objects.get(slug="formative-assessment-leader")
    expected = [item.credential for item in stack.items.order_by("position")]
    assert [m["slug"] for m in leader["micro_credentials"]] == [c.slug for c in expected]
    assert [m["id"] for m in leader["micro_credentials"]] == [str(c.public_id) for c in expected]
    assert {"id", "slug", "title"} <= set(leader["micro_credentials"][0])


def test_catalog_api_needs_no_sign_in_and_ignores_a_session(client, demo):
    anonymous = api_json(client, "/api/v1/micro-credentials/")
    client.force_login(demo.educator)
    assert api_json(client, "/api/v1/micro-credentials/") == anonymous


def test_catalog_api_is_read_only(client, demo):
    client.force_login(demo.staff)
    assert client.post("/api/v1/micro-credentials/", {}).status_code == 405
    detail = f"/api/v1/micro-credentials/{_exit_tickets_id()}/"
    assert client.delete(detail).status_code == 405
    assert MicroCredential.objects.filter(slug=EXIT_TICKETS).exists()


def test_stacks_query_count_does_not_grow(client, demo, django_assert_max_num_queries):
    # Count, stacks with their issuers, items with their micro-credentials and versions.
    with django_assert_max_num_queries(3):
        data = api_json(client, "/api/v1/stacks/")
    assert sum(len(stack["micro_credentials"]) for stack in data["results"]) > 20


# --- Schema and docs --------------------------------------------------------------------------


def test_schema_documents_the_catalog_endpoints_and_parameters(client, db):
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in ("/api/v1/focus-areas/", "/api/v1/micro-credentials/", "/api/v1/stacks/"):
        assert path in paths
    listing = paths["/api/v1/micro-credentials/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"search", "focus_area", "grade_band", "subject", "issuer", "pd_hours_min"} <= names
    assert {"page", "pd_hours_max"} <= names
    assert "400" in listing["responses"]
    detail = paths["/api/v1/micro-credentials/{id}/"]["get"]
    (id_parameter,) = [p for p in detail["parameters"] if p["name"] == "id"]
    assert id_parameter["schema"]["format"] == "uuid"
    assert "404" in detail["responses"]


def test_docs_page_uses_our_static_files_and_no_inline_script(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # every script has a src: our CSP allows no inline script
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    assert '"/api/schema/"' in script.content.decode()
