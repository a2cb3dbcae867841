"""Journey 1: search, start, write (the tab closed midway), upload 200 MB with a break, submit."""

import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from submissions.models import Artifact, Submission
from tests.support.journeys.people import EDUCATOR, SLUG, TITLE, WAIT, Person, press
from tests.support.storage import s3_client


def find_and_start(maria: Person) -> Submission:
    page = maria.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    page.get_by_role("heading", name="Micro-credential catalog").wait_for()
    maria.check("catalog")
    page.get_by_label("Search micro-credentials").press_sequentially("wait time", delay=30)
    page.wait_for_url(re.compile(r"q=wait\+time"))
    result = page.get_by_role("link", name=TITLE)
    result.wait_for()
    maria.check("search-results")
    result.click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    maria.check("credential")
    press(page.get_by_role("button", name="Start this micro-credential"))
    page.get_by_text("Attempt 1").first.wait_for()
    maria.check("draft")
    return Submission.objects.get(educator__email=EDUCATOR, credential__slug=SLUG, attempt=1)


def _texts(submission: Submission) -> dict[str, str]:
    return {
        requirement.title: f"{requirement.title}: in my grade 4 class of 26 students we "
        "practised three seconds of wait time and think-pair-share before cold calling."
        for requirement in submission.version.requirements.filter(kind="text")
    }


def _eventually(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _saved_text(submission: Submission, title: str) -> str | None:
    response = submission.responses.filter(requirement__title=title).first()
    return response.text if response else None


def write_responses(maria: Person, submission: Submission) -> None:
    """Write each response; the tab is closed right after typing one (before its save)."""
    texts = _texts(submission)
    requirements = {r.title: r for r in submission.version.requirements.all()}
    titles = list(texts)
    page = maria.page
    first = page.locator(f"#resp-{requirements[titles[0]].public_id}")
    first.fill(texts[titles[0]])
    first.blur()
    page.locator(f"#req-{requirements[titles[0]].public_id}").get_by_text(
        re.compile("^Saved at")
    ).wait_for()
    page.locator(f"#resp-{requirements[titles[1]].public_id}").fill(texts[titles[1]])
    page.close()  # closed midway: the second response had not been sent yet

    page = maria.new_tab()
    page.goto(f"{maria.base}/submissions/{submission.public_id}/")
    second = page.locator(f"#resp-{requirements[titles[1]].public_id}")
    expect(second).to_have_value(texts[titles[1]])
    # On the server too: sent as the tab closed, or from the copy kept on this device.
    _eventually(lambda: _saved_text(submission, titles[1]) == texts[titles[1]])
    maria.check("responses-restored")
    third = page.locator(f"#resp-{requirements[titles[2]].public_id}")
    third.fill(texts[titles[2]])
    third.blur()
    page.locator(f"#req-{requirements[titles[2]].public_id}").get_by_text(
        re.compile("^Saved at")
    ).wait_for()
    saved = {
        r.requirement.title: r.text for r in submission.responses.select_related("requirement")
    }
    assert saved == texts


def upload_plan(maria: Person, submission: Submission, plan: Path) -> None:
    requirement = submission.version.requirements.get(title="Planned question sequence")
    section = maria.page.locator(f"#req-{requirement.public_id}")
    uploader = section.locator("[data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(plan))  # uploads at once
    expect(section.locator("li[data-artifact]")).to_have_attribute(
        "data-status", "ready", timeout=WAIT
    )


def _choose_with_keyboard(page: Page, control: Locator, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        press(control)
    chooser.value.set_files(str(path))


def _stored_parts(s3_endpoint: str, bucket: str) -> int:
    client = s3_client(s3_endpoint)
    uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    assert len(uploads) == 1, uploads
    upload = uploads[0]
    listing = client.list_parts(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    return len(listing.get("Parts", []))


def upload_video(
    maria: Person, submission: Submission, video: Path, s3_endpoint: str, bucket: str
) -> Artifact:
    """Upload with the keyboard; the connection drops after a few parts and the tab is closed;
    back in a new tab the same upload resumes and sends only the parts S3 does not have."""
    requirement = submission.version.requirements.get(title="Classroom video")
    page = maria.page
    uploader = page.locator(f"#req-{requirement.public_id} [data-uploader]")
    sent: list[str] = []
    page.on(
        "requestfinished",
        lambda r: sent.append(r.url)
        if r.method == "PUT" and r.url.startswith(s3_endpoint)
        else None,
    )
    _choose_with_keyboard(page, uploader.get_by_role("button", name="browse files"), video)
    expect(uploader.get_by_text(video.name).first).to_be_visible()  # uploading at once
    maria.check("video-added")
    deadline = time.monotonic() + 120
    while len(sent) < 4:  # four parts of 8 MiB are in S3: the school Wi-Fi drops
        assert time.monotonic() < deadline, "the upload did not start"
        page.wait_for_timeout(100)
    errors_before = len(maria.errors)
    maria.context.set_offline(True)
    page.wait_for_timeout(500)
    page.close()
    maria.context.set_offline(False)
    del maria.errors[errors_before:]  # the network errors of the outage are expected
    stored = _stored_parts(s3_endpoint, bucket)
    total = -(-video.stat().st_size // (8 * 1024 * 1024))
    assert 4 <= stored < total

    page = maria.new_tab()
    resumed: list[str] = []
    page.on(
        "requestfinished",
        lambda r: resumed.append(r.method) if r.url.startswith(s3_endpoint) else None,
    )
    page.goto(f"{maria.base}/submissions/{submission.public_id}/")
    uploader = page.locator(f"#req-{requirement.public_id} [data-uploader]")
    expect(uploader.get_by_text("Session restored")).to_be_visible()
    # Browsers do not keep a 200 MB file themselves: it is chosen again, and the upload goes on.
    press(uploader.get_by_role("button", name=re.compile("Re-select")))
    # Chosen again, it goes on by itself from the parts S3 has.
    _choose_with_keyboard(page, uploader.get_by_role("button", name="browse files"), video)
    maria.check("upload-restored")
    artifact = Artifact.objects.get(submission=submission, requirement=requirement)
    item = page.locator(f"#artifact-{artifact.public_id}")
    expect(item).to_have_attribute("data-status", re.compile("processing|ready"), timeout=180_000)
    # Listed the stored parts, sent only the missing ones, completed.
    assert resumed.count("PUT") == total - stored, (resumed, stored, total)
    expect(item).to_have_attribute("data-status", "ready", timeout=120_000)
    expect(item.locator("img[data-poster]")).to_be_visible()
    maria.check("video-ready")
    return artifact


def object_sha256(s3_endpoint: str, bucket: str, key: str) -> str:
    body = s3_client(s3_endpoint).get_object(Bucket=bucket, Key=key)["Body"]
    digest = hashlib.sha256()
    for chunk in body.iter_chunks(8 * 1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def submit(person: Person) -> None:
    page = person.page
    press(page.get_by_role("button", name="Submit for review"))
    # A confirmation step of its own: nothing is sent until it is confirmed.
    page.get_by_role("heading", name=re.compile(r"^Submit attempt \d+ for review\?$")).wait_for()
    person.check("confirm-submit")
    press(page.get_by_role("button", name="Yes, submit for review"))
    page.get_by_text("Next: a reviewer claims it").wait_for()
    person.check("submitted")
