"""Every main page of every role of the demo cast, at a desktop's and a phone's width: saved as
screenshots (test-artifacts/screenshots/pages/) so the look can be reviewed, and checked on the
way: nothing wider than a 390 px phone, and no serious or critical axe finding at either width.

One browser, one context per role (signed in once), every page visited at 1280 px and then at
390 px in the same tab: about a minute for the whole cast."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from badges.models import Badge
from credentials.models import MicroCredential, Stack
from submissions.models import Submission
from tests.support.browser import SCREENSHOTS, accessibility_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Visit:
    name: str
    path: str


def _cast_pages() -> dict[str, tuple[str | None, list[Visit]]]:
    """Each role of the demo cast: who signs in (None: a visitor) and the pages they use."""
    james = User.objects.get(email="educator2@example.com")
    maria = User.objects.get(email="educator@example.com")
    badge = Badge.objects.filter(educator=james).order_by("pk").first()
    assert badge is not None
    feedback = Submission.objects.get(educator=maria, status="not_yet")
    draft = Submission.objects.get(educator=maria, status="draft")
    credential = MicroCredential.objects.get(pk=feedback.credential_id)
    stack = Stack.objects.order_by("pk").first()
    assert stack is not None
    detail = reverse("credentials:detail", args=[credential.slug])
    return {
        "visitor": (
            None,
            [
                Visit("home", "/"),
                Visit("catalog", reverse("credentials:catalog")),
                Visit("credential", detail),
                Visit("stacks", reverse("credentials:stacks")),
                Visit("stack", reverse("credentials:stack_detail", args=[stack.slug])),
                Visit("public-badge", reverse("badges:detail", args=[badge.public_id])),
                Visit("verify", reverse("badges:verify")),
                Visit("sign-in", reverse("account_login")),
                Visit("sign-up", reverse("account_signup")),
            ],
        ),
        "educator": (
            "educator@example.com",
            [
                Visit("home", "/"),
                Visit("catalog", reverse("credentials:catalog")),
                Visit("credential", detail),
                Visit("my-work", reverse("submissions:mine")),
                Visit("feedback", reverse("submissions:detail", args=[feedback.public_id])),
                Visit("draft", reverse("submissions:detail", args=[draft.public_id])),
                Visit("transcript", reverse("organizations:transcript")),
                Visit("profile", reverse("profile")),
            ],
        ),
        "educator-with-badges": (
            "educator2@example.com",
            [
                Visit("home", "/"),
                Visit("my-badges", reverse("badges:mine")),
                Visit("badge", reverse("badges:detail", args=[badge.public_id])),
                Visit("my-credit", reverse("recognition:my_credit")),
            ],
        ),
        "reviewer": (
            "reviewer@example.com",
            [Visit("home", "/"), Visit("queue", reverse("reviews:queue"))],
        ),
        "district-admin": (
            "admin@example.com",
            [
                Visit("home", "/"),
                Visit("dashboard", reverse("organizations:dashboard")),
                Visit("assignments", reverse("organizations:assignments")),
                Visit(
                    "staff-transcript",
                    reverse("organizations:transcript", args=[james.public_id]),
                ),
                Visit("roster", reverse("organizations:roster_upload")),
                Visit("integrations", reverse("organizations:integrations")),
            ],
        ),
        "author": (
            "author@example.com",
            [
                Visit("home", "/"),
                Visit("authoring", reverse("credentials:authoring")),
                Visit(
                    "authoring-credential",
                    reverse("credentials:authoring_credential", args=[credential.public_id]),
                ),
            ],
        ),
        "approver": (
            "approver@example.com",
            [Visit("home", "/"), Visit("approvals", reverse("recognition:approvals"))],
        ),
    }


def _overflow(page) -> int:
    """How far the page is wider than the window (0: nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _settle(page) -> None:
    """Two animation frames: the layout and what scripts do on resize have run."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_every_page_of_every_role_at_desktop_and_phone_width(
    live_server, browser, settings, s3_media
):
    # Badge images at this server's address, evidence on the S3 server the browser reaches.
    settings.SITE_URL = live_server.url
    call_command("seed_demo", "--with-activity")
    pages = _cast_pages()
    folder = SCREENSHOTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for role, (email, visits) in pages.items():
        context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
        context.set_default_timeout(15_000)
        page = context.new_page()
        if email:
            login(page, live_server.url, email, settings.DEMO_PASSWORD)
            page.wait_for_url(live_server.url + "/")
        for visit in visits:
            page.set_viewport_size(DESKTOP)
            response = page.goto(live_server.url + visit.path)
            assert response is not None and response.status == 200, (role, visit)
            page.screenshot(path=str(folder / f"{role}-{visit.name}-desktop.png"), full_page=True)
            for finding in accessibility_violations(page, live_server.url):
                problems.append(f"{role} {visit.name} desktop: {finding}")
            page.set_viewport_size(PHONE)
            _settle(page)
            if (wider := _overflow(page)) > 0:
                problems.append(f"{role} {visit.name} phone: {wider} px wider than the phone")
            # axe once per page (at desktop width): the phone layout is the same markup under
            # other CSS, and checking it twice doubled this test's time.
            page.screenshot(path=str(folder / f"{role}-{visit.name}-phone.png"), full_page=True)
        context.close()
    assert problems == []
