"""Versions through the authoring pages: a published version is frozen, "Start a new version"
copies it into a draft, publishing the draft supersedes it, retiring takes it out of the catalog.
"""

import pytest
from django.urls import reverse

from credentials import selectors
from credentials.authoring_services import RequirementInput, version_requirements_save
from credentials.models import (
    CatalogAuditEntry,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
)
from credentials.services import CatalogError
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


def catalog_versions() -> list[MicroCredentialVersion]:
    return list(selectors.catalog_search(selectors.CatalogFilters()))


def snapshot(version: MicroCredentialVersion) -> dict:
    """Everything an educator bound to this version depends on."""
    version = MicroCredentialVersion.objects.get(pk=version.pk)
    return {
        "status": version.status,
        "title": version.title,
        "requirements": [
            (r.public_id, r.part, r.title, r.kind, r.accepted_types)
            for r in version.requirements.all()
        ],
        "criteria": [
            (
                c.public_id,
                c.title,
                sorted(r.public_id for r in c.requirements.all()),
                [(lv.name, lv.passing) for lv in c.levels.all()],
            )
            for c in version.criteria.all()
        ],
    }


@pytest.fixture
def published(cast, area):
    return make_published(cast.issuer, area, slug="exit-tickets")


def start_new_version(client, credential) -> MicroCredentialVersion:
    response = client.post(url("authoring_new_version", credential.public_id))
    assert response.status_code == 302
    assert response["Location"] == url("authoring_credential", credential.public_id)
    return credential.versions.get(status=MicroCredentialVersion.Status.DRAFT)


def test_start_a_new_version_copies_everything_into_a_draft(author_client, published):
    credential = published.credential
    assert "Start a new version" in content(
        author_client.get(url("authoring_credential", credential.public_id))
    )

    draft = start_new_version(author_client, credential)

    assert (draft.number, draft.status, draft.title) == (2, "draft", published.title)
    old_requirements = list(published.requirements.all())
    new_requirements = list(draft.requirements.all())
    assert [(r.part, r.title, r.kind) for r in new_requirements] == [
        (r.part, r.title, r.kind) for r in old_requirements
    ]
    assert not {r.pk for r in new_requirements} & {r.pk for r in old_requirements}
    new_criterion = draft.criteria.get()
    # The copied criterion scores the copied requirements, not the frozen version's.
    assert set(new_criterion.requirements.all()) == set(new_requirements)
    assert [(lv.name, lv.passing) for lv in new_criterion.levels.all()] == [
        ("Not yet", False),
        ("Proficient", True),
    ]
    # Pressing it again returns to the same draft instead of making version 3.
    assert start_new_version(author_client, credential) == draft
    assert credential.versions.count() == 2


def test_editing_the_new_draft_leaves_version_1_unchanged(author_client, cast, area, published):
    before = snapshot(published)
    draft = start_new_version(author_client, published.credential)

    data = details_data(cast.issuer, area, title="Exit Tickets, second edition")
    assert author_client.post(url("authoring_details", draft.public_id), data).status_code == 302
    rows = [
        requirement_row(
            r.part, r.title + " (revised)", r.kind, r.accepted_types, public_id=str(r.public_id)
        )
        for r in draft.requirements.all()
    ]
    rows.append(requirement_row(2, "Student work", "artifact", ["image"]))
    response = author_client.post(
        url("authoring_requirements", draft.public_id),
        formset_data("requirements", rows, initial=3),
    )
    assert response.status_code == 302
    criterion = draft.criteria.get()
    response = author_client.post(
        url("authoring_levels", draft.public_id, criterion.public_id),
        formset_data(
            "levels", level_rows(("Beginning", False), ("Developing", False), ("Proficient", True))
        ),
    )
    assert response.status_code == 302

    assert snapshot(published) == before
    assert draft.requirements.count() == 4
    assert published.credential.published_version == published
    assert catalog_versions() == [published]  # the catalog still shows version 1


def test_publishing_version_2_supersedes_version_1(author_client, cast, area, published):
    before = snapshot(published)
    draft = start_new_version(author_client, published.credential)
    author_client.post(
        url("authoring_details", draft.public_id), details_data(cast.issuer, area, title="Second")
    )

    response = author_client.post(url("authoring_publish", draft.public_id), {"confirm": "1"})
    assert response.status_code == 302

    credential = MicroCredential.objects.get(pk=published.credential_id)
    assert credential.published_version == draft
    draft.refresh_from_db()
    assert (draft.status, draft.title) == ("published", "Second")
    assert snapshot(published) == {**before, "status": "superseded"}
    assert catalog_versions() == [draft]
    actions = list(
        CatalogAuditEntry.objects.filter(credential=credential).values_list("action", flat=True)
    )
    assert actions[:3] == ["published", "edited", "new_version"]  # newest first
    overview = content(author_client.get(url("authoring_credential", credential.public_id)))
    assert "Superseded" in overview and "Started a new draft version" in overview


def test_retiring_asks_for_confirmation_then_leaves_the_catalog(author_client, published):
    credential = published.credential
    retire = url("authoring_retire", credential.public_id)
    page = author_client.get(retire)
    assert page.status_code == 200
    assert "Retire “Published exit-tickets”?" in content(page)

    response = author_client.post(retire, {})
    assert response.status_code == 200
    assert "Tick the box to confirm." in content(response)
    credential.refresh_from_db()
    assert credential.status == MicroCredential.Status.PUBLISHED

    response = author_client.post(retire, {"confirm": "on"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.status == MicroCredential.Status.RETIRED
    assert catalog_versions() == []
    assert MicroCredentialVersion.objects.get(pk=published.pk).status == "published"  # kept as is
    overview = content(author_client.get(url("authoring_credential", credential.public_id)))
    assert "Retired the micro-credential" in overview
    # A retired micro-credential gets no new version.
    author_client.post(url("authoring_new_version", credential.public_id))
    assert credential.versions.count() == 1


def test_a_retired_micro_credentials_draft_cannot_be_edited_or_published(author_client, published):
    credential = published.credential
    draft = start_new_version(author_client, credential)
    author_client.post(url("authoring_retire", credential.public_id), {"confirm": "on"})
    response = author_client.post(
        url("authoring_publish", draft.public_id), {"confirm": "1"}, follow=True
    )
    assert "retired" in content(response)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert catalog_versions() == []


def test_services_refuse_to_change_a_published_version(published):
    row = RequirementInput(public_id=None, part=1, title="Late addition", prompt="Do.", kind="text")
    with pytest.raises(CatalogError, match="frozen"):
        version_requirements_save(version=published, requirements=[row], by=None)
    assert published.requirements.count() == 3


def test_a_version_published_while_its_form_was_open_is_not_changed(
    author_client, cast, area, published
):
    """Two tabs: the draft is published in one while the other still shows its rubric form."""
    draft = start_new_version(author_client, published.credential)
    criterion = draft.criteria.get()
    assert (
        author_client.post(url("authoring_publish", draft.public_id), {"confirm": "1"}).status_code
        == 302
    )
    response = author_client.post(
        url("authoring_levels", draft.public_id, criterion.public_id),
        formset_data("levels", level_rows(*TWO_LEVELS)),
        follow=True,
    )
    assert response.status_code == 200
    assert "frozen" in content(response)
    assert [lv.name for lv in RubricCriterion.objects.get(pk=criterion.pk).levels.all()] == [
        "Not yet",
        "Proficient",
    ]


def test_the_overview_page_shows_versions_and_history(author_client, cast, published):
    start_new_version(author_client, published.credential)
    body = content(author_client.get(url("authoring_credential", published.credential.public_id)))
    assert "Draft: version 2" in body
    assert "Educators keep seeing version 1 until you publish this one." in body
    assert body.count(reverse("credentials:authoring_preview", args=[published.public_id])) == 1
    assert cast.author.get_full_name() in body  # who started version 2


def test_a_row_in_use_elsewhere_is_refused_with_a_message(author_client, published, monkeypatch):
    """Drafts never have submissions or reviews; if a protected row ever got there, the author
    reads why, and nothing is half-saved."""
    from django.db.models import ProtectedError, QuerySet

    draft = start_new_version(author_client, published.credential)

    def protected(self, *args, **kwargs):
        raise ProtectedError("in use", set())

    monkeypatch.setattr(QuerySet, "delete", protected)
    rows = [requirement_row(1, "Only one left")]
    response = author_client.post(
        url("authoring_requirements", draft.public_id), formset_data("requirements", rows)
    )
    assert response.status_code == 200
    assert "This requirement is already used by submissions or reviews." in content(response)
    assert draft.requirements.count() == 3
