"""A reviewer claims a submission, watches the video, comments at a moment of it, scores every
criterion and completes with "not yet"; the educator reads the feedback and starts attempt 2."""

import re
import subprocess

import pytest
from django.core.management import call_command

from accounts.models import User
from credentials.models import MicroCredential
from demo.catalog import seed_demo_reviewer_designations
from reviews.models import Review, ReviewComment
from submissions import services as submission_services
from submissions.media import local_store
from submissions.media_outputs import ffmpeg_binary
from submissions.models import Artifact, Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SLUG = "questioning-and-wait-time"  # a demo micro-credential with a classroom video
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def _login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def _logout(page) -> None:
    page.get_by_role("navigation", name="Main").locator("#account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for()


def _stored(submission, requirement, filename: str, source) -> Artifact:
    """A processed artifact: the bytes (and for media the playable copy) in local storage."""
    key = f"evidence/{submission.public_id}/{requirement.public_id}/{filename}"
    path = local_store().path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, bytes):
        path.write_bytes(source)
    else:
        source(path)
    is_video = filename.endswith(".mp4")
    return Artifact.objects.create(
        submission=submission,
        requirement=requirement,
        filename=filename,
        storage_key=key,
        status=Artifact.Status.READY,
        detected_kind="video" if is_video else "document",
        content_type="video/mp4" if is_video else "application/pdf",
        size=path.stat().st_size,
        duration_seconds=6.0 if is_video else None,
        rendition_key=key if is_video else "",
    )


def _make_video(path) -> None:
    subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=6",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
         "-movflags", "+faststart", str(path)],
        check=True,
    )  # fmt: skip


def _seek_and_hold(page, selector: str, seconds: float) -> None:
    """Seek the player and check it is still there once the seek has finished."""
    page.locator(selector).evaluate(
        """(v, t) => new Promise(done => {
             v.addEventListener("seeked", done, { once: true }); v.currentTime = t; })""",
        seconds,
    )
    page.wait_for_timeout(300)
    at = page.locator(selector).evaluate("v => v.currentTime")
    assert at >= seconds - 0.1, at


def _wait_for_moment(page, selector: str, seconds: float) -> None:
    """The player has been sent to `seconds` (it may be playing on from there)."""
    page.wait_for_function(
        "([s, t]) => { const v = document.querySelector(s);"
        " return v && v.readyState >= 1 && !v.seeking && v.currentTime >= t - 0.1"
        " && v.currentTime < t + 2.5; }",
        arg=[selector, seconds],
    )


def _submitted_by_the_demo_educator() -> Submission:
    educator = User.objects.get(email="educator@example.com")
    credential = MicroCredential.objects.get(slug=SLUG)
    submission = submission_services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.all():
        if requirement.kind == "text":
            text = f"In my grade 4 class we practised {requirement.title.lower()} with care."
            submission_services.response_save(
                submission=submission, requirement=requirement, text=text, by=educator
            )
        elif "video" in requirement.accepted_types:
            _stored(submission, requirement, "wait-time-lesson.mp4", _make_video)
        else:
            _stored(submission, requirement, "question-plan.pdf", PDF)
    return submission_services.submission_submit(submission=submission, by=educator)


def test_reviewer_scores_not_yet_and_the_educator_starts_again(
    live_server, page, screenshot, settings
):
    call_command("seed_demo")
    seed_demo_reviewer_designations()  # idempotent: also fine once seed_demo calls it
    submission = _submitted_by_the_demo_educator()
    base = live_server.url
    media_statuses: list[int] = []
    page.on(
        "response",
        lambda response: media_statuses.append(response.status)
        if "/evidence/" in response.url and "video/mp4" in response.headers.get("content-type", "")
        else None,
    )

    # The reviewer finds it in the queue and claims it.
    _login(page, base, "reviewer@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("heading", name="Review queue").wait_for()
    row = page.locator(f'tr[data-submission="{submission.public_id}"]')
    assert "Maria Lopez" in row.inner_text()
    screenshot("queue")
    # On a phone the stage, the wait and the Claim button stand under the title, on screen
    # without scrolling the table sideways; the wide table's copies are hidden.
    page.set_viewport_size({"width": 390, "height": 844})
    assert row.locator("td").first.get_by_text("First review · waiting").is_visible()
    claim = row.get_by_role("button", name=re.compile("^Claim"))
    assert claim.count() == 1
    box = claim.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("queue-phone")
    claim.click()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("heading", name="Rubric").wait_for()
    review = Review.objects.get(submission=submission)

    # The video plays in the page; a comment is anchored to the moment being watched.
    video = page.locator("video[data-review-media]")
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').readyState >= 1"
    )
    # The reviewer moves through it: a seek is served as a byte range (206), and the player
    # stays where it was sent instead of snapping back to the start.
    _seek_and_hold(page, "video[data-review-media]", 4.0)
    assert 206 in media_statuses, media_statuses
    video.evaluate("v => { v.pause(); v.currentTime = 0; }")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').currentTime > 1.2"
    )
    page.get_by_role("button", name="Comment at current time").click()
    form = page.locator("form:has(textarea[name=text]:focus)")
    assert re.fullmatch(r"0:0[1-6]", form.get_by_label("Time code (m:ss)").input_value())
    form.get_by_label("Comment").fill("Here the wait time after the question is short.")
    screenshot("comment-at-time")
    form.get_by_role("button", name="Add comment").click()
    page.get_by_text("Comment added.").wait_for()
    comment = ReviewComment.objects.get(review=review)
    assert 1 <= comment.time_seconds <= 6
    # The comment's time code plays the video from that moment.
    page.get_by_role("button", name=re.compile(rf"^{comment.time_code}")).click()
    _wait_for_moment(page, "video[data-review-media]", comment.time_seconds)

    # Score every criterion: the first below passing (with the keyboard), the others passing.
    criteria = list(submission.version.criteria.all())
    for index, criterion in enumerate(criteria):
        fieldset = page.locator(f'fieldset[data-criterion="{criterion.public_id}"]')
        levels = list(criterion.levels.all())
        if index == 0:
            fieldset.locator("input[type=radio]").first.focus()
            page.keyboard.press("Space")
            assert fieldset.locator("input[type=radio]").first.is_checked()
            fieldset.get_by_text("(required)").wait_for()
            fieldset.locator("textarea").fill("Plan more questions that ask students to justify.")
        else:
            passing = next(level for level in levels if level.passing)
            fieldset.locator(f'input[value="{passing.public_id}"]').check()
            fieldset.locator("textarea").fill("Clear evidence.")
        fieldset.locator("textarea").blur()
        fieldset.get_by_text(re.compile("^Saved at")).wait_for()
    page.get_by_label("Overall feedback to the educator").fill("A thoughtful start; see the notes.")
    screenshot("scored")
    # Drafts survive a reload (autosave).
    page.reload()
    first = page.locator(f'fieldset[data-criterion="{criteria[0].public_id}"]')
    assert first.locator("input[type=radio]").first.is_checked()

    page.get_by_role("button", name="Continue to the decision").click()
    page.get_by_text("Decision: Not yet").wait_for()
    screenshot("confirm")
    page.get_by_role("button", name="Confirm: Not yet").click()
    page.get_by_text("Decision sent: Not yet").wait_for()
    submission.refresh_from_db()
    assert submission.status == "not_yet"
    _logout(page)

    # The educator reads the feedback and starts attempt 2.
    _login(page, base, "educator@example.com", settings.DEMO_PASSWORD)
    page.goto(f"{base}/submissions/{submission.public_id}/")
    page.get_by_role("heading", name=submission.version.title).wait_for()
    feedback = page.locator("[data-review-feedback]")
    assert "Decision: Not yet" in feedback.inner_text()
    assert "Plan more questions that ask students to justify." in feedback.inner_text()
    # Beside the level below passing: what the passing level asks for.
    first_passing = next(level for level in criteria[0].levels.all() if level.passing)
    asks = feedback.locator("[data-passing-level]").first.inner_text()
    assert first_passing.name in asks and first_passing.description in asks
    screenshot("educator-feedback")
    # The reviewer's time code is a link into the video on this page: it opens the player and
    # plays from that moment.
    feedback.get_by_role("link", name=re.compile(rf"^{comment.time_code}")).click()
    player = f"#media-{comment.artifact.public_id}"
    _wait_for_moment(page, player, comment.time_seconds)
    screenshot("educator-feedback-seek")
    page.get_by_role("button", name="Start attempt 2").click()
    page.get_by_text("Attempt 2").first.wait_for()
    assert Submission.objects.filter(educator=submission.educator, attempt=2).exists()
    screenshot("attempt-2")
