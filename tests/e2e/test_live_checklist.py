"""The workspace's checklist tells the truth without a reload, and an upload never contradicts
itself. An educator writes until the written answer's line leaves "Still missing" (Submit stays
disabled, saying why, while a document is missing); a video chosen for the documents-only slot is
one failed item naming the documents that slot takes, with Remove and no Retry; a file that is
really an image under a .pdf name fails the server's check the same way; the right document,
chosen (and uploaded at once, no second click), empties the checklist and enables Submit.
Local media (the S3 emulator); processing runs in the server."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from credentials.models import Competency, FocusArea, MicroCredentialVersion
from credentials.services import credential_create, criterion_add, requirement_add, version_publish
from submissions import services
from submissions.models import Artifact
from tests.support.browser import accessibility_violations
from tests.support.credentials import LEVELS
from tests.support.factories import PASSWORD
from tests.support.storage import use_local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT_TYPES = "document files (.pdf, .docx, .xlsx, .pptx, .odt or .txt)"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _credential(issuer):
    """One written answer and one required documents-only file: the two kinds of gap."""
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug="exit-tickets",
        title="Exit tickets",
        focus_area=area,
        competency=competency,
        key_method="Ask, notice, adjust.",
        pd_hours=Decimal("5"),
        by=None,
    )
    context = requirement_add(
        version=version, part=1, title="Context", prompt="Describe your class.", kind="text"
    )
    plan = requirement_add(
        version=version,
        part=2,
        title="Lesson plan",
        prompt="Upload the plan.",
        kind="artifact",
        accepted_types=["document"],
        max_size_mb=5,
    )
    notes = requirement_add(
        version=version, part=3, title="Notes", prompt="Anything else?", kind="text", required=False
    )
    criterion_add(
        version=version, title="Evidence", requirements=[context, plan, notes], levels=LEVELS
    )
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential


def _login(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_the_checklist_follows_typing_and_uploads_without_a_reload(
    cast, live_server, page, screenshot, settings, tmp_path
):
    use_local_media(settings, tmp_path / "media")
    submission = services.submission_start(
        educator=cast.educator, credential=_credential(cast.issuer)
    )
    context = submission.version.requirements.get(title="Context")
    plan = submission.version.requirements.get(title="Lesson plan")
    clip = tmp_path / "lesson.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    disguised = tmp_path / "plan.pdf"
    disguised.write_bytes(PNG)
    good = tmp_path / "plan.txt"
    good.write_text("Lesson plan: exit tickets every Friday, sorted into three piles.\n")

    _login(page, live_server.url, cast.educator.email)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    checklist = page.locator("#checklist")
    submit = page.get_by_role("button", name="Submit for review")
    expect(checklist).to_have_attribute("aria-live", "polite")
    expect(checklist.get_by_role("link", name="Context")).to_be_visible()
    expect(checklist.get_by_role("link", name="Lesson plan")).to_be_visible()
    expect(submit).to_be_disabled()
    expect(page.locator("#submit-help")).to_have_text(re.compile("You can submit once nothing"))
    assert accessibility_violations(page, live_server.url) == []

    # Writing: the answer's line leaves the list as soon as the server has saved it.
    page.locator(f"#resp-{context.public_id}").press_sequentially("We ask three questions.")
    expect(checklist.get_by_role("link", name="Context")).to_have_count(0, timeout=10_000)
    expect(page.locator(f"#problem-{context.public_id}")).to_be_hidden()
    expect(checklist.get_by_role("link", name="Lesson plan")).to_be_visible()
    expect(submit).to_be_disabled()  # the document is still missing
    screenshot("answer-written")

    # A video for the documents-only slot: one failed item, the slot's own types, no Retry.
    section = page.locator(f"#req-{plan.public_id}")
    uploader = section.locator("[data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(clip))
    failed = section.locator("li[data-status=failed]")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("Failed")
    expect(failed).to_contain_text(f"This requirement takes {DOCUMENT_TYPES}")
    expect(failed).not_to_contain_text(".mp4,")  # no list of video types
    expect(failed.get_by_role("button", name=re.compile("^Retry"))).to_have_count(0)
    expect(section.get_by_text("Upload complete")).to_have_count(0)
    assert Artifact.objects.count() == 0  # refused before anything was sent
    screenshot("wrong-type-refused")
    assert accessibility_violations(page, live_server.url) == []
    failed.get_by_role("button", name=re.compile("^Remove")).click()
    expect(section.locator("li[data-status=failed]")).to_have_count(0)

    # An image under a .pdf name: uploaded at once (no second click), then the server's check
    # fails it, naming the documents this slot takes; the checklist says so.
    uploader.locator("input[type=file]").first.set_input_files(str(disguised))
    failed = section.locator("li[data-artifact][data-status=failed]")
    expect(failed).to_have_count(1, timeout=30_000)
    expect(failed).to_contain_text(f"this requirement takes {DOCUMENT_TYPES}")
    expect(failed.get_by_role("button", name=re.compile("^Retry"))).to_have_count(0)
    expect(section.locator("li[data-artifact], li[data-local-failure]")).to_have_count(1)
    expect(checklist).to_contain_text("The upload failed; remove it and upload a file that fits.")
    expect(section.get_by_text("Upload complete")).to_have_count(0)
    screenshot("server-refused")

    # Replaced by the right document: the checklist empties and Submit is enabled, no reload.
    page.once("dialog", lambda dialog: dialog.accept())
    failed.get_by_role("button", name=re.compile("^Remove")).click()
    expect(section.locator("li[data-artifact]")).to_have_count(0)
    expect(checklist).to_contain_text("Upload a file.", timeout=10_000)
    uploader.locator("input[type=file]").first.set_input_files(str(good))
    ready = section.locator("li[data-artifact]")
    expect(ready).to_have_attribute("data-status", "ready", timeout=30_000)
    expect(ready).to_have_count(1)  # once: not also in the uploader
    expect(checklist).to_contain_text("Everything required is here.", timeout=10_000)
    expect(submit).to_be_enabled()
    expect(page.locator("#submit-help")).to_have_text(re.compile("A reviewer scores it"))
    screenshot("ready-to-submit")
    assert accessibility_violations(page, live_server.url) == []

    # The server agrees with the button: the submission is accepted.
    submit.click()
    page.get_by_role("button", name="Yes, submit for review").click()
    page.get_by_text("Next: a reviewer claims it").wait_for()
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert not errors, errors
