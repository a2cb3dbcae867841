"""Journey 4: the district admin sees the educator as earned, filters by school, exports CSV and
opens the transcript (and its PDF)."""

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from tests.support.browser import SCREENSHOTS
from tests.support.journeys.people import EDUCATOR, TITLE, Person


def district_admin(admin: Person, tmp_path: Path) -> None:
    page = admin.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff progress").click()
    page.get_by_role("heading", name="Staff progress", level=1).wait_for()
    row = page.locator("#progress-table tr", has=page.get_by_role("link", name="Maria Lopez"))
    expect(row.locator("td.text-end").nth(3)).to_have_text("1")  # earned
    admin.check("dashboard")
    page.get_by_label("School").select_option(label="Lincoln Elementary")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**school=**")
    expect(page.locator("#progress-table").get_by_role("link", name="Maria Lopez")).to_be_visible()
    expect(page.locator("#progress-table").get_by_role("link", name="James Carter")).to_have_count(
        0
    )
    admin.check("dashboard-school")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export progress (CSV)").click()
    download.value.save_as(tmp_path / "progress.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "progress.csv").read_text("utf-8-sig"))))
    assert [row["Email"] for row in rows] == [EDUCATOR], rows
    assert rows[0]["Earned"] == "1", rows

    page.locator("#progress-table").get_by_role("link", name="Maria Lopez").click()
    page.get_by_role("heading", name="Transcript: Maria Lopez").wait_for()
    expect(page.get_by_role("main")).to_contain_text(TITLE)
    admin.check("transcript")
    # On a phone the table scrolls sideways inside the page; nothing widens the page (the
    # "Verify" links' text for screen readers sits in the column out of view).
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    admin.check("transcript-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    pdf_url = page.get_by_role("link", name="Download PDF").get_attribute("href")
    pdf = page.context.request.get(admin.base + str(pdf_url))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    (SCREENSHOTS / "journeys-admin-transcript.pdf").write_bytes(pdf.body())
