"""The authoring pages: who must NOT get in (404 everywhere, nothing changed), and who may."""

import pytest
from django.test import Client
from django.urls import reverse

from credentials.models import (
    EvidenceRequirement,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
)
from credentials.services import credential_start_new_version
from organizations.models import Organization, Role
from tests.support.authoring import (
    TWO_LEVELS,
    content,
    details_data,
    formset_data,
    level_rows,
    make_published,
    requirement_row,
    url,
)
from tests.support.cast import make_member
from tests.support.factories import make_org

# --- Permissions: who must NOT get in -----------------------------------------------------------


@pytest.fixture
def world(cast, area):
    """A published micro-credential with a draft version 2 and a stack, all of cast.issuer."""
    published = make_published(cast.issuer, area, slug="world")
    draft = credential_start_new_version(credential=published.credential, by=None)
    second = make_published(cast.issuer, area, slug="world-two")
    stack = Stack.objects.create(issuer=cast.issuer, slug="world-stack", title="World stack")
    return {
        "credential": published.credential,
        "draft": draft,
        "criterion": draft.criteria.get(),
        "stack": stack,
        "second": second.credential,
    }


def object_urls(world) -> list[tuple[str, str]]:
    """(method, URL) of every authoring page about one object."""
    credential, draft = world["credential"], world["draft"]
    return [
        ("get", url("authoring_credential", credential.public_id)),
        ("post", url("authoring_new_version", credential.public_id)),
        ("get", url("authoring_retire", credential.public_id)),
        ("post", url("authoring_retire", credential.public_id)),
        ("get", url("authoring_details", draft.public_id)),
        ("post", url("authoring_details", draft.public_id)),
        ("get", url("authoring_requirements", draft.public_id)),
        ("post", url("authoring_requirements", draft.public_id)),
        ("get", url("authoring_rubric", draft.public_id)),
        ("post", url("authoring_rubric", draft.public_id)),
        ("post", url("authoring_criteria_order", draft.public_id)),
        ("post", url("authoring_requirements_order", draft.public_id)),
        ("get", url("authoring_levels", draft.public_id, world["criterion"].public_id)),
        ("post", url("authoring_levels", draft.public_id, world["criterion"].public_id)),
        ("get", url("authoring_preview", draft.public_id)),
        ("post", url("authoring_publish", draft.public_id)),
        ("get", url("authoring_stack_edit", world["stack"].public_id)),
        ("post", url("authoring_stack_edit", world["stack"].public_id)),
    ]


def general_urls() -> list[tuple[str, str]]:
    return [
        ("get", url("authoring")),
        ("get", url("authoring_create")),
        ("post", url("authoring_create")),
        ("get", url("authoring_stack_create")),
        ("post", url("authoring_stack_create")),
    ]


def post_data_for(target: str, world, area, cast) -> dict:
    """Valid-looking data, so a 404 is the permission check and not a form error."""
    if "/order/" in target:  # a JSON body; refused before it is read
        return {}
    if "/retire/" in target or "/publish/" in target:
        return {"confirm": "on"}
    if "/details/" in target or (target.endswith("/new/") and "stacks" not in target):
        return details_data(cast.issuer, area, slug="sneaky", title="Sneaky")
    if "/requirements/" in target:
        return formset_data("requirements", [requirement_row(1, "Sneaky")])
    if "/levels/" in target:
        return formset_data("levels", level_rows(*TWO_LEVELS))
    if "/rubric/" in target:
        return formset_data("criteria", [{"title": "Sneaky"}])
    if "/stacks/" in target:
        items = [
            {"credential": str(world["credential"].public_id)},
            {"credential": str(world["second"].public_id)},
        ]
        return {
            "issuer": str(cast.issuer.pk),
            "slug": "sneaky",
            "title": "Sneaky",
            "publish": "1",
            **formset_data("items", items),
        }
    return {}


def assert_world_untouched(world) -> None:
    credential = MicroCredential.objects.get(pk=world["credential"].pk)
    assert credential.status == MicroCredential.Status.PUBLISHED
    assert credential.published_version.number == 1
    draft = MicroCredentialVersion.objects.get(pk=world["draft"].pk)
    assert (draft.status, draft.title) == ("draft", "Published world")
    assert credential.versions.count() == 2
    assert not MicroCredential.objects.filter(slug="sneaky").exists()
    assert not Stack.objects.filter(slug="sneaky").exists()
    assert Stack.objects.get(pk=world["stack"].pk).status == Stack.Status.DRAFT
    assert not RubricCriterion.objects.filter(title="Sneaky").exists()
    assert not EvidenceRequirement.objects.filter(title="Sneaky").exists()


NOT_AUTHORS = [
    "educator",
    "colleague",
    "other_educator",
    "reviewer",
    "district_admin",
    "state_admin",
    "outsider",
]


@pytest.mark.parametrize("who", NOT_AUTHORS)
def test_people_who_are_not_authors_get_404_everywhere(client, cast, world, area, who):
    client.force_login(getattr(cast, who))
    for method, target in general_urls() + object_urls(world):
        data = post_data_for(target, world, area, cast) if method == "post" else None
        response = getattr(client, method)(target, data)
        assert response.status_code == 404, (who, method, target, response.status_code)
    assert_world_untouched(world)


def test_an_author_of_another_issuer_gets_404_on_this_issuers_things(client, cast, world, area):
    other_issuer = make_org(Organization.Kind.ISSUER, "Other Issuer")
    other_author = make_member(Role.AUTHOR, other_issuer, email="other-author@test.org")
    client.force_login(other_author)
    for method, target in object_urls(world):
        data = post_data_for(target, world, area, cast) if method == "post" else None
        response = getattr(client, method)(target, data)
        assert response.status_code == 404, (method, target, response.status_code)
    # Their own pages work, but show nothing of this issuer and cannot create for it.
    listing = client.get(url("authoring"))
    assert listing.status_code == 200
    assert "world" not in content(listing)
    response = client.post(url("authoring_create"), details_data(cast.issuer, area, slug="sneaky"))
    assert "Select a valid choice" in content(response)
    assert_world_untouched(world)


def test_anonymous_visitors_are_sent_to_sign_in(client, cast, world, area):
    for method, target in general_urls() + object_urls(world):
        data = post_data_for(target, world, area, cast) if method == "post" else None
        response = getattr(client, method)(target, data)
        assert response.status_code == 302, (method, target)
        assert response["Location"].startswith(reverse("account_login") + "?next="), target
    assert_world_untouched(world)


def test_platform_staff_may_author(client, cast, world):
    client.force_login(cast.staff)
    for method, target in general_urls() + object_urls(world):
        if method == "get":
            assert client.get(target).status_code == 200, target
    response = client.post(url("authoring_new_version", world["credential"].public_id))
    assert response.status_code == 302


def test_every_post_needs_the_csrf_token(cast, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.author)
    for method, target in general_urls() + object_urls(world):
        if method == "post":
            assert client.post(target, {}).status_code == 403, target
    assert_world_untouched(world)


def test_the_authoring_list_is_not_a_catalog_slug(author_client):
    # The catalog answers /catalog/<slug>/; /catalog/authoring/ must still reach authoring.
    response = author_client.get("/catalog/authoring/")
    assert response.status_code == 200
    assert response.resolver_match.url_name == "authoring"
