"""Processing: the real type from the bytes, posters and playable renditions, idempotence, and
surviving an unreachable S3 with a real Celery worker on Redis (a killed worker:
tests/faults/test_worker_killed.py)."""

import json
import subprocess
import zipfile

import pytest
from django.urls import reverse

from submissions import artifact_processing, artifacts, media
from submissions.models import Artifact
from submissions.tasks import artifact_process_task
from tests.support.storage import s3_worker_env
from tests.support.uploads import process, upload
from tests.support.worker import wait_for_status

pytestmark = pytest.mark.django_db


def ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_a_phone_video_gets_a_poster_and_a_web_playable_rendition(
    draft, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)

    assert artifact.status == "ready", artifact.failure_reason
    assert (artifact.detected_kind, artifact.content_type) == ("video", "video/mp4")
    assert artifact.duration_seconds == pytest.approx(3, abs=0.2)
    assert {s["type"] for s in artifact.media_info["streams"]} == {"video", "audio"}
    poster = local_media / artifact.poster_key
    assert poster.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
    rendition = local_media / artifact.rendition_key
    info = ffprobe(rendition)
    assert {s["codec_name"] for s in info["streams"]} == {"h264", "aac"}
    data = rendition.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # +faststart: playable while downloading
    assert artifact.rendition_key.startswith(artifact.storage_key.rsplit("/", 1)[0] + "/derived/")


def test_a_video_that_browsers_cannot_play_is_transcoded_to_h264(
    draft, local_media, slow_video_file, django_capture_on_commit_callbacks
):
    artifact = process(
        upload(draft, draft.video, slow_video_file), django_capture_on_commit_callbacks
    )
    assert artifact.status == "ready", artifact.failure_reason
    assert artifact.content_type == "video/x-msvideo"
    codecs = {s["codec_name"] for s in ffprobe(local_media / artifact.rendition_key)["streams"]}
    assert codecs == {"h264", "aac"}


def test_audio_gets_an_aac_rendition_and_images_a_preview(
    draft, local_media, audio_file, image_file, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sound = process(upload(draft, draft.audio, audio_file), capture)
    photo = process(upload(draft, draft.photo, image_file), capture)

    assert (sound.status, sound.detected_kind, sound.content_type) == (
        "ready",
        "audio",
        "audio/mpeg",
    )
    assert sound.rendition_key.endswith("rendition.m4a") and not sound.poster_key
    assert [s["codec_name"] for s in ffprobe(local_media / sound.rendition_key)["streams"]] == [
        "aac"
    ]
    assert (photo.status, photo.content_type) == ("ready", "image/png")
    from PIL import Image

    with Image.open(local_media / photo.preview_key) as preview:
        assert (preview.format, preview.width) == ("JPEG", 800)


@pytest.mark.parametrize(
    ("requirement", "name", "content", "reason"),
    [
        (
            "video",
            "video.mp4",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "web page",
        ),
        ("photo", "photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
        ("document", "notes.txt", b"<html><body>hello</body></html>", "web page"),
        ("video", "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(5000), "no sound or picture"),
        ("document", "report.pdf", bytes(range(256)) * 40, "could not recognise"),
    ],
)
def test_content_that_does_not_match_its_claim_is_refused_with_a_reason(
    draft,
    local_media,
    tmp_path,
    django_capture_on_commit_callbacks,
    requirement,
    name,
    content,
    reason,
):
    path = tmp_path / name
    path.write_bytes(content)
    artifact = process(
        upload(draft, getattr(draft, requirement), path), django_capture_on_commit_callbacks
    )
    assert artifact.status == "failed"
    assert reason in artifact.failure_reason
    assert not (artifact.poster_key or artifact.rendition_key or artifact.preview_key)


def test_the_real_kind_decides_not_the_name(
    draft, local_media, audio_file, tmp_path, django_capture_on_commit_callbacks
):
    renamed = tmp_path / "lesson.mp4"
    renamed.write_bytes(audio_file.read_bytes())
    artifact = process(upload(draft, draft.video, renamed), django_capture_on_commit_callbacks)
    assert artifact.status == "failed"
    assert artifact.failure_reason.startswith("This file is really MP3 audio")
    assert "takes video files" in artifact.failure_reason


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_office_documents_are_recognised_and_zip_bombs_refused(
    draft, local_media, tmp_path, settings, django_capture_on_commit_callbacks
):
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = f'<Types><Override PartName="/word/document.xml" ContentType="{word}"/></Types>'
    docx = _zip(tmp_path / "plan.docx", {"[Content_Types].xml": types, "word/document.xml": "x"})
    plain = _zip(tmp_path / "archive.docx", {"a.txt": "hello"})
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB = 5
    bomb = _zip(
        tmp_path / "bomb.docx", {"[Content_Types].xml": types, "word/big.xml": bytes(50 * 2**20)}
    )
    capture = django_capture_on_commit_callbacks

    ok = process(upload(draft, draft.document, docx), capture)
    not_doc = process(upload(draft, draft.document, plain), capture)
    exploded = process(upload(draft, draft.document, bomb), capture)

    assert (ok.status, ok.content_type) == ("ready", word.replace(".main+xml", ""))
    assert not_doc.status == "failed" and "ZIP archive, not a document" in not_doc.failure_reason
    assert bomb.stat().st_size < 1024 * 1024  # 50 MB of zeros compress to almost nothing
    assert exploded.status == "failed" and "expands" in exploded.failure_reason


def test_bytes_that_differ_from_the_announced_size_are_refused(
    draft, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = upload(draft, draft.video, video_file, declared_size=10)
    artifact = process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "failed" and "announced 10 bytes" in artifact.failure_reason
    assert not (local_media / artifact.storage_key).exists()  # refused bytes are not kept


def test_processing_twice_gives_the_same_result(
    draft, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    first = Artifact.objects.values().get(pk=artifact.pk)
    files = sorted(p.relative_to(local_media) for p in local_media.rglob("*") if p.is_file())

    artifact_process_task.delay(artifact.pk)  # a redelivered message: nothing to do
    Artifact.objects.filter(pk=artifact.pk).update(status="processing")  # a lost "ready"
    artifact_process_task.delay(artifact.pk)

    again = Artifact.objects.values().get(pk=artifact.pk)
    for field in ("status", "sha256", "size", "content_type", "poster_key", "rendition_key"):
        assert again[field] == first[field]
    assert again["processing_attempts"] == 2
    assert (
        sorted(p.relative_to(local_media) for p in local_media.rglob("*") if p.is_file()) == files
    )


def test_a_storage_outage_does_not_use_up_the_processing_attempts(
    draft, local_media, video_file, settings, monkeypatch
):
    """More outage runs than EVIDENCE_PROCESSING_MAX_ATTEMPTS: the file stays processing, to be
    retried, instead of failing with "try another format" (the attempts stop crash loops)."""
    settings.EVIDENCE_PROCESSING_MAX_ATTEMPTS = 2
    artifact = upload(draft, draft.video, video_file)
    artifacts.artifact_uploaded(artifact=artifact)
    real_examine = artifact_processing._examine

    def storage_down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise media.StorageUnavailable("S3 get failed: connection refused")

    monkeypatch.setattr(artifact_processing, "_examine", storage_down)
    for _ in range(4):
        with pytest.raises(media.StorageUnavailable):
            artifact_processing.artifact_process(artifact_id=artifact.pk)
    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_attempts) == ("processing", 0)
    monkeypatch.setattr(artifact_processing, "_examine", real_examine)  # storage is back
    artifact_processing.artifact_process(artifact_id=artifact.pk)
    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_attempts) == ("ready", 1)


def test_retry_processes_a_failed_artifact_again(
    draft, cast, client, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = upload(draft, draft.video, video_file)
    artifacts.artifact_uploaded(artifact=artifact)  # not run: the queue "lost" it
    artifacts.artifact_fail(artifact_id=artifact.pk, reason=artifact_processing.STORAGE_DOWN)
    client.force_login(cast.educator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:artifact_retry", args=[artifact.public_id]))
    assert response.status_code == 200
    artifact.refresh_from_db()
    assert artifact.status == "ready"
    assert b'data-status="processing"' in response.content  # then it polls its status
    # Every move of the pipeline is audited, with the failure reason where there is one.
    moves = [(e.from_status, e.to_status, e.note) for e in artifact.events.all()]
    assert moves == [
        ("uploading", "processing", ""),
        ("processing", "failed", artifact_processing.STORAGE_DOWN),
        ("failed", "processing", ""),
        ("processing", "ready", ""),
    ]


# --------------------------------------------------------------------------------------------
# With a real worker process on Redis and the moto S3 server
# --------------------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.s3
@pytest.mark.django_db(transaction=True)
def test_s3_refusing_connections_leaves_the_artifact_retryable(
    draft, cast, client, s3_media, s3_relay, worker, video_file
):
    # The worker reaches S3 through a relay that is down: connections are refused.
    worker.start(**s3_worker_env(s3_media, endpoint=s3_relay.url),
                 EVIDENCE_PROCESSING_MAX_RETRIES=2)  # fmt: skip
    artifact = upload(draft, draft.video, video_file)
    artifacts.artifact_uploaded(artifact=artifact)

    artifact = wait_for_status(artifact, {"ready", "failed"}, timeout=90)
    assert artifact.status == "failed"
    assert artifact.failure_reason == artifact_processing.STORAGE_DOWN
    # The first run and two retries, then it stops; outage runs do not count as attempts.
    assert artifact.processing_attempts == 0
    assert s3_media.keys() == [artifact.storage_key]  # the upload itself is intact

    s3_relay.up()  # S3 is back; the educator presses Retry
    client.force_login(cast.educator)
    response = client.post(reverse("submissions:artifact_retry", args=[artifact.public_id]))
    assert response.status_code == 200 and b"Processing" in response.content
    artifact = wait_for_status(artifact, {"ready", "failed"}, timeout=60)
    assert artifact.status == "ready", artifact.failure_reason
    assert len(s3_media.keys()) == 3  # the original, its poster and its rendition
