"""An educator's session ends while they write a response (it expired, or they signed out in
another tab): the page says so instead of "offline", keeps the text, and saves it by itself once
they sign in again in another tab."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from submissions import services
from submissions.models import Response
from tests.support.credentials import make_credential
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name=re.compile("^Welcome")).wait_for()


def _open_workspace(live_server, page, cast, slug: str):
    """A new draft of a new micro-credential, its workspace open for the signed-in educator."""
    credential = make_credential(cast.issuer, slug)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _login(page, live_server.url, cast.educator.email)
    url = f"{live_server.url}/submissions/{submission.public_id}/"
    page.goto(url)
    return submission, url


def _first_response(page):
    """The workspace's first written response and its save state ("Saved at ...")."""
    area = page.locator("textarea[data-autosave-url]").first
    requirement = area.locator("xpath=ancestor::*[contains(@class,'requirement')][1]")
    return area, requirement.locator("[data-save-state]")


def test_signed_out_while_writing_keeps_the_text_and_saves_after_signing_in(
    live_server, page, cast, screenshot
):
    submission, _ = _open_workspace(live_server, page, cast, "reflect-often")
    area, state = _first_response(page)
    area.fill("We check for understanding.")
    expect(state).to_have_text(re.compile("^Saved at"))

    Session.objects.all().delete()  # the session ends on the server
    area.fill("We check for understanding. Then we reteach.")
    expect(state).to_have_text(re.compile("^You were signed out"), timeout=10_000)
    screenshot("signed-out")
    saved = Response.objects.get(submission=submission)
    assert saved.text == "We check for understanding."  # nothing saved while signed out

    other = page.context.new_page()  # signs in again in another tab (new session, new token)
    _login(other, live_server.url, cast.educator.email)
    expect(state).to_have_text(re.compile("^Saved at"), timeout=15_000)  # retried by itself
    saved.refresh_from_db()
    assert saved.text == "We check for understanding. Then we reteach."
    screenshot("saved-again")


def test_a_page_opened_before_signing_in_again_still_removes_a_failed_upload(
    live_server, page, cast, settings, tmp_path
):
    """htmx posts with the current CSRF token, not the one the page was served with."""
    from submissions.models import Artifact
    from tests.support.credentials import published_credential
    from tests.support.storage import use_local_media

    use_local_media(settings, tmp_path / "media")
    credential = published_credential(cast.issuer, "with-a-file")
    submission = services.submission_start(educator=cast.educator, credential=credential)
    requirement = submission.version.requirements.get(kind="artifact")
    artifact = Artifact.objects.create(
        submission=submission,
        requirement=requirement,
        filename="plan.pdf",
        storage_key=f"evidence/{submission.public_id}/plan.pdf",
        status=Artifact.Status.FAILED,
        failure_reason="The file could not be read.",
    )
    base = live_server.url
    _login(page, base, cast.educator.email)
    page.goto(f"{base}/submissions/{submission.public_id}/")
    item = page.locator(f"#artifact-{artifact.public_id}")
    expect(item).to_contain_text("The file could not be read.")

    # In another tab: sign out and in again (a new session and CSRF token).
    other = page.context.new_page()
    other.goto(base + "/")
    other.get_by_role("navigation", name="Main").locator("#account-menu").click()
    other.get_by_role("button", name="Sign out").click()
    other.get_by_role("link", name="Sign in").first.wait_for()
    _login(other, base, cast.educator.email)
    page.bring_to_front()
    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name=re.compile("^Remove")).click()
    expect(item).to_have_count(0)
    artifact.refresh_from_db()
    assert artifact.deleted_at is not None


def test_a_stale_tab_does_not_overwrite_newer_text_unless_the_educator_chooses(
    live_server, page, cast, screenshot
):
    submission, url = _open_workspace(live_server, page, cast, "two-tabs")
    other = page.context.new_page()  # the same workspace, opened in a second tab
    other.goto(url)

    newer, other_state = _first_response(other)
    newer.fill("Hours of work written in the second tab.")
    newer.blur()
    expect(other_state).to_have_text(re.compile("^Saved at"))

    page.bring_to_front()
    stale, state = _first_response(page)
    stale.fill("A stale tab's few words.")
    expect(state).to_contain_text("changed in another tab or window", timeout=10_000)
    screenshot("conflict")
    saved = Response.objects.get(submission=submission)
    assert saved.text == "Hours of work written in the second tab."

    state.get_by_role("button", name="Keep this version").click()
    expect(state).to_have_text(re.compile("^Saved at"))
    saved.refresh_from_db()
    assert saved.text == "A stale tab's few words."
