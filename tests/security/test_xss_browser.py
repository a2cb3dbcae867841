"""XSS in a real browser: one page per kind of stored text, rendered by Chromium with the
payloads in place; no dialog may open and no injected element may exist."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.poisoned import JS_URL, PAYLOAD, complete_with_feedback, poison

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _injections(page: Any) -> list[str]:
    """What of the payloads became markup on the current page."""
    found = []
    if page.locator("img[src='x']").count():
        found.append("an <img src=x onerror> element")
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    if any("alert(1)" in text for text in scripts):
        found.append("a <script> calling alert(1)")
    if page.locator("a[href^='javascript:' i]").count():
        found.append("a javascript: link")
    return found


def test_no_payload_runs_in_the_browser(live_server: Any, page: Any, cast: Any) -> None:
    world = poison(cast)
    complete_with_feedback(world, cast)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = live_server.url
    kinds = {
        "catalog text": (None, reverse("credentials:detail", args=[world.credential.slug])),
        "responses, feedback, names": (
            cast.educator,
            reverse("submissions:detail", args=[world.submission.public_id]),
        ),
        "badge and evidence summary": (
            None,
            reverse("badges:detail", args=[world.badge.public_id]),
        ),
        "roster org and people names": (
            cast.district_admin,
            reverse("organizations:roster_preview", args=[world.roster_import.public_id]),
        ),
        "staff names": (cast.district_admin, reverse("organizations:dashboard")),
        "authoring preview": (
            cast.author,
            reverse(
                "credentials:authoring_preview", args=[world.credential.published_version.public_id]
            ),
        ),
    }
    for kind, (user, path) in kinds.items():
        page.context.clear_cookies()
        if user is not None:
            _sign_in(page, base, user)
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.get_by_text("onerror=alert(1)", exact=False).count() > 0, kind  # shown...
        assert _injections(page) == [], kind  # ...as text, never as markup
    assert dialogs == [], dialogs

    # The same checks on the payloads rendered unescaped: they see every injection, and the
    # browser opens the dialogs a victim would see, so the checks above can fail. (On a blank
    # page: our pages' Content-Security-Policy would block the inline script.)
    page.goto("about:blank")
    page.set_content(f"<p>{PAYLOAD}</p><a href='{JS_URL}'>profile</a>")
    page.wait_for_function("() => document.readyState === 'complete'")
    assert len(_injections(page)) == 3
    assert dialogs and set(dialogs) == {"1"}
