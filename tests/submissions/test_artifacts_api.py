"""The artifact API: the simple multipart upload for API clients and one artifact's status and
short-lived links; plus the uploader's client-side type table matching the server's."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from submissions import media
from submissions.artifacts import MAX_FILES_PER_REQUIREMENT, artifact_fail
from submissions.models import Artifact, EvidenceAccess
from tests.support.uploads import create_artifact

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _post(client, submission, requirement, path, name=None, **extra):
    with Path(path).open("rb") as handle:
        data = {"file": handle}
        if requirement is not None:
            data["requirement"] = str(requirement.public_id)
        if name:
            handle.name = name
        return client.post(
            reverse("api-submission-artifacts", args=[submission.public_id]), data, **extra
        )


def test_an_api_client_uploads_a_video_and_follows_it_to_ready(
    cast, client, draft, local_media, video_file, django_capture_on_commit_callbacks
):
    client.force_login(cast.educator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, draft.submission, draft.video, video_file)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "processing"

    detail = client.get(reverse("api-artifact", args=[response.json()["id"]])).json()

    assert detail["status"] == "ready"
    assert detail["filename"] == "lesson.mp4" and detail["size"] == video_file.stat().st_size
    assert detail["content_type"] == "video/mp4" and len(detail["sha256"]) == 64
    assert detail["duration_seconds"] == pytest.approx(3, abs=0.2)
    assert detail["poster_url"].startswith("http://testserver/submissions/evidence/")
    download = client.get(detail["download_url"])
    assert b"".join(download.streaming_content) == video_file.read_bytes()
    assert EvidenceAccess.objects.get().action == "download"


def test_upload_errors_name_the_field(cast, client, draft, local_media, video_file, tmp_path):
    client.force_login(cast.educator)
    page = tmp_path / "lesson.html"
    page.write_text("<html></html>")

    missing = _post(client, draft.submission, None, video_file)
    wrong_type = _post(client, draft.submission, draft.video, page)
    other_requirement = _post(
        client,
        draft.submission,
        draft.submission.version.requirements.get(title="Context"),
        video_file,
    )

    assert missing.status_code == 400 and "requirement" in missing.json()
    assert wrong_type.status_code == 400 and "takes video files" in wrong_type.json()["file"][0]
    assert other_requirement.status_code == 400
    assert "written response" in other_requirement.json()["requirement"][0]
    assert not Artifact.objects.exists()


def test_an_oversized_upload_is_refused_before_anything_is_stored(
    cast, client, draft, local_media, tmp_path
):
    client.force_login(cast.educator)
    big = tmp_path / "board.png"
    big.write_bytes(b"\x89PNG" + bytes(11 * 1024 * 1024))  # the photo requirement takes 10 MB
    too_big = _post(client, draft.submission, draft.photo, big)
    # A body announcing more than any requirement here takes is refused unread.
    huge = _post(client, draft.submission, draft.photo, big, CONTENT_LENGTH=str(3 * 2**30))

    assert too_big.status_code == 400 and "up to 10.0 MB" in too_big.json()["file"][0]
    assert huge.status_code == 400 and "larger than this attempt accepts" in huge.json()["file"][0]
    assert not Artifact.objects.exists()
    assert not local_media.exists() or not any(local_media.rglob("*"))


def test_only_the_owner_of_a_draft_may_upload(cast, client, draft, local_media, video_file):
    client.force_login(cast.other_educator)
    assert _post(client, draft.submission, draft.video, video_file).status_code == 404
    client.force_login(cast.educator)
    draft.submission.status = "submitted"
    draft.submission.save()
    assert _post(client, draft.submission, draft.video, video_file).status_code == 409


def test_the_schema_documents_the_artifact_endpoints(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    upload = schema["paths"]["/api/v1/submissions/{public_id}/artifacts/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"201", "400", "404"} <= set(upload["responses"])
    detail = schema["paths"]["/api/v1/artifacts/{public_id}/"]["get"]
    fields = schema["components"]["schemas"]["Artifact"]["properties"]
    assert {"download_url", "poster_url", "failure_reason"} <= set(fields) and detail


def test_the_uploaders_type_table_matches_the_servers():
    source = (ROOT / "static/js/uploads.js").read_text()
    table = re.search(r"var EXTENSIONS = (\{.*?\});", source, re.S).group(1)
    as_json = re.sub(r"(\w+):", r'"\1":', table)
    assert json.loads(as_json) == {k: list(v) for k, v in media.EXTENSIONS.items()}


def test_the_twenty_first_file_of_a_requirement_is_refused_by_the_api_and_the_upload_start(
    cast, client, draft, local_media, tmp_path
):
    client.force_login(cast.educator)
    document = tmp_path / "plan.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    for _ in range(MAX_FILES_PER_REQUIREMENT):
        created = create_artifact(client, draft.submission, draft.document, "plan.pdf", 15)
        assert created.status_code == 201, created.content
    # A failed upload leaves its place to the next file; the limit counts what is held.
    failed = Artifact.objects.filter(requirement=draft.document).first()
    artifact_fail(artifact_id=failed.pk, reason="lost")
    assert (
        create_artifact(client, draft.submission, draft.document, "plan.pdf", 15).status_code == 201
    )

    started = create_artifact(client, draft.submission, draft.document, "plan.pdf", 15)
    uploaded = _post(client, draft.submission, draft.document, document)

    limit = "This requirement takes at most 20 files; remove one before adding another."
    assert started.status_code == 400 and started.json()["errors"]["requirement"] == limit
    assert uploaded.status_code == 400 and uploaded.json()["requirement"] == [limit]
    held = Artifact.objects.filter(requirement=draft.document).exclude(status="failed")
    assert held.count() == 20
    # Another requirement of the same attempt still takes files, and the page says the limit.
    assert (
        create_artifact(client, draft.submission, draft.photo, "board.png", 15).status_code == 201
    )
    page = client.get(reverse("submissions:detail", args=[draft.submission.public_id]))
    assert 'data-max-files="20"' in page.content.decode()
