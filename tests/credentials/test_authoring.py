"""Authoring through the real pages: create, requirements, rubric, levels, preview, publish,
stacks. What the pages refuse is in test_authoring_validation.py, who may not get in in
test_authoring_permissions.py."""

from decimal import Decimal

from credentials import selectors
from credentials.models import (
    CatalogAuditEntry,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
)
from credentials.services import credential_start_new_version
from organizations.models import Organization
from tests.support.authoring import (
    TWO_LEVELS,
    content,
    create_via_pages,
    details_data,
    formset_data,
    level_rows,
    make_published,
    post_criteria,
    post_levels,
    post_requirements,
    requirement_row,
    url,
)
from tests.support.factories import make_org

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
    # Publishing asks first, on a page of its own: nothing changes until it is confirmed.
    asked = author_client.post(publish)
    assert asked.status_code == 200
    assert "Publish version 1 of “" in content(asked) and 'name="confirm"' in content(asked)
    version.refresh_from_db()
    assert version.status == MicroCredentialVersion.Status.DRAFT
    response = author_client.post(publish, {"confirm": "1"})
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
