"""The authoring API: create a draft, edit it, replace its evidence and rubric in one nested PUT,
publish (400 naming each problem), new versions, retire, stacks; and who must not get in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from credentials.models import (
    CatalogAuditEntry,
    Competency,
    FocusArea,
    MicroCredential,
    MicroCredentialVersion,
    RubricLevel,
    Stack,
)
from credentials.services import reference_data_ensure
from organizations.models import Organization, Role
from tests.support.cast import make_member
from tests.support.credentials import published_credential
from tests.support.factories import make_org

BASE = "/api/v1/authoring"
CREDENTIALS = f"{BASE}/micro-credentials/"
STACKS = f"{BASE}/stacks/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def area(db):
    reference_data_ensure()
    area = FocusArea.objects.create(slug="assessment", name="Assessment")
    Competency.objects.create(focus_area=area, name="Exit tickets", statement="Uses them.")
    return area


def create_payload(**overrides) -> dict:
    payload = {
        "slug": "exit-tickets",
        "title": "Exit Tickets",
        "focus_area": "assessment",
        "competency": {"name": "Exit tickets"},
        "key_method": "Ask one question at the end of each lesson.",
        "method_components": ["Plan the question", "Sort the answers"],
        "resources": [{"title": "Guide", "url": "https://example.org/guide"}],
        "grade_bands": ["3-5", "6-8"],
        "subjects": ["mathematics"],
        "pd_hours": "12.5",
        "attempt_limit": 3,
    }
    payload.update(overrides)
    return payload


LEVELS = [
    {"name": "Developing", "description": "Not yet shown.", "passing": False},
    {"name": "Proficient", "description": "Shown.", "passing": True},
]


def content_payload() -> dict:
    return {
        "requirements": [
            {"key": "ctx", "part": 1, "title": "Context", "prompt": "Describe.", "kind": "text"},
            {
                "key": "video",
                "part": 2,
                "title": "Lesson video",
                "prompt": "Record.",
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 500,
            },
            {"key": "refl", "part": 3, "title": "Reflection", "prompt": "Reflect.", "kind": "text"},
        ],
        "criteria": [
            {"title": "Evidence", "requirements": ["ctx", "video"], "levels": LEVELS},
            {"title": "Reflection", "requirements": ["refl"], "levels": LEVELS},
        ],
    }


def create_draft(author) -> dict:
    response = _api(author).post(CREDENTIALS, create_payload(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


# --- Who must not get in -----------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_callers_are_refused(area):
    for url in (CREDENTIALS, STACKS):
        assert _api().get(url).status_code == 401
        assert _api().post(url, {}, format="json").status_code == 401
    assert not MicroCredential.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["educator", "reviewer", "district_admin", "state_admin", "outsider"]
)
def test_people_who_author_nothing_get_404(cast, area, role):
    client = _api(getattr(cast, role))
    assert client.get(CREDENTIALS).status_code == 404
    assert client.post(CREDENTIALS, create_payload(), format="json").status_code == 404
    assert client.get(STACKS).status_code == 404
    assert not MicroCredential.objects.exists()


@pytest.mark.django_db
def test_an_author_of_another_issuer_sees_nothing_of_ours(cast, area):
    draft = create_draft(cast.author)
    credential_id = draft["micro_credential"]["id"]
    other_issuer = make_org(Organization.Kind.ISSUER, "Other Issuer")
    stranger = make_member(Role.AUTHOR, other_issuer, email="stranger@test.org")
    client = _api(stranger)
    assert client.get(CREDENTIALS).json()["count"] == 0
    assert client.get(f"{CREDENTIALS}{credential_id}/").status_code == 404
    assert client.get(f"{BASE}/versions/{draft['id']}/").status_code == 404
    response = client.patch(f"{BASE}/versions/{draft['id']}/", {"title": "Mine"}, format="json")
    assert response.status_code == 404
    put = client.put(f"{BASE}/versions/{draft['id']}/content/", content_payload(), format="json")
    assert put.status_code == 404
    assert client.post(f"{BASE}/versions/{draft['id']}/publish/").status_code == 404
    assert client.post(f"{CREDENTIALS}{credential_id}/retire/").status_code == 404
    assert client.post(f"{CREDENTIALS}{credential_id}/new-version/").status_code == 404
    # Nor may they create under our issuer.
    payload = create_payload(slug="theirs", issuer=str(cast.issuer.public_id))
    response = client.post(CREDENTIALS, payload, format="json")
    assert response.status_code == 400
    assert "issuer" in response.json()
    assert MicroCredentialVersion.objects.get(public_id=draft["id"]).title == "Exit Tickets"
    assert MicroCredential.objects.get().status == "draft"


# --- The journey: create, content, publish, new version, retire -----------------------------


@pytest.mark.django_db
def test_create_a_draft_with_a_new_competency(cast, area):
    payload = create_payload(competency={"name": "Hinge questions", "statement": "Uses hinges."})
    response = _api(cast.author).post(CREDENTIALS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["number"] == 1
    assert body["competency"] == {"name": "Hinge questions", "statement": "Uses hinges."}
    assert body["grade_bands"] == ["3-5", "6-8"]
    assert body["pd_hours"] == 12.5
    assert body["micro_credential"]["attempt_limit"] == 3
    # Nothing to score yet: publishing would be refused, and the draft says why.
    assert "The rubric needs at least one criterion." in body["publish_errors"]
    credential = MicroCredential.objects.get(slug="exit-tickets")
    assert credential.issuer == cast.issuer
    assert CatalogAuditEntry.objects.filter(credential=credential, action="created").exists()


@pytest.mark.django_db
def test_create_names_each_invalid_field(cast, area):
    published_credential(cast.issuer, slug="taken")
    payload = create_payload(
        slug="taken",
        focus_area="nope",
        grade_bands=["13-14"],
        resources=[{"title": "x", "url": "not a url"}],
    )
    response = _api(cast.author).post(CREDENTIALS, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"slug", "focus_area", "grade_bands", "resources"}
    new_competency = create_payload(competency={"name": "Brand new"})
    response = _api(cast.author).post(CREDENTIALS, new_competency, format="json")
    assert response.status_code == 400
    assert "statement" in response.json()["competency"][0]
    assert MicroCredential.objects.count() == 1


@pytest.mark.django_db
def test_content_put_then_publish_then_new_version_then_retire(cast, area):
    author = _api(cast.author)
    draft = create_draft(cast.author)
    version_url = f"{BASE}/versions/{draft['id']}/"

    response = author.put(f"{version_url}content/", content_payload(), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [r["title"] for r in body["requirements"]] == ["Context", "Lesson video", "Reflection"]
    evidence = body["criteria"][0]
    assert [level["name"] for level in evidence["levels"]] == ["Developing", "Proficient"]
    ids = {r["title"]: r["id"] for r in body["requirements"]}
    assert evidence["requirements"] == [ids["Context"], ids["Lesson video"]]
    assert body["publish_errors"] == []

    response = author.post(f"{version_url}publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    credential_id = draft["micro_credential"]["id"]
    catalog = _api().get(f"/api/v1/micro-credentials/{credential_id}/")
    assert catalog.status_code == 200
    assert len(catalog.json()["rubric"]["criteria"]) == 2

    # A published version is frozen.
    frozen = author.patch(version_url, {"title": "Changed"}, format="json")
    assert frozen.status_code == 409
    assert author.post(f"{version_url}publish/").status_code == 409

    response = author.post(f"{CREDENTIALS}{credential_id}/new-version/")
    assert response.status_code == 201
    second = response.json()
    assert second["number"] == 2 and second["status"] == "draft"
    assert [c["title"] for c in second["criteria"]] == ["Evidence", "Reflection"]
    again = author.post(f"{CREDENTIALS}{credential_id}/new-version/")
    assert again.status_code == 200 and again.json()["id"] == second["id"]

    second_url = f"{BASE}/versions/{second['id']}/"
    response = author.patch(second_url, {"title": "Exit Tickets, revised"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Exit Tickets, revised"
    assert response.json()["competency"]["name"] == "Exit tickets"  # unchanged by a PATCH
    catalog = _api().get(f"/api/v1/micro-credentials/{credential_id}/")
    assert catalog.json()["title"] == "Exit Tickets"  # educators keep the published version

    response = author.post(f"{CREDENTIALS}{credential_id}/retire/")
    assert response.status_code == 200
    assert response.json()["status"] == "retired"
    assert _api().get(f"/api/v1/micro-credentials/{credential_id}/").status_code == 404
    assert author.patch(second_url, {"title": "Late"}, format="json").status_code == 409
    assert author.post(f"{CREDENTIALS}{credential_id}/new-version/").status_code == 409


@pytest.mark.django_db
def test_publish_answers_400_naming_each_problem(cast, area):
    author = _api(cast.author)
    draft = create_draft(cast.author)
    content = content_payload()
    content["requirements"] = [r for r in content["requirements"] if r["part"] != 2]
    content["criteria"] = [
        {"title": "Evidence", "requirements": ["ctx"], "levels": [LEVELS[1]]},
    ]
    put = author.put(f"{BASE}/versions/{draft['id']}/content/", content, format="json")
    assert put.status_code == 200, put.json()
    response = author.post(f"{BASE}/versions/{draft['id']}/publish/")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Part 2: Artifacts needs at least one evidence requirement." in errors
    assert "Required requirement “Reflection” is not scored by any rubric criterion." in errors
    assert "Criterion “Evidence” needs at least two levels." in errors
    assert MicroCredentialVersion.objects.get(public_id=draft["id"]).status == "draft"


@pytest.mark.django_db
def test_content_put_keeps_ids_and_is_all_or_nothing(cast, area):
    author = _api(cast.author)
    draft = create_draft(cast.author)
    url = f"{BASE}/versions/{draft['id']}/content/"
    first = author.put(url, content_payload(), format="json").json()
    requirement_ids = [r["id"] for r in first["requirements"]]

    # Keep two requirements by id, drop the reflection, rename the first criterion.
    evidence = first["criteria"][0]
    update = {
        "requirements": [
            {**content_payload()["requirements"][0], "id": requirement_ids[0], "title": "Setting"},
            {**content_payload()["requirements"][1], "id": requirement_ids[1]},
        ],
        "criteria": [
            {
                "id": evidence["id"],
                "title": "Evidence of use",
                "requirements": [requirement_ids[0].upper(), requirement_ids[1]],
                "levels": [
                    {**level, "id": saved["id"]}
                    for level, saved in zip(LEVELS, evidence["levels"], strict=True)
                ],
            }
        ],
    }
    body = author.put(url, update, format="json").json()
    assert [r["id"] for r in body["requirements"]] == requirement_ids[:2]
    assert body["requirements"][0]["title"] == "Setting"
    assert [c["id"] for c in body["criteria"]] == [evidence["id"]]
    assert [lv["id"] for lv in body["criteria"][0]["levels"]] == [
        lv["id"] for lv in evidence["levels"]
    ]

    # A level id from another criterion is refused by the service after the requirements were
    # saved: nothing of this PUT may stay.
    other = published_credential(cast.issuer, slug="other")
    foreign_level = RubricLevel.objects.filter(criterion__version__credential=other).first()
    broken = {
        "requirements": [{**update["requirements"][0], "title": "Should not stay"}],
        "criteria": [
            {
                "title": "X",
                "requirements": [requirement_ids[0]],
                "levels": [{**LEVELS[0], "id": str(foreign_level.public_id)}],
            }
        ],
    }
    response = author.put(url, broken, format="json")
    assert response.status_code == 400
    assert "errors" in response.json()
    after = author.get(f"{BASE}/versions/{draft['id']}/").json()
    assert [r["title"] for r in after["requirements"]] == ["Setting", "Lesson video"]
    assert after["criteria"][0]["title"] == "Evidence of use"


@pytest.mark.django_db
def test_content_put_validates_each_row(cast, area):
    author = _api(cast.author)
    draft = create_draft(cast.author)
    url = f"{BASE}/versions/{draft['id']}/content/"
    content = content_payload()
    content["requirements"][1]["accepted_types"] = []
    content["criteria"][1]["requirements"] = ["missing-key"]
    response = author.put(url, content, format="json")
    assert response.status_code == 400
    assert "accepted_types" in response.json()["requirements"][1]
    content = content_payload()
    content["criteria"][1]["requirements"] = ["missing-key"]
    response = author.put(url, content, format="json")
    assert response.status_code == 400
    assert "missing-key" in response.json()["criteria"][0]
    assert author.get(f"{BASE}/versions/{draft['id']}/").json()["requirements"] == []


@pytest.mark.django_db
def test_the_list_shows_every_status_in_a_fixed_number_of_queries(
    cast, area, django_assert_max_num_queries
):
    for index in range(4):
        published_credential(cast.issuer, slug=f"published-{index}")
    create_draft(cast.author)
    published_credential(make_org(Organization.Kind.ISSUER, "Elsewhere"), slug="not-ours")
    with django_assert_max_num_queries(10):
        response = _api(cast.author).get(CREDENTIALS, {"ordering": "-slug"})
    body = response.json()
    assert body["count"] == 5
    slugs = [row["slug"] for row in body["results"]]
    assert slugs == sorted(slugs, reverse=True)
    draft_row = next(row for row in body["results"] if row["slug"] == "exit-tickets")
    assert draft_row["status"] == "draft" and draft_row["draft"]["number"] == 1


# --- Stacks ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stacks_create_publish_and_update(cast, area, django_assert_max_num_queries):
    author = _api(cast.author)
    one = published_credential(cast.issuer, slug="one")
    two = published_credential(cast.issuer, slug="two")
    payload = {
        "slug": "assessment-stack",
        "title": "Assessment",
        "micro_credentials": [str(one.public_id)],
        "publish": True,
    }
    response = author.post(STACKS, payload, format="json")
    assert response.status_code == 400
    assert "at least two" in response.json()["detail"]
    payload["micro_credentials"] = [str(two.public_id), str(one.public_id)]
    response = author.post(STACKS, payload, format="json")
    assert response.status_code == 201, response.json()
    stack = response.json()
    assert stack["status"] == "published"
    assert [item["slug"] for item in stack["micro_credentials"]] == ["two", "one"]
    assert _api().get("/api/v1/stacks/").json()["count"] == 1

    update = {
        **payload,
        "title": "Assessment basics",
        "micro_credentials": payload["micro_credentials"][::-1],
    }
    response = author.put(f"{STACKS}{stack['id']}/", update, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Assessment basics"
    assert [item["slug"] for item in response.json()["micro_credentials"]] == ["one", "two"]

    with django_assert_max_num_queries(8):
        listed = author.get(STACKS).json()
    assert [row["slug"] for row in listed["results"]] == ["assessment-stack"]


@pytest.mark.django_db
def test_stacks_refuse_other_issuers_and_strangers(cast, area):
    other_issuer = make_org(Organization.Kind.ISSUER, "Other Issuer")
    theirs = published_credential(other_issuer, slug="theirs")
    ours = published_credential(cast.issuer, slug="ours")
    payload = {
        "slug": "mixed",
        "title": "Mixed",
        "micro_credentials": [str(ours.public_id), str(theirs.public_id)],
    }
    response = _api(cast.author).post(STACKS, payload, format="json")
    assert response.status_code == 400
    assert "micro_credentials" in response.json()
    payload["micro_credentials"] = [str(ours.public_id)]
    stack_id = _api(cast.author).post(STACKS, payload, format="json").json()["id"]
    stranger = make_member(Role.AUTHOR, other_issuer, email="stranger@test.org")
    assert _api(stranger).get(f"{STACKS}{stack_id}/").status_code == 404
    put = _api(stranger).put(f"{STACKS}{stack_id}/", {**payload, "title": "Ours"}, format="json")
    assert put.status_code == 404
    assert _api(cast.educator).get(f"{STACKS}{stack_id}/").status_code == 404
    assert Stack.objects.get().title == "Mixed"


def _png(image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (31, 78, 121)).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.mark.django_db
def test_badge_image_upload_and_removal(cast, area):
    draft = create_draft(cast.author)
    url = f"{BASE}/versions/{draft['id']}/image/"
    good = SimpleUploadedFile("badge.png", _png(), content_type="image/png")
    assert _api(cast.educator).put(url, {"image": good}, format="multipart").status_code == 404
    gif = SimpleUploadedFile("badge.gif", _png("GIF"), content_type="image/gif")
    response = _api(cast.author).put(url, {"image": gif}, format="multipart")
    assert response.status_code == 400
    assert "PNG or JPEG" in response.json()["image"][0]
    good.seek(0)
    response = _api(cast.author).put(url, {"image": good}, format="multipart")
    assert response.status_code == 200, response.json()
    version = MicroCredentialVersion.objects.get(public_id=draft["id"])
    assert version.image.name.startswith("credential-images/")
    assert version.image.name.endswith(".png")
    assert response.json()["image_url"].endswith(".png")
    assert _api(cast.author).delete(url).json() == {"image_url": None}
    assert not MicroCredentialVersion.objects.get(public_id=draft["id"]).image
