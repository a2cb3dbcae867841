"""A district admin opens staff progress, filters by school, exports CSV and opens a
transcript PDF, in real Chromium against the demo data."""

import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from accounts.models import User
from organizations.models import Organization
from tests.support.browser import SCREENSHOTS
from tests.support.credentials import make_credential
from tests.support.submissions import attempt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def _accessibility_violations(page, base: str) -> list[str]:
    page.add_script_tag(url=base + "/static/vendor/axe/axe.min.js")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _fits_a_phone(page, screenshot, name: str) -> None:
    """At 390 px the wide tables scroll sideways inside the page, under captions that stay on
    the screen and wrap; nothing widens the page (not even text for screen readers only)."""
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    captions = page.evaluate(
        "[...document.querySelectorAll('caption.caption-top')]"
        ".map(c => Math.round(c.getBoundingClientRect().right))"
    )
    assert captions and max(captions) <= 390, captions
    screenshot(name)
    page.set_viewport_size(desktop)


def _demo_activity() -> None:
    """Maria (Lincoln Elementary) earned two and works on a third; James (Riverside High)
    submitted one; Priya is in the other district."""
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.com")}
    cast = SimpleNamespace(reviewer=people["reviewer@example.com"])
    issuer = Organization.objects.get(slug="open-practice")
    first = make_credential(issuer, "e2e-wait-time", pd_hours="10", ceus="1.0")
    second = make_credential(issuer, "e2e-exit-tickets", pd_hours="7.5", ceus="0.5")
    third = make_credential(issuer, "e2e-think-alouds", pd_hours="5")
    maria, james = people["educator@example.com"], people["educator2@example.com"]
    attempt(cast, maria, first, "passed", decided_days_ago=40)
    attempt(cast, maria, second, "passed", decided_days_ago=8)
    attempt(cast, maria, third, "draft")
    attempt(cast, james, first, "submitted")
    attempt(cast, people["educator3@example.com"], first, "passed")


def test_admin_filters_exports_and_opens_a_transcript(
    live_server, page, screenshot, settings, tmp_path
):
    call_command("seed_demo")
    _demo_activity()
    csp = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    _login(page, live_server.url, "admin@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("heading", name="Welcome, Robert").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff progress").click()
    page.get_by_role("heading", name="Staff progress", level=1).wait_for()
    table = page.locator("#progress-table")
    assert table.get_by_role("link", name="Maria Lopez").is_visible()
    assert table.get_by_role("link", name="James Carter").is_visible()
    assert table.get_by_text("Priya Shah").count() == 0  # another district
    assert page.get_by_role("img", name="Micro-credentials earned per month").count() == 1
    screenshot("dashboard")
    problems = _accessibility_violations(page, live_server.url)
    assert problems == [], problems
    _fits_a_phone(page, screenshot, "dashboard-phone")

    page.get_by_label("School").select_option(label="Riverside High")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**school=**")
    assert table.get_by_role("link", name="James Carter").is_visible()
    assert table.get_by_role("link", name="Maria Lopez").count() == 0
    screenshot("filtered-by-school")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export progress (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("staff-progress-riverside-unified-")
    download.save_as(tmp_path / "progress.csv")
    exported = (tmp_path / "progress.csv").read_text(encoding="utf-8-sig")
    assert "educator2@example.com" in exported
    assert "educator@example.com" not in exported  # the school filter came along

    # A period that ends before it starts is refused with a message beside the end date, and
    # nothing can be exported for it.
    page.get_by_label("Period").select_option(label="Custom dates")
    page.get_by_label("From").fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("alert").filter(has_text="The end date is before the start date.").wait_for()
    assert page.get_by_role("link", name="Export progress (CSV)").count() == 0
    assert page.get_by_test_id("exports-refused").is_visible()
    screenshot("period-refused")
    problems = _accessibility_violations(page, live_server.url)
    assert problems == [], problems

    page.get_by_role("link", name="Reset").click()
    page.locator("#progress-table").get_by_role("link", name="Maria Lopez").click()
    page.get_by_role("heading", name="Transcript: Maria Lopez").wait_for()
    assert page.get_by_test_id("total-pd-hours").inner_text() == "17.5"
    screenshot("transcript")
    _fits_a_phone(page, screenshot, "transcript-phone")
    pdf_url = page.get_by_role("link", name="Download PDF").get_attribute("href")
    pdf = page.context.request.get(live_server.url + pdf_url)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    _save_pdf_pages(pdf.body(), "test_admin_filters_exports_and_opens_a_transcript-pdf")
    assert csp == []


def _save_pdf_pages(data: bytes, name: str) -> None:
    """The PDF as PNG pages beside the screenshots, so a person can look at it (poppler)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", str(path), str(SCREENSHOTS / name)], check=True
        )


def test_admin_imports_staff_after_a_preview_and_recommends(
    live_server, page, screenshot, settings, tmp_path
):
    call_command("seed_demo")
    roster = tmp_path / "staff.csv"
    roster.write_text(
        "email,name,school,role\n"
        "new.teacher@example.com,Nora Quinn,Riverside High,educator\n"
        "educator2@example.com,James Carter,Riverside High,educator\n"
        "someone@example.com,Out Of Scope,Hillcrest Middle,educator\n"
    )
    _login(page, live_server.url, "admin@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("heading", name="Welcome, Robert").wait_for()
    page.goto(live_server.url + "/organizations/roster/")
    page.get_by_label("Staff file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Roster preview").wait_for()
    table = page.locator("#preview-table")
    assert "Invite" in table.locator("tr", has_text="new.teacher@example.com").inner_text()
    assert "Unchanged" in table.locator("tr", has_text="educator2@example.com").inner_text()
    out_of_scope = table.locator("tr", has_text="someone@example.com").inner_text()
    assert "Error" in out_of_scope and "not one of your organizations" in out_of_scope
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    screenshot("roster-preview-with-error")
    assert not User.objects.filter(email="new.teacher@example.com").exists()

    roster.write_text("\n".join(roster.read_text().splitlines()[:3]) + "\n")
    page.goto(live_server.url + "/organizations/roster/")
    page.get_by_label("Staff file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_test_id("import-status").get_by_text("Applied").wait_for()
    screenshot("roster-applied")
    assert User.objects.filter(email="new.teacher@example.com").exists()

    page.get_by_role("link", name="Back to imports").click()
    page.get_by_role("link", name="Recommendations").click()
    page.get_by_label("Micro-credential").select_option(index=1)
    page.get_by_label("A whole school").select_option(label="Riverside High")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("0 of 2").wait_for()  # James and Nora, neither has earned it yet
    screenshot("recommendations")
    problems = _accessibility_violations(page, live_server.url)
    assert problems == [], problems
