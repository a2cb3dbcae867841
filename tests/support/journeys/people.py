"""People in their own browsers, every page checked; and who and what the journeys are about in
the demo data."""

from dataclasses import dataclass, field

from django.conf import settings
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.browser import SCREENSHOTS

SLUG = "questioning-and-wait-time"  # a demo micro-credential with a classroom video
TITLE = "Questioning and Wait Time for Every Student"
EDUCATOR = "educator@example.com"  # Maria Lopez, Lincoln Elementary, Riverside Unified
REVIEWER = "reviewer@example.com"
ADMIN = "admin@example.com"  # Robert, district admin of Riverside Unified
WAIT = 60_000  # ms: the worker copies 200 MB in and out of S3 on a shared 2-core machine


@dataclass
class Person:
    """One person's browser: every page they see is screenshotted and checked with axe."""

    name: str
    context: BrowserContext
    page: Page
    base: str
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    steps: int = 0

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda m: self.errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None,
        )

    def new_tab(self) -> Page:
        self.page = self.context.new_page()
        self.watch(self.page)
        return self.page

    def check(self, step: str) -> None:
        """Screenshot the page as a test artifact and run axe-core on it."""
        self.steps += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"journeys-{self.name}-{self.steps:02d}-{step}.png"
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.base + "/static/vendor/axe/axe.min.js")
        results = self.page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        for violation in results["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [node["target"] for node in violation["nodes"][:3]]
                self.problems.append(
                    f"{step} ({self.page.url}): {violation['id']}: {violation['help']} {targets}"
                )

    def assert_clean(self) -> None:
        assert self.problems == [], "axe-core:\n" + "\n".join(self.problems)
        assert self.errors == [], "page errors:\n" + "\n".join(self.errors)


def person_signed_in(browser, base: str, name: str, email: str) -> Person:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    person = Person(name, context, context.new_page(), base)
    person.watch(person.page)
    page = person.page
    page.goto(base + "/accounts/login/")
    person.check("sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("navigation", name="Main").locator("#account-menu").wait_for()
    person.check("home")
    return person


def press(control: Locator, key: str = "Enter") -> None:
    """A key action, keyboard only: the control takes focus, then the key is pressed."""
    control.focus()
    expect(control).to_be_focused()
    control.page.keyboard.press(key)
