"""XSS in a real browser: one page per kind of stored text, rendered by Chromium with the
payloads in place; no dialog may open and no injected element may exist."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.poisoned import PAYLOAD, complete_with_feedback, poison

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


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
        assert page.locator("img[src='x']").count() == 0, kind  # ...as text, never as markup
        scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
        assert not any("alert(1)" in text for text in scripts), kind
        assert not page.locator("a[href^='javascript:' i]").count(), kind
    assert dialogs == [], dialogs
    assert PAYLOAD  # the payload set lives in poisoned.py
