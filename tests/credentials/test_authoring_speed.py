"""Authoring at speed, on the server side: reordering criteria and requirements from the page
(who may, what a hostile order gets) and the rubric page that saves each criterion's levels
inline with it. The browser side is tests/e2e/test_authoring.py."""

import json
import uuid
from decimal import Decimal

import pytest

from credentials.models import (
    CatalogAuditEntry,
    EvidenceRequirement,
    MicroCredentialVersion,
    RubricCriterion,
    RubricLevel,
)
from credentials.services import (
    credential_create,
    credential_retire,
    criterion_add,
    requirement_add,
)
from organizations.models import Organization, Role
from tests.support.authoring import content, formset_data, level_rows, make_published, url
from tests.support.cast import make_member
from tests.support.factories import make_org

TWO = [
    {"name": "Not yet", "description": "Missing.", "passing": False},
    {"name": "Proficient", "description": "Shown.", "passing": True},
]


@pytest.fixture
def draft(cast, area) -> MicroCredentialVersion:
    """A draft with two requirements in Part 1, one in Part 2 and three criteria."""
    version = credential_create(
        issuer=cast.issuer,
        slug="speedy",
        title="Speedy",
        focus_area=area,
        competency=area.competencies.get(),
        key_method="A method.",
        pd_hours=Decimal(5),
        by=None,
    )
    for part, title in [(1, "Context"), (1, "Plan"), (2, "Video")]:
        requirement_add(version=version, part=part, title=title, prompt="Do.", kind="text")
    for title in ["First", "Second", "Third"]:
        criterion_add(version=version, title=title, levels=TWO)
    return version


def _titles(version: MicroCredentialVersion) -> list[str]:
    return [c.title for c in RubricCriterion.objects.filter(version=version).order_by("position")]


def _requirement_titles(version: MicroCredentialVersion) -> list[tuple[int, str]]:
    rows = EvidenceRequirement.objects.filter(version=version).order_by("part", "position")
    return [(r.part, r.title) for r in rows]


def _ids(version: MicroCredentialVersion, *titles: str) -> list[str]:
    by_title = {c.title: str(c.public_id) for c in version.criteria.all()}
    return [by_title[t] for t in titles]


def _post_order(client, version, order, *, name="authoring_criteria_order"):
    body = order if isinstance(order, str | bytes) else json.dumps({"order": order})
    return client.post(url(name, version.public_id), body, content_type="application/json")


# --- Reordering ------------------------------------------------------------------------------


def test_author_reorders_criteria_and_the_order_persists(author_client, cast, draft):
    response = _post_order(author_client, draft, _ids(draft, "Third", "First", "Second"))
    assert response.status_code == 200
    assert response.json()["order"] == _ids(draft, "Third", "First", "Second")
    assert _titles(draft) == ["Third", "First", "Second"]
    # The rubric page (and so the reviewer's) shows the new order; the levels did not move.
    page = content(author_client.get(url("authoring_rubric", draft.public_id)))
    assert page.index("Third") < page.index("First") < page.index("Second")
    assert RubricLevel.objects.filter(criterion__version=draft).count() == 6
    entry = CatalogAuditEntry.objects.filter(credential=draft.credential).first()
    assert (entry.action, entry.note, entry.actor) == ("edited", "rubric order", cast.author)


def test_requirements_reorder_within_their_part(author_client, draft):
    ids = {r.title: str(r.public_id) for r in draft.requirements.all()}
    response = _post_order(
        author_client,
        draft,
        [ids["Video"], ids["Plan"], ids["Context"]],
        name="authoring_requirements_order",
    )
    assert response.status_code == 200
    # Each keeps its part; within Part 1, Plan now comes first.
    assert _requirement_titles(draft) == [(1, "Plan"), (1, "Context"), (2, "Video")]


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "Send the order as JSON"),
        ("", "Send the order as JSON"),
        ("[]", "Send the order as JSON"),
        ('{"order": "abc"}', "Send the order as JSON"),
        ('{"order": null}', "Send the order as JSON"),
        ('{"order": [1, 2, 3]}', "must list the rows' ids"),
        ('{"order": [{"id": 1}]}', "must list the rows' ids"),
        ('{"order": ["not-a-uuid"]}', "must list the rows' ids"),
        ('{"order": []}', "does not list exactly"),
        (b"\xff\xfe", "Send the order as JSON"),
    ],
)
def test_a_hostile_order_gets_a_clear_400_and_changes_nothing(author_client, draft, body, message):
    response = _post_order(author_client, draft, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert _titles(draft) == ["First", "Second", "Third"]


def test_an_order_must_name_every_criterion_of_this_version_once(author_client, cast, area, draft):
    first, second, third = _ids(draft, "First", "Second", "Third")
    foreign = make_published(cast.issuer, area, slug="foreign").criteria.get()
    cases = {
        "missing one": [third, first],
        "one twice": [third, first, first],
        "one twice, one missing, same length": [third, third, first],
        "another version's": [third, first, str(foreign.public_id)],
        "an extra": [third, first, second, str(uuid.uuid4())],
    }
    for case, order in cases.items():
        response = _post_order(author_client, draft, order)
        assert response.status_code == 400, case
        assert "reload the page" in response.json()["error"], case
    assert _titles(draft) == ["First", "Second", "Third"]
    # Requirements: a criterion's id is not a requirement's.
    response = _post_order(author_client, draft, [first], name="authoring_requirements_order")
    assert response.status_code == 400


def test_a_flood_of_ids_is_refused(author_client, draft):
    order = [str(uuid.uuid4()) for _ in range(501)]
    response = _post_order(author_client, draft, order)
    assert response.status_code == 400
    assert "too long" in response.json()["error"]
    huge = json.dumps({"order": ["x" * 70_000]})
    assert _post_order(author_client, draft, huge).status_code == 400


def test_a_frozen_version_refuses_a_new_order(author_client, cast, area):
    published = make_published(cast.issuer, area, slug="frozen")
    order = [str(c.public_id) for c in published.criteria.all()]
    response = _post_order(author_client, published, order)
    assert response.status_code == 409
    assert "frozen" in response.json()["error"]


def test_a_retired_micro_credential_refuses_a_new_order(author_client, draft):
    credential_retire(credential=draft.credential, by=None)
    response = _post_order(author_client, draft, _ids(draft, "Third", "First", "Second"))
    assert response.status_code == 409
    assert "retired" in response.json()["error"]
    assert _titles(draft) == ["First", "Second", "Third"]


@pytest.mark.parametrize(
    "who", ["educator", "reviewer", "district_admin", "outsider", "other_author"]
)
@pytest.mark.parametrize("name", ["authoring_criteria_order", "authoring_requirements_order"])
def test_only_the_credentials_authors_may_reorder_everyone_else_gets_404(
    client, cast, draft, who, name
):
    if who == "other_author":
        other_issuer = make_org(Organization.Kind.ISSUER, "Other Issuer")
        user = make_member(Role.AUTHOR, other_issuer, email="other-author@test.org")
    else:
        user = getattr(cast, who)
    client.force_login(user)
    ids = (
        _ids(draft, "Third", "First", "Second")
        if name == "authoring_criteria_order"
        else [str(r.public_id) for r in reversed(draft.requirements.all())]
    )
    assert _post_order(client, draft, ids, name=name).status_code == 404
    assert _titles(draft) == ["First", "Second", "Third"]
    assert _requirement_titles(draft) == [(1, "Context"), (1, "Plan"), (2, "Video")]


def test_an_unknown_version_is_404_and_anonymous_visitors_sign_in(client, author_client, draft):
    missing = MicroCredentialVersion(public_id=uuid.uuid4())
    assert _post_order(author_client, missing, []).status_code == 404
    client.logout()
    response = _post_order(client, draft, _ids(draft, "Third", "First", "Second"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _titles(draft) == ["First", "Second", "Third"]


def test_reordering_answers_post_only(author_client, draft):
    assert author_client.get(url("authoring_criteria_order", draft.public_id)).status_code == 405


# --- Levels inline on the rubric page --------------------------------------------------------


def _rubric_post(draft, criteria_rows, levels_by_row, *, initial=0):
    data = formset_data("criteria", criteria_rows, initial=initial)
    for index, (rows, initial_levels) in levels_by_row.items():
        data.update(formset_data(f"criteria-{index}-levels", rows, initial=initial_levels))
    return data


def _criterion_row(criterion: RubricCriterion, **changes) -> dict:
    row = {"public_id": str(criterion.public_id), "title": criterion.title, "ORDER": ""}
    row.update(changes)
    return row


def _level_row(level: RubricLevel, **changes) -> dict:
    row = {"public_id": str(level.public_id), "name": level.name}
    row["description"] = level.description
    if level.passing:
        row["passing"] = "on"
    row.update(changes)
    return row


def test_the_rubric_page_shows_each_criterions_levels_as_fields(author_client, draft):
    page = content(author_client.get(url("authoring_rubric", draft.public_id)))
    assert 'name="criteria-0-levels-TOTAL_FORMS"' in page
    assert 'name="criteria-2-levels-1-name" value="Proficient"' in page
    # The template of a new criterion carries its own levels, with their own placeholder.
    assert "criteria-__prefix__-levels-__level__-name" in page
    assert "criteria-__prefix__-levels-0-name" in page


def test_levels_edit_inline_with_their_criterion_in_one_save(author_client, draft):
    first, second, third = draft.criteria.order_by("position")
    low, high = first.levels.order_by("position")
    data = _rubric_post(
        draft,
        [_criterion_row(first), _criterion_row(second), _criterion_row(third)],
        {
            0: (
                [
                    _level_row(low, description="Not shown in the video yet."),
                    _level_row(high),
                    {"name": "Exemplary", "description": "Shown and taught.", "passing": "on"},
                ],
                2,
            )
        },
        initial=3,
    )
    response = author_client.post(url("authoring_rubric", draft.public_id), data)
    assert response.status_code == 302, content(response)
    levels = list(first.levels.order_by("position"))
    assert [lv.name for lv in levels] == ["Not yet", "Proficient", "Exemplary"]
    assert levels[0].description == "Not shown in the video yet."
    assert [lv.passing for lv in levels] == [False, True, True]
    # The other criteria's levels were not sent: they stay as they were.
    assert second.levels.count() == third.levels.count() == 2


def test_a_new_criterion_gets_its_levels_in_the_same_save(author_client, draft):
    rows = [_criterion_row(c) for c in draft.criteria.order_by("position")]
    rows.append({"title": "Fourth", "ORDER": ""})
    data = _rubric_post(draft, rows, {3: (level_rows(("Not yet", False), ("Yes", True)), 0)})
    data["criteria-INITIAL_FORMS"] = "3"
    response = author_client.post(url("authoring_rubric", draft.public_id), data)
    assert response.status_code == 302, content(response)
    fourth = draft.criteria.get(title="Fourth")
    assert [lv.name for lv in fourth.levels.order_by("position")] == ["Not yet", "Yes"]


def test_an_invalid_level_keeps_everything_on_the_page_and_saves_nothing(author_client, draft):
    first, second, third = draft.criteria.order_by("position")
    low, high = first.levels.order_by("position")
    data = _rubric_post(
        draft,
        [_criterion_row(first, title="Renamed"), _criterion_row(second), _criterion_row(third)],
        {0: ([_level_row(low, name=""), _level_row(high)], 2)},
        initial=3,
    )
    response = author_client.post(url("authoring_rubric", draft.public_id), data)
    assert response.status_code == 200
    page = content(response)
    assert "This field is required." in page
    assert 'value="Renamed"' in page  # the author's typing is kept
    assert _titles(draft) == ["First", "Second", "Third"]
    assert low.name == RubricLevel.objects.get(pk=low.pk).name


def test_a_hostile_levels_management_form_is_a_form_error_not_a_500(author_client, draft):
    first, second, third = draft.criteria.order_by("position")
    data = _rubric_post(
        draft, [_criterion_row(first), _criterion_row(second), _criterion_row(third)], {}, initial=3
    )
    data["criteria-0-levels-TOTAL_FORMS"] = "abc"
    response = author_client.post(url("authoring_rubric", draft.public_id), data)
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in content(response)
    assert first.levels.count() == 2
