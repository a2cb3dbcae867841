"""Submission state changes: start, autosave, submit, withdraw, attempts, versions."""

import threading

import pytest
from django.db import connection

from credentials.services import credential_start_new_version, requirement_add, version_publish
from submissions import services
from submissions.models import Artifact, Submission, SubmissionEvent
from tests.support.credentials import published_credential


def _req(submission, title):
    return submission.version.requirements.get(title=title)


def _fill(submission, educator, words="We checked understanding"):
    for title in ("Context", "Reflection"):
        services.response_save(
            submission=submission, requirement=_req(submission, title), text=words, by=educator
        )


def _ready_artifact(submission, status=Artifact.Status.READY):
    return Artifact.objects.create(
        submission=submission,
        requirement=_req(submission, "Video"),
        filename="lesson.mp4",
        storage_key=f"evidence/{submission.public_id}/lesson-{status}.mp4",
        status=status,
        detected_kind="video",  # as processing found it
        size=40 * 1024 * 1024,
    )


@pytest.fixture
def credential(cast):
    return published_credential(cast.issuer)


@pytest.mark.django_db
def test_start_binds_a_draft_to_the_published_version_and_is_idempotent(cast, credential):
    first = services.submission_start(educator=cast.educator, credential=credential)
    again = services.submission_start(educator=cast.educator, credential=credential)
    assert first.pk == again.pk
    assert (first.status, first.attempt) == ("draft", 1)
    assert first.version_id == credential.published_version_id
    assert list(first.events.values_list("to_status", flat=True)) == ["draft"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_create_one_draft(cast, credential):
    results, errors = [], []

    def start():
        try:
            results.append(
                services.submission_start(educator=cast.educator, credential=credential).pk
            )
        except Exception as error:  # pragma: no cover - the assertion reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert Submission.objects.filter(educator=cast.educator).count() == 1


@pytest.mark.django_db
def test_submit_names_every_unmet_requirement(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    services.response_save(
        submission=submission,
        requirement=_req(submission, "Context"),
        text="word " * 51,
        by=cast.educator,
    )
    with pytest.raises(services.SubmissionIncomplete) as caught:
        services.submission_submit(submission=submission, by=cast.educator)
    problems = caught.value.problems
    assert problems[str(_req(submission, "Context").public_id)].startswith("Shorten")
    assert problems[str(_req(submission, "Video").public_id)] == "Upload a file."
    assert problems[str(_req(submission, "Reflection").public_id)] == "Write a response."
    assert str(_req(submission, "Extra").public_id) not in problems  # optional
    submission.refresh_from_db()
    assert submission.status == "draft"


@pytest.mark.django_db
def test_submit_waits_for_processing_artifacts(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission, Artifact.Status.PROCESSING)
    with pytest.raises(services.SubmissionIncomplete) as caught:
        services.submission_submit(submission=submission, by=cast.educator)
    assert "processing" in caught.value.problems[str(_req(submission, "Video").public_id)]


@pytest.mark.django_db
def test_complete_submission_is_submitted_once(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission)
    services.submission_submit(submission=submission, by=cast.educator)
    services.submission_submit(submission=submission, by=cast.educator)  # double click
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert submission.submitted_at is not None
    assert SubmissionEvent.objects.filter(submission=submission, to_status="submitted").count() == 1


@pytest.mark.django_db
def test_responses_are_frozen_after_submit(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission)
    services.submission_submit(submission=submission, by=cast.educator)
    with pytest.raises(services.SubmissionError):
        services.response_save(
            submission=submission,
            requirement=_req(submission, "Context"),
            text="changed",
            by=cast.educator,
        )


@pytest.mark.django_db
def test_autosave_keeps_history_folded_per_minute(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    requirement = _req(submission, "Context")
    for text in ("first", "first draft", "first draft done"):
        response = services.response_save(
            submission=submission, requirement=requirement, text=text, by=cast.educator
        )
    assert response.revision == 3
    assert list(response.history.values_list("text", flat=True)) == ["first draft done"]
    response.history.update(created_at=response.history.first().created_at.replace(year=2020))
    services.response_save(
        submission=submission, requirement=requirement, text="v2", by=cast.educator
    )
    assert response.history.count() == 2


@pytest.mark.django_db
def test_autosave_refuses_a_requirement_of_another_kind(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    with pytest.raises(services.SubmissionError):
        services.response_save(
            submission=submission, requirement=_req(submission, "Video"), text="x", by=cast.educator
        )


@pytest.mark.django_db
def test_withdraw_before_claim_only(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission)
    services.submission_submit(submission=submission, by=cast.educator)
    services.submission_claimed(submission=submission, by=cast.reviewer)
    with pytest.raises(services.IllegalTransition):
        services.submission_withdraw(submission=submission, by=cast.educator)
    services.submission_released(submission=submission, by=None, note="claim expired")
    services.submission_withdraw(submission=submission, by=cast.educator)
    submission.refresh_from_db()
    assert submission.status == "withdrawn"


@pytest.mark.django_db
def test_illegal_transitions_raise(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    with pytest.raises(services.IllegalTransition):
        services.submission_decided(submission=submission, passed=True, by=cast.reviewer)


def _decide_not_yet(submission, cast):
    _fill(submission, cast.educator, words="First try text")
    _ready_artifact(submission)
    services.submission_submit(submission=submission, by=cast.educator)
    services.submission_claimed(submission=submission, by=cast.reviewer)
    services.submission_decided(submission=submission, passed=False, by=cast.reviewer)


@pytest.mark.django_db
def test_next_attempt_after_not_yet_is_prefilled(cast, credential):
    first = services.submission_start(educator=cast.educator, credential=credential)
    _decide_not_yet(first, cast)
    second = services.submission_start(educator=cast.educator, credential=credential)
    assert (second.attempt, second.previous_id, second.status) == (2, first.pk, "draft")
    assert second.responses.get(requirement__title="Context").text == "First try text"
    copied = second.artifacts.get()
    assert copied.source_id == first.artifacts.get().pk and copied.status == "ready"
    assert Submission.objects.filter(educator=cast.educator).count() == 2  # every attempt kept


@pytest.mark.django_db
def test_carried_evidence_must_meet_the_new_versions_requirement(cast, credential):
    """A new version that asks for a document of at most 1 MB where a video was: the video of
    the "not yet" attempt is not carried into the next one (it would pass submit unchecked)."""
    first = services.submission_start(educator=cast.educator, credential=credential)
    _decide_not_yet(first, cast)
    draft = credential_start_new_version(credential=credential, by=cast.author)
    video = draft.requirements.get(title="Video")
    video.accepted_types, video.max_size_mb = ["document"], 1
    video.save()
    version_publish(version=draft, by=cast.author)
    second = services.submission_start(educator=cast.educator, credential=credential)
    assert second.version_id == draft.pk
    assert not second.artifacts.exists()
    assert second.responses.get(requirement__title="Context").text == "First try text"
    with pytest.raises(services.SubmissionError):
        services.submission_submit(submission=second, by=cast.educator)


@pytest.mark.django_db
def test_no_withdrawing_while_a_file_is_unfinished(cast, credential):
    """A next attempt carries ready files only: withdrawing now would strand the upload."""
    submission = services.submission_start(educator=cast.educator, credential=credential)
    uploading = _ready_artifact(submission, status=Artifact.Status.UPLOADING)
    with pytest.raises(services.IllegalTransition, match="still uploading"):
        services.submission_withdraw(submission=submission, by=cast.educator)
    Artifact.objects.filter(pk=uploading.pk).update(status=Artifact.Status.READY)
    services.submission_withdraw(submission=submission, by=cast.educator)
    assert services.submission_start(educator=cast.educator, credential=credential).artifacts.get()


@pytest.mark.django_db
def test_attempt_limit(cast, credential):
    credential.attempt_limit = 1
    credential.save()
    first = services.submission_start(educator=cast.educator, credential=credential)
    _decide_not_yet(first, cast)
    with pytest.raises(services.SubmissionError, match="all 1 attempts"):
        services.submission_start(educator=cast.educator, credential=credential)


@pytest.mark.django_db
def test_a_submission_keeps_its_version_when_the_credential_is_edited(cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    old_version = submission.version
    draft = credential_start_new_version(credential=credential, by=cast.author)
    requirement_add(
        version=draft, part=1, title="New question", prompt="?", kind="text", required=False
    )
    version_publish(version=draft, by=cast.author)
    submission.refresh_from_db()
    assert submission.version_id == old_version.pk
    assert not submission.version.requirements.filter(title="New question").exists()
    # Autosave still works against the version it was started on.
    services.response_save(
        submission=submission,
        requirement=_req(submission, "Context"),
        text="still mine",
        by=cast.educator,
    )
    _decide_not_yet(submission, cast)
    nxt = services.submission_start(educator=cast.educator, credential=credential)
    assert nxt.version_id == draft.pk  # a new attempt binds the new version
    assert nxt.responses.get(requirement__title="Context").text == "First try text"


@pytest.mark.django_db
def test_submit_emails_the_educator_after_commit(
    cast, credential, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_NAME = "Riverside Micro-credentials"
    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(submission=submission, by=cast.educator)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["educator@test.org"]
    assert "We received your submission" in mailoutbox[0].subject
    assert str(submission.public_id) in mailoutbox[0].body
    assert mailoutbox[0].body.rstrip().endswith(settings.SITE_NAME)
    # A second copy of the message (sent again from the database, or redelivered) sends
    # nothing more.
    from submissions.notifications import submission_email_received_task

    submission_email_received_task(submission.pk)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_failed_received_email_is_not_marked_sent(cast, credential, settings, mailoutbox):
    from submissions.models import Submission
    from submissions.notifications import submission_email_received_task

    submission = services.submission_start(educator=cast.educator, credential=credential)
    _fill(submission, cast.educator)
    _ready_artifact(submission)
    services.submission_submit(submission=submission, by=cast.educator)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing answers
    with pytest.raises(OSError):
        submission_email_received_task.run(submission.pk)
    assert Submission.objects.get(pk=submission.pk).received_email_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    submission_email_received_task.run(submission.pk)
    assert len(mailoutbox) == 1
    assert Submission.objects.get(pk=submission.pk).received_email_sent_at is not None


@pytest.mark.django_db
def test_a_signed_out_autosave_gets_a_message_it_can_show(client, cast, credential):
    submission = services.submission_start(educator=cast.educator, credential=credential)
    requirement = submission.version.requirements.filter(kind="text").first()
    url = f"/submissions/{submission.public_id}/responses/{requirement.public_id}/"
    response = client.post(url, {"text": "Lost?"})
    assert response.status_code == 401
    assert response.json()["signed_out"] is True
    assert "Sign in again" in response.json()["error"]
    assert not submission.responses.exists()
