"""An educator uploads a classroom video on their draft with the Uppy dashboard (it starts as soon
as the file is chosen), watches its progress, then sees it once in the list: processing, then
ready with its poster; and an upload cut off by a closed tab
resumes where it stopped. Local media (the S3 emulator), tasks run in the server."""

import hashlib
import re
import time

import pytest
from playwright.sync_api import expect

from submissions import services
from submissions.models import Artifact
from tests.support.browser import SCREENSHOTS
from tests.support.credentials import evidence_credential
from tests.support.factories import PASSWORD
from tests.support.media_files import make_text, make_video
from tests.support.storage import use_local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def local_media(settings, tmp_path):
    return use_local_media(settings, tmp_path / "media")


@pytest.fixture
def video_file(tmp_path):
    return make_video(tmp_path / "lesson.mp4")


@pytest.fixture
def text_file_12mb(tmp_path):
    """Two of the uploader's 8 MiB parts."""
    return make_text(tmp_path / "notes.txt", size=12 * 1024 * 1024)


def _login(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_educator_uploads_a_video_and_sees_its_poster(
    cast, live_server, page, screenshot, local_media, video_file
):
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    video = submission.version.requirements.get(title="Video")
    _login(page, live_server.url, cast.educator.email)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    requirement = page.locator(f"#req-{video.public_id}")
    uploader = requirement.locator("[data-uploader]")
    expect(uploader.get_by_role("heading", name=re.compile("Add files"))).to_be_visible()
    uploader.locator("input[type=file]").first.set_input_files(str(video_file))
    screenshot("file-added")
    # No second click: the upload starts at once; once stored, the file leaves the uploader and
    # the list shows it (one row, never "complete" in one place and "failed" in another).
    item = requirement.locator("li[data-artifact]")
    expect(item).to_have_attribute("data-status", re.compile("processing|ready"), timeout=30_000)
    expect(uploader.locator(".uppy-Dashboard-Item")).to_have_count(0)
    screenshot("upload-complete")

    expect(item.locator("img[data-poster]")).to_be_visible(timeout=30_000)
    expect(item).to_have_attribute("data-status", "ready")
    poster = item.locator("img[data-poster]").element_handle()
    page.wait_for_function("img => img.complete", arg=poster)
    assert poster.evaluate("img => img.naturalWidth") == 320  # the real frame, not a broken image
    expect(item.get_by_role("link", name=re.compile("Download"))).to_be_visible()
    expect(item.get_by_text("3 s")).to_be_visible()
    screenshot("poster-ready")
    assert not errors, errors


def test_the_links_of_a_files_parts_come_from_one_signing_request(
    cast, live_server, page, local_media, tmp_path
):
    """Three parts (8, 8 and 1 MiB): the uploader asks our server for their links once, not
    once a part, and the file arrives whole."""
    notes = make_text(tmp_path / "notes.txt")  # about 17 MiB
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    document = submission.version.requirements.get(title="Document")
    _login(page, live_server.url, cast.educator.email)
    signing = []
    page.on("request", lambda r: signing.append(r.post_data_json) if "/sign/" in r.url else None)

    page.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    uploader = page.locator(f"#req-{document.public_id} [data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(notes))
    item = page.locator(f"#req-{document.public_id} li[data-artifact]")
    expect(item).to_have_attribute("data-status", "ready", timeout=30_000)

    parts = [body for body in signing if body["method"] == "PUT"]
    assert [body.get("partNumbers") for body in parts] == [[1, 2, 3]]
    assert [body["method"] for body in signing] == ["POST", "PUT", "POST"]  # start, parts, end
    artifact = Artifact.objects.get(submission=submission)
    assert artifact.sha256 == hashlib.sha256(notes.read_bytes()).hexdigest()


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_an_upload_cut_off_by_a_closed_tab_resumes_where_it_stopped(
    cast, live_server, page, request, local_media, text_file_12mb
):
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    document = submission.version.requirements.get(title="Document")
    _login(page, live_server.url, cast.educator.email)
    sent_parts = []
    wifi = {"down": True}

    def school_wifi(route, sent):
        # The first part gets through; the connection dies during the second (and its retries).
        # Aborted, not left hanging: a request left pending may still be sent as the tab closes.
        if sent.method == "PUT" and wifi["down"]:
            sent_parts.append(sent.url)
            if len(sent_parts) > 1:
                route.abort("connectionreset")
                return
        route.continue_()

    # On the context, not the page: a page's routes go when it closes, and a retry the closing
    # tab sends then would reach the server and leave nothing to resume.
    page.context.route("**/submissions/uploads/s3/**", school_wifi)
    page.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    uploader = page.locator(f"#req-{document.public_id} [data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(text_file_12mb))  # starts
    _wait_for(lambda: len(sent_parts) > 1 or page.wait_for_timeout(50))
    tab = page.context.new_page()
    page.close()  # the tab is closed mid-upload; the educator comes back in a new one

    resumed = []
    tab.on("request", lambda r: resumed.append(r.method) if "/uploads/s3/" in r.url else None)
    tab.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    uploader = tab.locator(f"#req-{document.public_id} [data-uploader]")
    expect(uploader.get_by_text("Session restored")).to_be_visible()
    wifi["down"] = False  # back at school the next day
    # Browsers keep small files themselves; a large one is chosen again, and the upload goes on.
    uploader.get_by_role("button", name=re.compile("Re-select")).click()
    uploader.locator("input[type=file]").first.set_input_files(str(text_file_12mb))
    uploader.scroll_into_view_if_needed()
    tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-restored.png"))
    # Chosen again, it goes on by itself (no second click).
    artifact = Artifact.objects.get(submission=submission)
    item = tab.locator(f"#artifact-{artifact.public_id}")
    expect(item).to_have_attribute("data-status", "ready", timeout=30_000)
    expect(uploader.locator(".uppy-Dashboard-Item")).to_have_count(0)  # listed once

    assert resumed == ["GET", "PUT", "POST"]  # list the stored parts, send the one missing, done
    artifact.refresh_from_db()
    assert artifact.sha256 == hashlib.sha256(text_file_12mb.read_bytes()).hexdigest()


def test_a_lost_answer_to_the_last_step_does_not_send_the_file_again(
    cast, live_server, page, screenshot, local_media, text_file_12mb
):
    """Storage completes the upload, but the connection drops before the page hears it. Retry
    learns that the file is uploaded and shows it in the list; the file is not sent again."""
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    document = submission.version.requirements.get(title="Document")
    _login(page, live_server.url, cast.educator.email)
    completions, sent_parts, posts = [], [], []

    def answer_lost(route, sent):
        # The emulator's signed URLs name no operation: the first POST starts the upload, the
        # second completes it.
        if sent.method == "PUT":
            sent_parts.append(sent.url)
        if sent.method == "POST":
            posts.append(sent.url)
            if len(posts) == 2:
                completions.append(route.fetch().status)  # storage completes the upload ...
                route.abort("connectionreset")  # ... and the answer never arrives
                return
        route.continue_()

    page.route("**/submissions/uploads/s3/**", answer_lost)
    page.goto(f"{live_server.url}/submissions/{submission.public_id}/")
    requirement = page.locator(f"#req-{document.public_id}")
    uploader = requirement.locator("[data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(text_file_12mb))  # starts
    retry = uploader.locator(".uppy-StatusBar-actionBtn--retry")  # the status bar's Retry
    expect(retry).to_be_visible(timeout=30_000)
    assert completions == [200]
    parts_before = len(sent_parts)
    screenshot("answer-lost")
    retry.click()

    item = requirement.locator("li[data-artifact]")
    expect(item).to_have_count(1)
    expect(item).to_have_attribute("data-status", "ready", timeout=30_000)
    expect(uploader.get_by_text("has finished uploading")).to_be_visible()
    screenshot("uploaded-after-all")
    assert len(sent_parts) == parts_before  # nothing sent again
    assert Artifact.objects.filter(submission=submission).count() == 1
