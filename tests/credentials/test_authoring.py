"""Authoring through the real pages: create, requirements, rubric, levels, preview, publish,
stacks; who may not get in; and the validation an author sees inline."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from credentials import selectors
from credentials.models import (
    CatalogAuditEntry,
    Competency,
    EvidenceRequirement,
    FocusArea,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
)
from credentials.services import (
    credential_create,
    credential_start_new_version,
    criterion_add,
    reference_data_ensure,
    requirement_add,
    version_publish,
)
from organizations.models import Organization, Role
from tests.support.cast import make_member
from tests.support.factories import make_org

# --- Helpers: POST data shaped exactly like the pages' forms ---------------------------------


def formset_data(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """A formset POST: the management form and each row's fields under `prefix-<index>-`."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def requirement_row(part: int, title: str, kind: str = "text", types=(), **extra) -> dict:
    row = {"part": str(part), "title": title, "prompt": f"Do {title}.", "kind": kind}
    row["required"] = "on"
    if types:
        row["accepted_types"] = list(types)
    row.update(extra)
    return row


def level_rows(*names_passing: tuple[str, bool]) -> list[dict]:
    rows = []
    for name, passing in names_passing:
        row = {"name": name, "description": f"Work at the {name} level."}
        if passing:
            row["passing"] = "on"
        rows.append(row)
    return rows


TWO_LEVELS = (("Not yet", False), ("Proficient", True))


def details_data(issuer: Organization, area: FocusArea, **overrides) -> dict:
    data = {
        "issuer": str(issuer.pk),
        "slug": "exit-tickets",
        "title": "Exit Tickets",
        "focus_area": str(area.pk),
        "competency": "",
        "key_method": "Collect a short check at the end of each lesson.",
        "method_components": "Write the question\n\nSort the answers\n",
        "research": "Formative assessment works.",
        "resources": "Edutopia | https://www.edutopia.org/\nWWC | https://ies.ed.gov/ncee/wwc/",
        "grade_bands": [],
        "subjects": [],
        "pd_hours": "12.5",
        "ceus": "",
        "validity_years": "3",
        "attempt_limit": "2",
    }
    if "competency" not in overrides:
        data["competency"] = str(area.competencies.get().pk)
    data.update(overrides)
    return data


def url(name: str, *args) -> str:
    return reverse(f"credentials:{name}", args=args)


def content(response) -> str:
    return response.content.decode()


def create_via_pages(client: Client, issuer: Organization, area: FocusArea, **overrides):
    response = client.post(url("authoring_create"), details_data(issuer, area, **overrides))
    assert response.status_code == 302, content(response)
    return MicroCredentialVersion.objects.get(
        credential__slug=overrides.get("slug", "exit-tickets")
    )


def post_requirements(client: Client, version, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_requirements", version.public_id),
        formset_data("requirements", rows, initial=initial),
    )


def post_criteria(client: Client, version, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_rubric", version.public_id), formset_data("criteria", rows, initial=initial)
    )


def post_levels(client: Client, criterion, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_levels", criterion.version.public_id, criterion.public_id),
        formset_data("levels", rows, initial=initial),
    )


def make_published(issuer: Organization, area: FocusArea, slug: str = "published-one"):
    """A published version 1 built through the services (for tests about other things)."""
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title=f"Published {slug}",
        focus_area=area,
        competency=area.competencies.get(),
        key_method="A method.",
        pd_hours=Decimal(10),
        by=None,
    )
    scored = [
        requirement_add(
            version=version, part=part, title=f"{slug} part {part}", prompt="Do.", kind="text"
        )
        for part in (1, 2, 3)
    ]
    criterion_add(
        version=version,
        title="Evidence",
        requirements=scored,
        levels=[
            {"name": "Not yet", "description": "Missing.", "passing": False},
            {"name": "Proficient", "description": "Shown.", "passing": True},
        ],
    )
    return version_publish(version=version, by=None)


def png_bytes(size=(64, 64), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(buffer, format=image_format)
    return buffer.getvalue()


def make_area() -> FocusArea:
    """Reference data and one focus area with one competency."""
    reference_data_ensure()
    area = FocusArea.objects.create(slug="assessment", name="Assessment")
    Competency.objects.create(
        focus_area=area, name="Checking for understanding", statement="Checks every lesson."
    )
    return area


@pytest.fixture
def area(db) -> FocusArea:
    return make_area()


@pytest.fixture
def author_client(client, cast) -> Client:
    client.force_login(cast.author)
    return client


# --- The authoring journey -------------------------------------------------------------------


def test_list_is_empty_at_first_and_offers_to_create(author_client):
    response = author_client.get(url("authoring"))
    assert response.status_code == 200
    assert "No micro-credentials yet" in content(response)
    assert url("authoring_create") in content(response)


def test_author_creates_a_draft_with_its_details(author_client, cast, area):
    bands = [str(b.pk) for b in GradeBand.objects.filter(code__in=["K-2", "3-5"])]
    version = create_via_pages(author_client, cast.issuer, area, grade_bands=bands)

    credential = version.credential
    assert (credential.issuer, credential.status, credential.attempt_limit) == (
        cast.issuer,
        MicroCredential.Status.DRAFT,
        2,
    )
    assert (version.number, version.status, version.pd_hours) == (1, "draft", Decimal("12.5"))
    assert version.method_components == ["Write the question", "Sort the answers"]
    assert version.resources == [
        {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        {"title": "WWC", "url": "https://ies.ed.gov/ncee/wwc/"},
    ]
    assert sorted(b.code for b in version.grade_bands.all()) == ["3-5", "K-2"]
    assert CatalogAuditEntry.objects.get(credential=credential).actor == cast.author
    # The list shows it as a draft that is not in the catalog yet.
    listing = content(author_client.get(url("authoring")))
    assert "Exit Tickets" in listing and "Not yet" in listing


def test_a_new_competency_can_be_typed_in(author_client, cast, area):
    version = create_via_pages(
        author_client,
        cast.issuer,
        area,
        competency="",
        new_competency_name="Exit ticket design",
        new_competency_statement="Designs exit tickets that diagnose.",
    )
    assert version.competency.name == "Exit ticket design"
    assert version.competency.focus_area == area


def test_details_edit_saves_through_the_draft(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    data = details_data(cast.issuer, area, title="Exit Tickets, revised", attempt_limit="")
    response = author_client.post(url("authoring_details", version.public_id), data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title == "Exit Tickets, revised"
    assert version.credential.attempt_limit is None


def test_requirements_formset_adds_updates_reorders_and_removes(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    rows = [
        requirement_row(1, "Context"),
        requirement_row(2, "Exit ticket", "artifact", ["document", "image"], max_size_mb="50"),
        requirement_row(3, "Reflection", word_limit="500"),
        requirement_row(1, "Goals", ORDER="0"),
    ]
    response = post_requirements(author_client, version, rows)
    assert response.status_code == 302, content(response)
    saved = list(version.requirements.order_by("part", "position"))
    assert [(r.part, r.position, r.title) for r in saved] == [
        (1, 0, "Goals"),
        (1, 1, "Context"),
        (2, 0, "Exit ticket"),
        (3, 0, "Reflection"),
    ]
    exit_ticket = saved[2]
    assert (exit_ticket.kind, exit_ticket.accepted_types, exit_ticket.max_size_mb) == (
        "artifact",
        ["document", "image"],
        50,
    )
    assert saved[3].word_limit == 500

    # Second save: rename one (same row, same public id), remove another, keep the rest.
    existing = [
        requirement_row(r.part, r.title, r.kind, r.accepted_types, public_id=str(r.public_id))
        for r in saved
    ]
    existing[1]["title"] = "Classroom context"
    existing[0]["DELETE"] = "on"
    response = post_requirements(author_client, version, existing, initial=len(existing))
    assert response.status_code == 302, content(response)
    after = {r.public_id: r.title for r in version.requirements.all()}
    assert saved[0].public_id not in after
    assert after[saved[1].public_id] == "Classroom context"
    assert len(after) == 3


def test_add_row_without_javascript_adds_a_blank_row_and_saves_nothing(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    data = formset_data("requirements", [requirement_row(1, "Context")])
    data["add_row"] = "1"
    response = author_client.post(url("authoring_requirements", version.public_id), data)
    assert response.status_code == 200
    assert 'name="requirements-TOTAL_FORMS" value="2"' in content(response)
    assert 'name="requirements-1-title"' in content(response)
    assert version.requirements.count() == 0


def test_rubric_criteria_and_levels_are_written_through_their_pages(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    post_requirements(
        author_client,
        version,
        [requirement_row(1, "Context"), requirement_row(2, "Artifact", "artifact", ["video"])],
    )
    context_req, artifact_req = version.requirements.order_by("part")
    response = post_criteria(
        author_client,
        version,
        [
            {
                "title": "Alignment",
                "description": "Fits the goal.",
                "requirements": [str(context_req.public_id)],
            },
            {"title": "Use of data", "requirements": [str(artifact_req.public_id)]},
        ],
    )
    assert response.status_code == 302, content(response)
    alignment = RubricCriterion.objects.get(version=version, title="Alignment")
    assert list(alignment.requirements.all()) == [context_req]

    response = post_levels(
        author_client,
        alignment,
        level_rows(("Beginning", False), ("Developing", False), ("Proficient", True)),
    )
    assert response.status_code == 302, content(response)
    assert [(lv.name, lv.passing) for lv in alignment.levels.all()] == [
        ("Beginning", False),
        ("Developing", False),
        ("Proficient", True),
    ]
    # The rubric page summarises the levels and links to them.
    rubric = content(author_client.get(url("authoring_rubric", version.public_id)))
    assert "Proficient" in rubric
    assert url("authoring_levels", version.public_id, alignment.public_id) in rubric


def test_criteria_only_offer_this_versions_requirements(author_client, cast, area):
    other = make_published(cast.issuer, area)
    version = create_via_pages(author_client, cast.issuer, area)
    foreign = other.requirements.first()
    response = post_criteria(
        author_client, version, [{"title": "Sneaky", "requirements": [str(foreign.public_id)]}]
    )
    assert response.status_code == 200
    assert "Select a valid choice" in content(response)
    assert not version.criteria.exists()


def test_publish_explains_every_problem_then_succeeds(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    publish = url("authoring_publish", version.public_id)

    # Nothing yet: every part and the rubric are missing, each linked to its page.
    response = author_client.post(publish)
    body = content(response)
    assert response.status_code == 400
    assert "This version cannot be published yet." in body
    assert "Part 1: Overview questions needs at least one evidence requirement." in body
    assert "Part 3: Reflection needs at least one evidence requirement." in body
    assert "The rubric needs at least one criterion." in body
    assert url("authoring_requirements", version.public_id) in body
    assert url("authoring_rubric", version.public_id) in body

    # Parts 1 and 2 only; one required requirement unscored; a criterion with no passing level.
    post_requirements(
        author_client,
        version,
        [requirement_row(1, "Context"), requirement_row(2, "Artifact", "artifact", ["video"])],
    )
    context_req = version.requirements.get(title="Context")
    post_criteria(
        author_client,
        version,
        [{"title": "Alignment", "requirements": [str(context_req.public_id)]}],
    )
    criterion = version.criteria.get()
    post_levels(author_client, criterion, level_rows(("Not yet", False), ("Almost", False)))
    body = content(author_client.post(publish))
    assert "Part 3: Reflection needs at least one evidence requirement." in body
    assert "Required requirement “Artifact” is not scored by any rubric criterion." in body
    assert "Criterion “Alignment” needs at least one passing level." in body
    assert url("authoring_levels", version.public_id, criterion.public_id) in body
    assert "Part 1: Overview" not in body
    version.refresh_from_db()
    assert version.status == MicroCredentialVersion.Status.DRAFT
    assert not selectors.catalog_search(selectors.CatalogFilters()).filter(pk=version.pk).exists()

    # Fix everything through the pages, then publish.
    rows = [
        requirement_row(r.part, r.title, r.kind, r.accepted_types, public_id=str(r.public_id))
        for r in version.requirements.all()
    ]
    post_requirements(author_client, version, [*rows, requirement_row(3, "Reflection")], initial=2)
    ids = [str(r.public_id) for r in version.requirements.all()]
    post_criteria(
        author_client,
        version,
        [{"title": "Alignment", "requirements": ids, "public_id": str(criterion.public_id)}],
        initial=1,
    )
    post_levels(author_client, criterion, level_rows(*TWO_LEVELS))
    response = author_client.post(publish)
    assert response.status_code == 302
    assert response["Location"] == url("authoring_credential", version.credential.public_id)
    version.refresh_from_db()
    assert version.status == MicroCredentialVersion.Status.PUBLISHED
    assert version.credential.published_version == version
    assert list(selectors.catalog_search(selectors.CatalogFilters(query="exit tickets"))) == [
        version
    ]
    overview = content(author_client.get(response["Location"]))
    assert "is published" in overview
    assert "Published version 1" in overview  # the audit trail
    assert cast.author.get_full_name() in overview


def test_preview_shows_the_draft_as_an_educator_would(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    post_requirements(
        author_client, version, [requirement_row(2, "Exit ticket", "artifact", ["document"])]
    )
    post_criteria(author_client, version, [{"title": "Alignment of the ticket"}])
    response = author_client.get(url("authoring_preview", version.public_id))
    body = content(response)
    assert response.status_code == 200
    assert "This is a preview." in body
    assert "Exit Tickets" in body and "Checking for understanding" in body
    assert "Evidence you will submit" in body and "Exit ticket" in body
    assert "Alignment of the ticket" in body
    assert "Edutopia" in body


def test_list_shows_versions_and_drafts_in_a_fixed_number_of_queries(
    author_client, cast, area, django_assert_max_num_queries
):
    for number in range(4):
        published = make_published(cast.issuer, area, slug=f"routine-{number}")
        credential_start_new_version(credential=published.credential, by=cast.author)
    with django_assert_max_num_queries(10):
        response = author_client.get(url("authoring"))
    body = content(response)
    assert body.count("Version 2") == 4  # the drafts
    assert body.count("Version 1") == 4  # in the catalog


# --- Validation: inline errors, nothing saved ----------------------------------------------------


def test_a_bad_resource_line_is_reported_inline(author_client, cast, area):
    data = details_data(cast.issuer, area, resources="Good | https://example.org\nNo address here")
    response = author_client.post(url("authoring_create"), data)
    assert response.status_code == 200
    assert "Line 2: write “Title | https://address”." in content(response)
    assert not MicroCredential.objects.exists()

    data = details_data(cast.issuer, area, resources="Bad link | javascript:alert(1)")
    response = author_client.post(url("authoring_create"), data)
    assert "is not a web address" in content(response)
    assert not MicroCredential.objects.exists()


def test_the_address_must_be_free(author_client, cast, area):
    make_published(cast.issuer, area, slug="exit-tickets")
    response = author_client.post(url("authoring_create"), details_data(cast.issuer, area))
    assert "Another micro-credential already uses this address." in content(response)
    assert MicroCredential.objects.count() == 1


def test_competency_must_belong_to_the_focus_area(author_client, cast, area):
    other_area = FocusArea.objects.create(slug="motivation", name="Motivation")
    data = details_data(cast.issuer, other_area, competency=str(area.competencies.get().pk))
    response = author_client.post(url("authoring_create"), data)
    assert "Choose a competency of Motivation." in content(response)
    response = author_client.post(
        url("authoring_create"),
        details_data(
            cast.issuer, area, competency="", new_competency_name="Checking for understanding"
        ),
    )
    assert "already has this competency" in content(response)
    assert not MicroCredential.objects.exists()


def test_artifact_needs_file_types_and_text_takes_none(author_client, cast, area):
    version = create_via_pages(author_client, cast.issuer, area)
    rows = [
        requirement_row(1, "Context"),
        requirement_row(2, "Upload", "artifact"),
        requirement_row(3, "Reflection", "text", ["video"]),
    ]
    response = post_requirements(author_client, version, rows)
    body = content(response)
    assert response.status_code == 200
    assert "Choose at least one file type for an upload." in body
    assert "A written response does not accept files." in body
    assert "Nothing was saved" in body
    assert 'id="id_requirements-1-accepted_types_error"' in body  # the error sits on its row
    assert not version.requirements.exists()


def test_a_non_image_badge_is_refused(author_client, cast, area):
    fake = SimpleUploadedFile("badge.png", b"this is not an image", content_type="image/png")
    data = details_data(cast.issuer, area, image=fake)
    response = author_client.post(url("authoring_create"), data)
    assert response.status_code == 200
    assert "Upload a valid image" in content(response)
    assert not MicroCredential.objects.exists()

    gif = SimpleUploadedFile("badge.gif", png_bytes(image_format="GIF"), content_type="image/gif")
    response = author_client.post(
        url("authoring_create"), details_data(cast.issuer, area, image=gif)
    )
    assert "The badge image must be a PNG or JPEG file." in content(response)
    assert not MicroCredential.objects.exists()


def test_a_badge_image_over_2_mb_is_refused_and_a_png_is_kept(author_client, cast, area):
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (2 * 1024 * 1024), "image/png")
    response = author_client.post(
        url("authoring_create"), details_data(cast.issuer, area, image=big)
    )
    assert "at most 2 MB" in content(response)
    assert not MicroCredential.objects.exists()

    good = SimpleUploadedFile("badge.png", png_bytes(), content_type="image/png")
    version = create_via_pages(author_client, cast.issuer, area, image=good)
    assert version.image.name.startswith("credential-images/")
    assert version.image.name.endswith(".png")


# --- Published versions are frozen: a message, never a 500 -----------------------------------


def test_no_page_edits_a_published_version(author_client, cast, area):
    version = make_published(cast.issuer, area)
    criterion = version.criteria.get()
    attempts = [
        (
            url("authoring_details", version.public_id),
            details_data(cast.issuer, area, title="Changed"),
        ),
        (
            url("authoring_requirements", version.public_id),
            formset_data("requirements", [requirement_row(1, "New")]),
        ),
        (url("authoring_rubric", version.public_id), formset_data("criteria", [{"title": "New"}])),
        (
            url("authoring_levels", version.public_id, criterion.public_id),
            formset_data("levels", level_rows(*TWO_LEVELS)),
        ),
        (url("authoring_publish", version.public_id), {}),
    ]
    overview = url("authoring_credential", version.credential.public_id)
    for target, data in attempts:
        assert author_client.get(target).status_code in (302, 405)
        response = author_client.post(target, data, follow=True)
        assert response.redirect_chain[-1][0] == overview, target
        assert "frozen" in content(response)
    version.refresh_from_db()
    assert version.title == "Published published-one"
    assert version.requirements.count() == 3
    assert [c.title for c in version.criteria.all()] == ["Evidence"]
    assert criterion.levels.count() == 2


# --- Stacks ------------------------------------------------------------------------------------


def test_author_creates_and_publishes_a_stack(author_client, cast, area):
    first = make_published(cast.issuer, area, slug="first").credential
    second = make_published(cast.issuer, area, slug="second").credential
    base = {"issuer": str(cast.issuer.pk), "slug": "starter", "title": "Starter", "description": ""}

    # One micro-credential cannot be published as a stack: the service's message, inline.
    one = formset_data("items", [{"credential": str(first.public_id)}])
    response = author_client.post(url("authoring_stack_create"), {**base, **one, "publish": "1"})
    assert response.status_code == 200
    assert "A published stack needs at least two micro-credentials." in content(response)
    assert not Stack.objects.exists()

    two = formset_data(
        "items",
        [
            {"credential": str(first.public_id), "ORDER": "2"},
            {"credential": str(second.public_id), "ORDER": "1"},
        ],
    )
    response = author_client.post(url("authoring_stack_create"), {**base, **two, "publish": "1"})
    assert response.status_code == 302, content(response)
    stack = Stack.objects.get()
    assert stack.status == Stack.Status.PUBLISHED
    assert [item.credential for item in stack.items.all()] == [second, first]
    assert "Starter" in content(author_client.get(url("authoring")))
    assert author_client.get(url("authoring_stack_edit", stack.public_id)).status_code == 200


def test_a_stack_only_offers_the_issuers_micro_credentials(author_client, cast, area):
    other_issuer = make_org(Organization.Kind.ISSUER, "Other Issuer")
    mine = make_published(cast.issuer, area, slug="mine").credential
    theirs = make_published(other_issuer, area, slug="theirs").credential
    data = {
        "issuer": str(cast.issuer.pk),
        "slug": "mixed",
        "title": "Mixed",
        "description": "",
        **formset_data(
            "items", [{"credential": str(mine.public_id)}, {"credential": str(theirs.public_id)}]
        ),
    }
    response = author_client.post(url("authoring_stack_create"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in content(response)
    assert not Stack.objects.exists()


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
    if "/retire/" in target:
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
