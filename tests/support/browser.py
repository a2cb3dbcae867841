"""Real Chromium (Debian's /usr/bin/chromium) for every test that drives a browser, and what
those tests check on every page.

One Playwright instance per test session, shared by the e2e journeys and the security suite:
its sync API owns an event loop in the main thread, so a second instance cannot start while
the first lives. The root conftest's `browser` and `page` fixtures launch it with these
settings, for every directory."""

import os
from pathlib import Path

# Playwright's sync API keeps an event loop in this thread; the Django ORM calls the tests make
# between browser steps are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Screenshots of the browser tests, kept as test artifacts.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def collect_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return violations


def accessibility_violations(page, base: str) -> list[str]:
    """Serious and critical axe-core findings on the current page (axe is vendored, not inline)."""
    page.wait_for_load_state("load")  # a page still loading has no <head> to add axe to
    if not page.evaluate("'axe' in window"):  # a second check of the same page reuses it
        page.add_script_tag(url=base + "/static/vendor/axe/axe.min.js")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        + ")"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
