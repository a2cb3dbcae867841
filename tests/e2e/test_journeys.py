"""The four journeys of the platform, in real Chromium against `make stack`'s topology: gunicorn
and a Celery worker under the production (stack) settings, PostgreSQL, Redis and the moto S3
server, with the demo data.

1. An educator finds a micro-credential by search, starts it, writes responses (closing the tab
   midway loses nothing), uploads a 200 MB classroom video (cut off, then resumed), submits.
2. The reviewer claims it, plays the video, scores and decides "not yet" with feedback; the
   educator reads it and resubmits; the reviewer passes it.
3. The educator sees the badge, opens its public page and verifies it; the official Open Badges
   2.0 validator accepts the assertion.
4. The district admin sees the educator as earned, filters by school, exports CSV and opens the
   transcript PDF.

Every page visited is checked with axe-core (no serious or critical WCAG 2.1 AA violation) and
saved as a screenshot; the key actions (start, upload, submit, score, complete) use the keyboard.
"""

import csv
import hashlib
import io
import json
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import BrowserContext, Locator, Page, expect

from badges.models import Badge
from organizations.models import Organization
from reviews.models import ReviewPolicy
from submissions.media_outputs import ffmpeg_binary
from submissions.models import Artifact, Submission
from tests.support.browser import SCREENSHOTS
from tests.support.ob2_validator import Validator
from tests.support.servers import ROOT
from tests.support.stack import Stack, running_stack
from tests.support.storage import s3_client

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.s3]

SLUG = "questioning-and-wait-time"  # a demo micro-credential with a classroom video
TITLE = "Questioning and Wait Time for Every Student"
EDUCATOR = "educator@example.com"  # Maria Lopez, Lincoln Elementary, Riverside Unified
REVIEWER = "reviewer@example.com"
ADMIN = "admin@example.com"  # Robert, district admin of Riverside Unified
VIDEO_BYTES = 200_000_000
CACHE = ROOT / "test-artifacts" / "cache"
WAIT = 60_000  # ms: the worker copies 200 MB in and out of S3 on a shared 2-core machine


# --------------------------------------------------------------------------------------------
# Fixtures: the stack, the media
# --------------------------------------------------------------------------------------------


@pytest.fixture
def stack(transactional_db, s3_endpoint, s3_buckets):
    with running_stack(
        database=connection.settings_dict, s3_endpoint=s3_endpoint, buckets=s3_buckets
    ) as running:
        running.manage("seed_demo")
        # The demo issuer samples a share of decisions for a second review by another reviewer;
        # these journeys follow one reviewer, so no sampling (the decision goes to the educator).
        issuer = Organization.objects.get(slug="open-practice")
        ReviewPolicy.objects.update_or_create(issuer=issuer, defaults={"second_review_rate": 0})
        yield running


def _classroom_video() -> Path:
    """A real, playable H.264/AAC MP4 of 200 MB (noise keeps the bitrate high so it is made in
    seconds), generated once and kept in test-artifacts/cache/."""
    path = CACHE / f"video-640x360-h264-aac-crf6-{VIDEO_BYTES}" / "wait-time-lesson.mp4"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.mp4")
    subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=60",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=60",
         "-vf", "noise=alls=60:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "6",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-fs", str(VIDEO_BYTES),
         str(partial)],
        check=True,
        timeout=300,
    )  # fmt: skip
    partial.rename(path)
    return path


@pytest.fixture(scope="session")
def classroom_video() -> Path:
    return _classroom_video()


@pytest.fixture(scope="session")
def question_plan(tmp_path_factory) -> Path:
    """A real one-page PDF, as a word processor would export it."""
    from PIL import Image, ImageDraw

    path = tmp_path_factory.mktemp("docs") / "question-plan.pdf"
    image = Image.new("RGB", (850, 1100), "white")
    ImageDraw.Draw(image).text((60, 60), "Question plan: six key questions", fill="black")
    image.save(path, "PDF")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(8 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# People in their own browsers, every page checked
# --------------------------------------------------------------------------------------------


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


def _sign_in(browser, base: str, name: str, email: str) -> Person:
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


def _press(control: Locator, key: str = "Enter") -> None:
    """A key action, keyboard only: the control takes focus, then the key is pressed."""
    control.focus()
    expect(control).to_be_focused()
    control.page.keyboard.press(key)


# --------------------------------------------------------------------------------------------
# Journey 1: search, start, write, upload 200 MB with a break, submit
# --------------------------------------------------------------------------------------------


def _find_and_start(maria: Person) -> Submission:
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
    _press(page.get_by_role("button", name="Start this micro-credential"))
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


def _write_responses(maria: Person, submission: Submission) -> None:
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


def _upload_plan(maria: Person, submission: Submission, plan: Path) -> None:
    requirement = submission.version.requirements.get(title="Planned question sequence")
    section = maria.page.locator(f"#req-{requirement.public_id}")
    uploader = section.locator("[data-uploader]")
    uploader.locator("input[type=file]").first.set_input_files(str(plan))
    _press(uploader.get_by_role("button", name=re.compile(r"Upload 1 file")))
    expect(section.locator("li[data-artifact]")).to_have_attribute(
        "data-status", "ready", timeout=WAIT
    )


def _choose_with_keyboard(page: Page, control: Locator, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        _press(control)
    chooser.value.set_files(str(path))


def _stored_parts(s3_endpoint: str, bucket: str) -> int:
    client = s3_client(s3_endpoint)
    uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    assert len(uploads) == 1, uploads
    upload = uploads[0]
    listing = client.list_parts(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    return len(listing.get("Parts", []))


def _upload_video(
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
    expect(uploader.get_by_text(video.name).first).to_be_visible()
    maria.check("video-added")
    _press(uploader.get_by_role("button", name=re.compile(r"Upload 1 file")))
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
    _press(uploader.get_by_role("button", name=re.compile("Re-select")))
    _choose_with_keyboard(page, uploader.get_by_role("button", name="browse files"), video)
    expect(uploader.get_by_text("We restored all files")).to_be_visible()
    maria.check("upload-restored")
    _press(uploader.get_by_role("button", name=re.compile(r"Upload 1 file")))
    expect(uploader.locator(".uppy-StatusBar.is-complete")).to_be_visible(timeout=180_000)
    # Listed the stored parts, sent only the missing ones, completed.
    assert resumed.count("PUT") == total - stored, (resumed, stored, total)
    artifact = Artifact.objects.get(submission=submission, requirement=requirement)
    item = page.locator(f"#artifact-{artifact.public_id}")
    expect(item).to_have_attribute("data-status", "ready", timeout=120_000)
    expect(item.locator("img[data-poster]")).to_be_visible()
    maria.check("video-ready")
    return artifact


def _object_sha256(s3_endpoint: str, bucket: str, key: str) -> str:
    body = s3_client(s3_endpoint).get_object(Bucket=bucket, Key=key)["Body"]
    digest = hashlib.sha256()
    for chunk in body.iter_chunks(8 * 1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def _submit(person: Person) -> None:
    page = person.page
    _press(page.get_by_role("button", name="Submit for review"))
    page.get_by_text("Next: a reviewer claims it").wait_for()
    person.check("submitted")


# --------------------------------------------------------------------------------------------
# Journey 2: claim, play, score "not yet"; resubmission; pass
# --------------------------------------------------------------------------------------------


def _claim(reviewer: Person, submission: Submission) -> None:
    page = reviewer.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("heading", name="Review queue").wait_for()
    row = page.locator(f'tr[data-submission="{submission.public_id}"]')
    expect(row).to_contain_text("Maria Lopez")
    reviewer.check("queue")
    _press(row.get_by_role("button", name=re.compile("^Claim")))
    page.get_by_role("heading", name="Rubric").wait_for()


def _play_video(reviewer: Person) -> None:
    page = reviewer.page
    video = page.locator("video[data-review-media]")
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').readyState >= 1",
        timeout=WAIT,
    )
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').currentTime > 1.5",
        timeout=WAIT,
    )
    video.evaluate("v => v.pause()")
    reviewer.check("review-playing")


def _score(reviewer: Person, submission: Submission, *, failing_first: bool) -> None:
    """Each criterion: a level chosen with the keyboard (arrows move within the radio group,
    Space checks) and feedback typed in."""
    page = reviewer.page
    for index, criterion in enumerate(submission.version.criteria.all()):
        fieldset = page.locator(f'fieldset[data-criterion="{criterion.public_id}"]')
        levels = list(criterion.levels.all())
        wanted = (
            0
            if failing_first and index == 0
            else next(n for n, level in enumerate(levels) if level.passing)
        )
        radios = fieldset.locator("input[type=radio]")
        _press(radios.first, "Space")
        for _ in range(wanted):
            page.keyboard.press("ArrowDown")
        expect(radios.nth(wanted)).to_be_checked()
        feedback = (
            "Plan questions that ask students to justify, and probe every answer."
            if wanted == 0
            else "Clear evidence in the video and the plan."
        )
        page.keyboard.press("Tab")  # from the radio group to the criterion's feedback
        expect(fieldset.locator("textarea")).to_be_focused()
        page.keyboard.type(feedback)
        page.keyboard.press("Tab")
        fieldset.get_by_text(re.compile("^Saved at")).wait_for()


def _decide(reviewer: Person, decision: str) -> None:
    page = reviewer.page
    page.get_by_label("Overall feedback to the educator").fill(
        "Thank you: the video shows real wait time."
        if decision == "Pass"
        else "A thoughtful start; see the notes on question planning."
    )
    reviewer.check(f"scored-{decision.lower().replace(' ', '-')}")
    _press(page.get_by_role("button", name="Continue to the decision"))
    page.get_by_text(f"Decision: {decision}").wait_for()
    reviewer.check(f"confirm-{decision.lower().replace(' ', '-')}")
    _press(page.get_by_role("button", name=f"Confirm: {decision}"))
    page.get_by_text(f"Decision sent: {decision}").wait_for()
    reviewer.check(f"decided-{decision.lower().replace(' ', '-')}")


def _read_feedback_and_resubmit(maria: Person, submission: Submission) -> Submission:
    page = maria.page
    page.goto(f"{maria.base}/submissions/{submission.public_id}/")
    feedback = page.locator("[data-review-feedback]")
    expect(feedback).to_contain_text("Decision: Not yet")
    expect(feedback).to_contain_text("Plan questions that ask students to justify")
    maria.check("feedback")
    page.get_by_role("button", name="Start attempt 2").click()
    page.get_by_text("Attempt 2").first.wait_for()
    second = Submission.objects.get(educator=submission.educator, credential__slug=SLUG, attempt=2)
    plan = second.version.requirements.get(title="Planned question sequence")
    # The work of attempt 1 came along; the educator improves her reflection and submits.
    expect(page.locator(f"#req-{plan.public_id} li[data-artifact]")).to_have_attribute(
        "data-status", "ready"
    )
    reflection = second.version.requirements.get(title="Reflection")
    area = page.locator(f"#resp-{reflection.public_id}")
    area.fill(area.input_value() + " Next I will probe every answer with 'How do you know?'.")
    area.blur()
    page.locator(f"#req-{reflection.public_id}").get_by_text(re.compile("^Saved at")).wait_for()
    maria.check("attempt-2")
    _submit(maria)
    return second


# --------------------------------------------------------------------------------------------
# Journey 3: the badge, its public page, verification, the official validator
# --------------------------------------------------------------------------------------------


def _see_badge(maria: Person) -> Badge:
    page = maria.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My badges").click()
    page.get_by_role("heading", name="My badges").wait_for()
    badge_link = page.get_by_role("link", name=TITLE)
    deadline = time.monotonic() + 60
    while not badge_link.count():  # the worker issues it moments after the decision
        assert time.monotonic() < deadline, "no badge appeared"
        page.wait_for_timeout(1000)
        page.reload()
    maria.check("my-badges")
    badge_link.click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    expect(page.get_by_test_id("badge-status")).to_contain_text("Valid")
    maria.check("badge-page")
    return Badge.objects.get(educator__email=EDUCATOR)


def _verify(visitor: Person, badge_url: str) -> None:
    page = visitor.page
    page.goto(badge_url)
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    visitor.check("public-badge-page")
    page.get_by_role("link", name="Verification page").click()
    page.get_by_role("heading", level=1, name="Verify a badge").wait_for()
    visitor.check("verify")
    page.get_by_label("Earner's email (optional)").fill(EDUCATOR)
    page.get_by_role("button", name="Verify").click()
    page.get_by_test_id("verify-result").get_by_role("status").filter(has_text="Valid").wait_for()
    expect(page.get_by_test_id("recipient-match")).to_contain_text("matches this badge's recipient")
    visitor.check("verified")


# --------------------------------------------------------------------------------------------
# Journey 4: the district admin
# --------------------------------------------------------------------------------------------


def _district_admin(admin: Person, tmp_path: Path) -> None:
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


# --------------------------------------------------------------------------------------------
# The journeys, in order, on one stack
# --------------------------------------------------------------------------------------------


def test_four_journeys_on_the_stack(
    stack: Stack,
    browser,
    classroom_video: Path,
    question_plan: Path,
    request: pytest.FixtureRequest,
    s3_endpoint: str,
    s3_buckets: dict[str, str],
    tmp_path: Path,
) -> None:
    base = stack.url
    people: list[Person] = []
    for old in SCREENSHOTS.glob("journeys-*"):
        old.unlink()  # this run's screenshots only

    def sign_in(name: str, email: str) -> Person:
        people.append(_sign_in(browser, base, name, email))
        return people[-1]

    try:
        # 1. The educator: search, start, write (tab closed midway), upload, submit.
        maria = sign_in("educator", EDUCATOR)
        submission = _find_and_start(maria)
        _write_responses(maria, submission)
        _upload_plan(maria, submission, question_plan)
        artifact = _upload_video(
            maria, submission, classroom_video, s3_endpoint, s3_buckets["private"]
        )
        artifact.refresh_from_db()
        assert artifact.size == classroom_video.stat().st_size
        assert artifact.sha256 == _sha256(classroom_video)
        key = artifact.storage_key
        assert _object_sha256(s3_endpoint, s3_buckets["private"], key) == artifact.sha256
        _submit(maria)
        maria.assert_clean()

        # 2. The reviewer: not yet; the educator resubmits; pass.
        reviewer = sign_in("reviewer", REVIEWER)
        _claim(reviewer, submission)
        _play_video(reviewer)
        _score(reviewer, submission, failing_first=True)
        _decide(reviewer, "Not yet")
        second = _read_feedback_and_resubmit(maria, submission)
        _claim(reviewer, second)
        _play_video(reviewer)
        _score(reviewer, second, failing_first=False)
        _decide(reviewer, "Pass")
        reviewer.assert_clean()

        # 3. The badge: seen, shown, verified, and valid for the official validator.
        badge = _see_badge(maria)
        assert maria.page.url == f"{base}/badges/{badge.public_id}/"
        assertion = maria.page.locator('link[rel="alternate"]').get_attribute("href")
        assert assertion == f"{base}/ob2/assertions/{badge.public_id}"
        visitor_context = browser.new_context(viewport={"width": 1280, "height": 900})
        visitor = Person("visitor", visitor_context, visitor_context.new_page(), base)
        visitor.watch(visitor.page)
        people.append(visitor)
        _verify(visitor, maria.page.url)
        validator: Validator = request.getfixturevalue("ob2_validator")
        code, summary, report = validator.run(
            "--data", assertion, "--recipient", json.dumps({"email": EDUCATOR})
        )
        assert code == 0, summary
        assert report["report"]["valid"] is True and report["report"]["errorCount"] == 0
        maria.assert_clean()
        visitor.assert_clean()

        # 4. The district admin.
        admin = sign_in("admin", ADMIN)
        _district_admin(admin, tmp_path)
        admin.assert_clean()
    except Exception:
        for person in people:
            print(f"---- {person.name}: {person.errors}")
        for name in ("web", "worker"):
            print(f"---- {name}.log (tail)\n{stack.log(name)[-4000:]}")
        raise
    finally:
        for person in people:
            person.context.close()
