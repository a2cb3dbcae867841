"""The workspace's checklist tells the truth: it is the submit check itself, served as JSON to the
page (GET /api/v1/submissions/{id}/checklist/ and every autosave's answer), its owner's only; and
upload messages name what THAT requirement takes, with Retry only where it can help."""

import pytest
from django.test import Client
from django.urls import reverse

from submissions import artifact_processing, artifacts, services
from tests.support.credentials import published_credential
from tests.support.submissions import evidence_draft
from tests.support.uploads import create_artifact, process, upload

pytestmark = pytest.mark.django_db


def _checklist(client: Client, submission) -> dict:
    response = client.get(reverse("api-submission-checklist", args=[submission.public_id]))
    assert response.status_code == 200, response.content
    return response.json()


def _save(client: Client, submission, requirement, text: str) -> dict:
    url = reverse("submissions:save_response", args=[submission.public_id, requirement.public_id])
    response = client.post(url, {"text": text})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_checklist_is_what_submit_refuses_and_empties_as_the_gaps_close(client, cast):
    credential = published_credential(cast.issuer, with_artifact=False)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    client.force_login(cast.educator)
    requirements = list(draft.version.requirements.filter(kind="text", required=True))

    checklist = _checklist(client, draft)
    assert checklist["can_submit"] is False
    assert [i["title"] for i in checklist["items"]] == [r.title for r in requirements]
    with pytest.raises(services.SubmissionIncomplete) as refused:
        services.submission_submit(submission=draft, by=cast.educator)
    assert {i["requirement"]: i["problem"] for i in checklist["items"]} == refused.value.problems

    # Each autosave answers the fresh checklist: the saved requirement's line is gone.
    first = _save(client, draft, requirements[0], "Students answered exit tickets.")
    remaining = [i["requirement"] for i in first["checklist"]["items"]]
    assert str(requirements[0].public_id) not in remaining
    assert remaining == [str(r.public_id) for r in requirements[1:]]
    assert first["checklist"]["can_submit"] is False

    for requirement in requirements[1:]:
        last = _save(client, draft, requirement, "We checked every day.")
    assert last["checklist"] == {
        "submission": str(draft.public_id),
        "status": "draft",
        "can_submit": True,
        "items": [],
    }
    assert _checklist(client, draft)["can_submit"] is True
    # The server agrees: it accepts the submission the checklist said it would.
    services.submission_submit(submission=draft, by=cast.educator)
    assert _checklist(client, draft) == {
        "submission": str(draft.public_id),
        "status": "submitted",
        "can_submit": False,
        "items": [],
    }


def test_over_the_word_limit_is_listed_and_cleared(client, cast):
    credential = published_credential(cast.issuer, with_artifact=False, word_limit=3)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    context = draft.version.requirements.get(title="Context")
    client.force_login(cast.educator)
    over = _save(client, draft, context, "one two three four five")
    line = next(i for i in over["checklist"]["items"] if i["requirement"] == str(context.public_id))
    assert line["problem"] == "Shorten this response to 3 words (now 5)."
    fixed = _save(client, draft, context, "one two three")
    assert str(context.public_id) not in [i["requirement"] for i in fixed["checklist"]["items"]]


@pytest.mark.parametrize(
    "who",
    ["colleague", "other_educator", "reviewer", "district_admin", "author", "staff", "outsider"],
)
def test_nobody_but_the_owner_sees_the_checklist(client, cast, who):
    credential = published_credential(cast.issuer, with_artifact=False)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    client.force_login(getattr(cast, who))
    url = reverse("api-submission-checklist", args=[draft.public_id])
    response = client.get(url)
    assert response.status_code == 404
    assert "Context" not in response.content.decode()


def test_an_unknown_submission_answers_404_and_anonymous_401(client, cast):
    client.force_login(cast.educator)
    url = reverse("api-submission-checklist", args=["5b7c0f4e-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404
    client.logout()
    credential = published_credential(cast.issuer, with_artifact=False)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    assert (
        client.get(reverse("api-submission-checklist", args=[draft.public_id])).status_code == 401
    )


def test_the_checklist_lists_files_in_progress_until_they_are_ready(
    client, cast, local_media, django_capture_on_commit_callbacks, tmp_path
):
    draft = evidence_draft(cast)
    client.force_login(cast.educator)
    path = tmp_path / "plan.txt"
    path.write_text("Lesson plan: exit tickets every Friday.\n")
    artifact = upload(draft, draft.document, path)
    items = {i["requirement"]: i["problem"] for i in _checklist(client, draft.submission)["items"]}
    assert items[str(draft.document.public_id)] == (
        "Wait until every upload here has finished processing."
    )
    process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "ready"
    items = {i["requirement"]: i["problem"] for i in _checklist(client, draft.submission)["items"]}
    assert str(draft.document.public_id) not in items


def test_the_page_disables_submit_and_says_why_until_nothing_is_missing(client, cast):
    credential = published_credential(cast.issuer, with_artifact=False)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    client.force_login(cast.educator)
    page = reverse("submissions:detail", args=[draft.public_id])
    body = client.get(page).content.decode()
    assert 'data-submit-button aria-describedby="submit-help" disabled' in body
    assert "You can submit once nothing is listed under" in body
    for requirement in draft.version.requirements.filter(kind="text", required=True):
        _save(client, draft, requirement, "We checked every day.")
    body = client.get(page).content.decode()
    assert 'data-submit-button aria-describedby="submit-help">' in body
    assert "Everything required is here." in body


# --------------------------------------------------------------------------------------------
# Upload messages: the types of THAT requirement; Retry only where it can help
# --------------------------------------------------------------------------------------------


def test_a_refused_name_names_the_types_of_that_requirement_only(client, cast, local_media):
    draft = evidence_draft(cast)
    client.force_login(cast.educator)
    response = create_artifact(client, draft.submission, draft.document, "lesson.mp4", 1000)
    assert response.status_code == 400
    message = response.json()["errors"]["filename"]
    assert message == (
        "This requirement takes document files (.pdf, .docx, .xlsx, .pptx, .odt or .txt); "
        "“lesson.mp4” is not one of them."
    )
    assert "video" not in message


def test_a_file_too_large_names_the_limit_of_that_requirement(client, cast, local_media):
    draft = evidence_draft(cast)
    client.force_login(cast.educator)
    response = create_artifact(client, draft.submission, draft.document, "plan.pdf", 21 * 2**20)
    assert response.json()["errors"]["size"] == (
        "The file is 21.0 MB; this requirement takes files up to 20.0 MB."
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _failed_as_wrong_kind(draft, capture, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(PNG)
    return process(upload(draft, draft.document, path), capture)


def test_a_file_that_is_really_another_kind_fails_naming_the_requirement_types_without_retry(
    client, cast, local_media, django_capture_on_commit_callbacks, tmp_path
):
    draft = evidence_draft(cast)
    artifact = _failed_as_wrong_kind(draft, django_capture_on_commit_callbacks, tmp_path)
    assert artifact.status == "failed"
    assert artifact.failure_reason.endswith(
        "this requirement takes document files (.pdf, .docx, .xlsx, .pptx, .odt or .txt)."
    )
    client.force_login(cast.educator)
    item = client.get(reverse("submissions:artifact_status", args=[artifact.public_id]))
    body = item.content.decode()
    assert body.count("Failed") == 1
    assert ">Retry<" not in body  # the same bytes would fail again
    assert ">Remove<" in body
    # The API agrees, and refuses a retry with the reason.
    detail = client.get(reverse("api-artifact", args=[artifact.public_id])).json()
    assert detail["retry_allowed"] is False
    refused = client.post(reverse("api-artifact-retry", args=[artifact.public_id]))
    assert refused.status_code == 409
    assert refused.json()["detail"] == artifact_processing.NO_RETRY
    page_retry = client.post(reverse("submissions:artifact_retry", args=[artifact.public_id]))
    assert artifact_processing.NO_RETRY in page_retry.content.decode()
    artifact.refresh_from_db()
    assert artifact.status == "failed"
    # The checklist says what to do, and Remove clears it.
    problems = {
        i["requirement"]: i["problem"] for i in _checklist(client, draft.submission)["items"]
    }
    assert str(draft.document.public_id) not in problems  # optional requirement: no gap
    removed = client.post(reverse("submissions:artifact_remove", args=[artifact.public_id]))
    assert removed.status_code == 200
    artifact.refresh_from_db()
    assert artifact.deleted_at is not None


def test_retry_is_offered_for_a_failure_that_is_not_the_files(client, cast, local_media, tmp_path):
    draft = evidence_draft(cast)
    path = tmp_path / "plan.txt"
    path.write_text("Notes.\n")
    artifact = upload(draft, draft.document, path)
    artifacts.artifact_uploaded(artifact=artifact)  # processing never ran: the queue lost it
    artifacts.artifact_fail(artifact_id=artifact.pk, reason=artifact_processing.STORAGE_DOWN)
    client.force_login(cast.educator)
    body = client.get(
        reverse("submissions:artifact_status", args=[artifact.public_id])
    ).content.decode()
    assert ">Retry<" in body and ">Remove<" in body


def test_remove_is_offered_while_uploading_and_processing(client, cast, local_media, tmp_path):
    draft = evidence_draft(cast)
    path = tmp_path / "plan.txt"
    path.write_text("Notes.\n")
    artifact = upload(draft, draft.document, path)
    client.force_login(cast.educator)
    status_url = reverse("submissions:artifact_status", args=[artifact.public_id])
    uploading = client.get(status_url).content.decode()
    assert ">Remove<" in uploading and ">Retry<" not in uploading
    artifacts.artifact_uploaded(artifact=artifact)  # processing: the queue has not run it yet
    processing = client.get(status_url).content.decode()
    assert 'data-status="processing"' in processing
    assert ">Remove<" in processing and ">Retry<" not in processing
