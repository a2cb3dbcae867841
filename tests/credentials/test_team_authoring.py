"""Authoring team attempts (ADR 0032): whether teams may attempt it, their sizes, and which
requirements a team answers once; a criterion scoring only shared requirements is shared."""

import pytest

from tests.support.authoring import (
    content,
    create_via_pages,
    details_data,
    post_requirements,
    requirement_row,
    url,
)


@pytest.mark.django_db
def test_an_author_allows_teams_and_marks_shared_requirements(cast, area, client):
    client.force_login(cast.author)
    version = create_via_pages(
        client, cast.issuer, area, teams_allowed="on", team_min_size="2", team_max_size="4"
    )
    assert (version.teams_allowed, version.team_min_size, version.team_max_size) == (True, 2, 4)
    page = content(client.get(url("authoring_details", version.public_id)))
    assert "Educators may attempt it as a team" in page
    rows = [
        requirement_row(1, "Team plan", shared="on"),
        requirement_row(2, "Lesson", shared="on"),
        requirement_row(3, "Reflection"),
    ]
    assert post_requirements(client, version, rows).status_code == 302
    shared = dict(version.requirements.values_list("title", "shared"))
    assert shared == {"Team plan": True, "Lesson": True, "Reflection": False}
    assert "Shared in a team attempt" in content(
        client.get(url("authoring_requirements", version.public_id))
    )


@pytest.mark.django_db
def test_team_sizes_are_checked(cast, area, client):
    client.force_login(cast.author)
    for sizes, message in (
        ({"team_min_size": "4", "team_max_size": "3"}, "cannot be smaller than the smallest"),
        ({"team_min_size": "2", "team_max_size": "6"}, "less than or equal to 5"),
        ({"team_min_size": "1", "team_max_size": "3"}, "greater than or equal to 2"),
    ):
        response = client.post(url("authoring_create"), details_data(cast.issuer, area, **sizes))
        assert response.status_code == 200, sizes
        assert message in content(response), sizes


@pytest.mark.django_db
def test_a_criterion_is_shared_only_when_every_requirement_it_scores_is(cast):
    from tests.support.teams import team_credential

    version = team_credential(cast.issuer).published_version
    assert {c.title: c.is_shared for c in version.criteria.all()} == {
        "Team plan": True,
        "Own reflection": False,
    }
