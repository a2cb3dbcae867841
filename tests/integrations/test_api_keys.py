"""Organization API keys: shown once, stored hashed, scoped to the organization's subtree and
to their scopes, never a person; and the pages and endpoints that manage them."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient, APIRequestFactory

from accounts.api.authentication import TokenAuthentication
from accounts.tokens import api_token_create
from integrations.api_keys import organization_key_create, organization_key_revoke
from integrations.models import OrganizationApiKey
from reporting.models import Assignment
from rosters.models import RosterImport
from tests.support.credentials import published_credential


def key_client(plain: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    return client


def make_key(cast, *scopes: str, organization=None) -> str:
    _key, plain = organization_key_create(
        organization=organization or cast.district,
        name="HR sync",
        scopes=list(scopes),
        by=cast.district_admin,
    )
    return plain


def progress_url(org) -> str:
    return reverse("api-organization-progress", args=[org.public_id])


# --------------------------------------------------------------------------------------------
# What a key may read
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_key_reads_its_organization_and_subtree_only(cast):
    client = key_client(make_key(cast, "progress:read"))

    listed = client.get(reverse("api-organizations")).json()
    assert {row["id"] for row in listed["results"]} == {
        str(org.public_id) for org in (cast.district, cast.school, cast.school2)
    }
    rows = client.get(progress_url(cast.district)).json()["results"]
    assert {row["educator"]["email"] for row in rows} == {"educator@test.org", "colleague@test.org"}
    assert client.get(progress_url(cast.school)).status_code == 200
    csv = client.get(progress_url(cast.district) + "?format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert b"educator@test.org" in b"".join(csv.streaming_content)
    assigned = client.get(reverse("api-organization-assignments", args=[cast.district.public_id]))
    assert assigned.status_code == 200


@pytest.mark.django_db
def test_key_gets_404_for_another_district_and_for_its_parent(cast):
    client = key_client(make_key(cast, "progress:read"))
    assert client.get(progress_url(cast.other_district)).status_code == 404
    assert client.get(progress_url(cast.other_school)).status_code == 404
    assert client.get(progress_url(cast.state)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["api-submissions", "api-badges", "api-review-queue"],
)
def test_key_is_not_a_person_for_any_other_endpoint(cast, url_name):
    client = key_client(make_key(cast, "progress:read", "roster:write", "assignments:write"))
    response = client.get(reverse(url_name))
    assert response.status_code == 403


@pytest.mark.django_db
def test_key_cannot_mint_keys_or_register_webhooks(cast):
    client = key_client(make_key(cast, "progress:read", "roster:write", "assignments:write"))
    keys_url = reverse("api-organization-keys", args=[cast.district.public_id])
    hooks_url = reverse("api-organization-webhooks", args=[cast.district.public_id])
    assert client.get(keys_url).status_code == 403
    body = {"name": "more", "scopes": ["progress:read"]}
    assert client.post(keys_url, body, format="json").status_code == 403
    hook = {"url": "http://127.0.0.1:9/", "event_types": ["badge.awarded"]}
    assert client.post(hooks_url, hook, format="json").status_code == 403
    assert OrganizationApiKey.objects.count() == 1


@pytest.mark.django_db
def test_missing_scope_answers_403(cast):
    roster_only = key_client(make_key(cast, "roster:write"))
    assert roster_only.get(progress_url(cast.district)).status_code == 403
    reader = key_client(make_key(cast, "progress:read"))
    url = reverse("api-organization-assignments", args=[cast.district.public_id])
    assert reader.post(url, {"kind": "recommended"}, format="json").status_code == 403
    upload = reverse("api-roster-imports", args=[cast.district.public_id])
    assert reader.post(upload, {}).status_code == 403


@pytest.mark.django_db
def test_write_scopes_create_assignments_and_roster_imports_without_a_person(cast):
    credential = published_credential(cast.issuer, "key-assign", with_artifact=False)
    client = key_client(make_key(cast, "assignments:write", "roster:write"))
    url = reverse("api-organization-assignments", args=[cast.district.public_id])
    body = {
        "kind": "required",
        "micro_credential": str(credential.public_id),
        "educator": str(cast.educator.public_id),
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 201, response.content
    assignment = Assignment.objects.get()
    assert assignment.assigned_by is None and assignment.organization == cast.district
    csv = b"email,name,school,role\nnew.teacher@test.org,New Teacher,Oak School,educator\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("users.csv", csv, content_type="text/csv")
    roster_url = reverse("api-roster-imports", args=[cast.district.public_id])
    response = client.post(roster_url, {"users_file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert RosterImport.objects.get().created_by is None


@pytest.mark.django_db
def test_revoked_or_unknown_key_answers_401(cast):
    plain = make_key(cast, "progress:read")
    key = OrganizationApiKey.objects.get()
    organization_key_revoke(key=key)
    assert key_client(plain).get(progress_url(cast.district)).status_code == 401
    assert key_client("mco_not-a-key").get(progress_url(cast.district)).status_code == 401


@pytest.mark.django_db
def test_key_is_stored_as_a_digest_and_records_its_use(cast):
    plain = make_key(cast, "progress:read")
    key = OrganizationApiKey.objects.get()
    assert key.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {key.prefix, key.name, key.digest} and plain.startswith(key.prefix)
    assert key.last_used_at is None
    key_client(plain).get(reverse("api-organizations"))
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.django_db
def test_personal_token_authentication_answers_the_token_as_auth(cast):
    token, plain = api_token_create(user=cast.educator)
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Token {plain}")
    user, auth = TokenAuthentication().authenticate(request)
    assert user == cast.educator
    assert auth.public_id == token.public_id


# --------------------------------------------------------------------------------------------
# Managing keys through the API (people only)
# --------------------------------------------------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_admin_creates_a_key_shown_once_then_revokes_it(cast):
    client = api_as(cast.district_admin)
    url = reverse("api-organization-keys", args=[cast.district.public_id])
    created = client.post(url, {"name": "SIS", "scopes": ["progress:read"]}, format="json")
    assert created.status_code == 201
    plain = created.json()["key"]
    assert key_client(plain).get(progress_url(cast.district)).status_code == 200
    listed = client.get(url)
    assert plain not in listed.content.decode()
    [row] = listed.json()["results"]
    assert row["scopes"] == ["progress:read"] and row["revoked_at"] is None
    revoke = reverse("api-organization-key-revoke", args=[cast.district.public_id, row["id"]])
    assert client.post(revoke).json()["revoked_at"] is not None
    assert key_client(plain).get(progress_url(cast.district)).status_code == 401


@pytest.mark.django_db
def test_unknown_scope_is_refused(cast):
    url = reverse("api-organization-keys", args=[cast.district.public_id])
    response = api_as(cast.district_admin).post(
        url, {"name": "x", "scopes": ["badges:write"]}, format="json"
    )
    assert response.status_code == 400
    assert "scopes" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["educator", "other_admin", "outsider", "reviewer"])
def test_keys_of_a_district_are_404_to_everyone_else(cast, who):
    make_key(cast, "progress:read")
    key = OrganizationApiKey.objects.get()
    client = api_as(getattr(cast, who))
    url = reverse("api-organization-keys", args=[cast.district.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x", "scopes": ["progress:read"]}).status_code == 404
    revoke = reverse("api-organization-key-revoke", args=[cast.district.public_id, key.public_id])
    assert client.post(revoke).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.mark.django_db
def test_anonymous_cannot_list_keys(cast):
    url = reverse("api-organization-keys", args=[cast.district.public_id])
    assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.django_db
def test_key_list_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(6):
        make_key(cast, "progress:read")
    client = api_as(cast.district_admin)
    url = reverse("api-organization-keys", args=[cast.district.public_id])
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.json()["count"] == 6


# --------------------------------------------------------------------------------------------
# The Integrations page
# --------------------------------------------------------------------------------------------


def page_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_dashboard_links_to_integrations_and_the_page_creates_a_key_once(cast):
    client = page_as(cast.district_admin)
    integrations = reverse("organizations:integrations")
    assert integrations in client.get(reverse("organizations:dashboard")).content.decode()
    response = client.post(
        reverse("organizations:integration_key_create") + f"?org={cast.district.public_id}",
        {"org": str(cast.district.public_id), "name": "Nightly", "scopes": ["progress:read"]},
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    key = OrganizationApiKey.objects.get()
    plain = response.context["shown_once"]["value"]
    assert plain in response.content.decode() and plain.startswith(key.prefix)
    again = client.get(integrations + f"?org={cast.district.public_id}").content.decode()
    assert "Nightly" in again and key.prefix in again and plain not in again


@pytest.mark.django_db
def test_page_refuses_a_key_without_scopes(cast):
    response = page_as(cast.district_admin).post(
        reverse("organizations:integration_key_create"),
        {"org": str(cast.district.public_id), "name": "Nightly"},
    )
    assert response.status_code == 400
    assert OrganizationApiKey.objects.count() == 0


@pytest.mark.django_db
def test_page_revokes_a_key(cast):
    plain = make_key(cast, "progress:read")
    key = OrganizationApiKey.objects.get()
    response = page_as(cast.district_admin).post(
        reverse("organizations:integration_key_revoke", args=[key.public_id])
    )
    assert response.status_code == 302
    assert key_client(plain).get(progress_url(cast.district)).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["educator", "other_admin", "outsider"])
def test_integration_pages_are_404_to_others(cast, who):
    make_key(cast, "progress:read")
    key = OrganizationApiKey.objects.get()
    client = page_as(getattr(cast, who))
    org = f"?org={cast.district.public_id}"
    assert client.get(reverse("organizations:integrations") + org).status_code == 404
    create = client.post(
        reverse("organizations:integration_key_create") + org,
        {"org": str(cast.district.public_id), "name": "x", "scopes": ["progress:read"]},
    )
    assert create.status_code == 404
    revoke = client.post(reverse("organizations:integration_key_revoke", args=[key.public_id]))
    assert revoke.status_code == 404
    assert OrganizationApiKey.objects.filter(revoked_at=None).count() == 1


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(cast):
    response = Client().get(reverse("organizations:integrations"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_integrations_page_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(5):
        make_key(cast, "progress:read")
    client = page_as(cast.district_admin)
    url = reverse("organizations:integrations") + f"?org={cast.district.public_id}"
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
