"""Resumable uploads: announce, sign, send parts, lose the connection, resume, complete.

Through the local S3 emulator (a live server, real HTTP) and through presigned URLs on the moto
S3 server with a real Celery worker; plus what the create and sign endpoints refuse.
"""

import hashlib
import threading
from datetime import timedelta

import pytest
import requests
from django.urls import reverse

from submissions import artifacts, media
from submissions.models import Artifact
from tests.support.storage import SigningS3, s3_worker_env
from tests.support.uploads import (
    Browser,
    create_artifact,
    local_path,
    parts_of,
    sign_parts_with,
    sign_with,
)
from tests.support.worker import wait_for_status

MIB = 1024 * 1024
live = pytest.mark.django_db(transaction=True)
pytestmark = pytest.mark.django_db


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _interrupted_then_resumed(browser, artifact, path):
    """Send part 1, "close the tab", then resume like Uppy: ListParts, the rest, complete."""
    parts = parts_of(path)
    assert len(parts) == 3
    upload_id = browser.start_upload(artifact)
    first_etag = browser.put_part(artifact, upload_id, 1, parts[1])

    # The page is gone; GoldenRetriever restores the file and its upload id, Uppy lists parts.
    stored = browser.list_parts(artifact, upload_id)
    assert stored == {1: first_etag}
    # The rest as the uploader sends it: both parts' links from one signing request.
    etags = {**stored, **browser.put_parts(artifact, upload_id, {2: parts[2], 3: parts[3]})}
    browser.complete(artifact, upload_id, etags)
    response = browser.uploaded(artifact)
    assert response.status_code == 200, response.text
    return upload_id


@live
def test_local_emulator_upload_resumes_after_an_interruption(
    draft, cast, client, live_server, local_media, text_file_three_parts
):
    browser = Browser(live_server.url, client, cast.educator)
    size = text_file_three_parts.stat().st_size
    created = browser.create(draft.submission, draft.document, "notes.txt", size, "text/plain")
    assert created.status_code == 201, created.text
    artifact = created.json()
    assert artifact["key"] == (f"evidence/{draft.submission.public_id}/{artifact['id']}/notes.txt")

    _interrupted_then_resumed(browser, artifact, text_file_three_parts)

    stored = local_media / artifact["key"]
    assert _sha256(stored) == _sha256(text_file_three_parts)
    row = Artifact.objects.get(public_id=artifact["id"])  # tasks ran eagerly in the server
    assert (row.status, row.detected_kind, row.size) == ("ready", "document", size)
    assert row.sha256 == _sha256(text_file_three_parts)
    assert not (local_media / ".uploads").exists() or not any(
        (local_media / ".uploads").rglob("*.part")
    )


@live
@pytest.mark.worker
@pytest.mark.s3
def test_s3_presigned_upload_resumes_and_a_real_worker_processes_it(
    draft, cast, client, live_server, s3_media, worker, text_file_three_parts
):
    worker.start(**s3_worker_env(s3_media))
    browser = Browser(live_server.url, client, cast.educator)
    size = text_file_three_parts.stat().st_size
    artifact = browser.create(draft.submission, draft.document, "notes.txt", size).json()

    signed = browser.sign(artifact, "POST")
    assert signed["url"].startswith(s3_media.endpoint + "/")  # straight to S3, not through us
    upload_id = _interrupted_then_resumed(browser, artifact, text_file_three_parts)

    assert s3_media.keys() == [artifact["key"]]
    assert hashlib.sha256(s3_media.body(artifact["key"])).hexdigest() == _sha256(
        text_file_three_parts
    )
    row = wait_for_status(Artifact.objects.get(public_id=artifact["id"]), {"ready", "failed"})
    assert row.status == "ready", row.failure_reason
    assert (row.upload_id, row.sha256, row.size) == (
        upload_id,
        _sha256(text_file_three_parts),
        size,
    )


def test_sign_refuses_other_keys_other_uploads_and_parts_beyond_the_size(
    draft, cast, client, local_media
):
    client.force_login(cast.educator)
    artifact = create_artifact(client, draft.submission, draft.document, "a.txt", 6 * MIB).json()
    created = client.post(local_path(sign_with(client, artifact, "POST").json()["url"]))
    upload_id = created.content.decode().split("<UploadId>")[1].split("<")[0]

    def sign(**overrides):
        request = {"method": "PUT", "upload_id": upload_id, "part_number": 1, **overrides}
        return sign_with(client, artifact, **request).status_code

    assert sign() == 200
    assert sign(key=f"evidence/{draft.submission.public_id}/other/a.txt") == 400
    assert sign(part_number=2) == 400  # 6 MiB is one 8 MiB part
    assert sign(upload_id="f" * 32) == 400  # not this artifact's upload
    assert sign(upload_id="", part_number=None) == 400  # single PUTs are not signed

    client.force_login(cast.other_educator)
    assert sign_with(client, artifact, "POST").status_code == 404
    assert client.post(artifact["uploaded_url"]).status_code == 404


def test_parts_signed_together_are_refused_as_parts_signed_alone(draft, cast, client, local_media):
    client.force_login(cast.educator)
    size = 20 * MIB  # three parts: 8, 8 and 4 MiB
    artifact = create_artifact(client, draft.submission, draft.anything, "a.txt", size).json()
    created = client.post(local_path(sign_with(client, artifact, "POST").json()["url"]))
    upload_id = created.content.decode().split("<UploadId>")[1].split("<")[0]

    def sign(numbers, **overrides):
        return sign_parts_with(client, artifact, upload_id, numbers, **overrides)

    answer = sign([1, 2, 3])
    assert answer.status_code == 200
    assert [part["partNumber"] for part in answer.json()["parts"]] == [1, 2, 3]
    assert answer.json()["key"] == artifact["key"]
    assert sign([3, 4]).status_code == 400  # beyond the announced size
    assert sign([1, 1]).status_code == 400
    assert sign([]).status_code == 400
    assert sign(["1"]).status_code == 400
    assert sign(list(range(1, artifacts.MAX_PARTS_PER_SIGNING + 2))).status_code == 400
    assert sign([1], method="POST").status_code == 400
    assert sign([1], key=f"evidence/{draft.submission.public_id}/other/a.txt").status_code == 400
    assert sign_parts_with(client, artifact, "f" * 32, [1]).status_code == 400
    assert sign_parts_with(client, artifact, "", [1]).status_code == 400

    client.force_login(cast.other_educator)
    assert sign([1]).status_code == 404


def test_signing_writes_at_most_once_a_minute_and_its_queries_do_not_grow_with_the_parts(
    draft, cast, client, local_media, django_assert_max_num_queries
):
    """An upload's row is touched (the sweeper leaves active uploads alone) at most once a
    minute, not at every signing request; 16 parts cost what one does."""
    client.force_login(cast.educator)
    artifact = create_artifact(client, draft.submission, draft.anything, "a.txt", 200 * MIB).json()
    created = client.post(local_path(sign_with(client, artifact, "POST").json()["url"]))
    upload_id = created.content.decode().split("<UploadId>")[1].split("<")[0]
    sign_parts_with(client, artifact, upload_id, [1])  # binds the upload id
    row = Artifact.objects.filter(public_id=artifact["id"])
    fresh = row.get().updated_at

    with django_assert_max_num_queries(6):
        answer = sign_parts_with(client, artifact, upload_id, list(range(1, 17)))
    assert answer.status_code == 200 and len(answer.json()["parts"]) == 16
    assert sign_with(client, artifact, "PUT", upload_id, 17).status_code == 200
    assert row.get().updated_at == fresh

    a_while_ago = fresh - artifacts.UPLOAD_TOUCH_INTERVAL - timedelta(seconds=1)
    row.update(updated_at=a_while_ago)
    assert sign_parts_with(client, artifact, upload_id, [18]).status_code == 200
    assert row.get().updated_at > fresh


def test_oversized_upload_is_refused_before_any_byte_is_stored(draft, cast, client, local_media):
    client.force_login(cast.educator)
    too_big = 101 * MIB  # the video requirement takes 100 MB
    response = create_artifact(client, draft.submission, draft.video, "a.mp4", too_big, "video/mp4")

    assert response.status_code == 400
    assert "up to 100.0 MB" in response.json()["errors"]["size"]
    assert not Artifact.objects.exists()
    assert not local_media.exists() or not any(local_media.rglob("*"))


def test_emulator_refuses_parts_beyond_the_announced_size(draft, cast, client, local_media):
    client.force_login(cast.educator)
    artifact = create_artifact(client, draft.submission, draft.document, "a.txt", 1000).json()
    created = client.post(local_path(sign_with(client, artifact, "POST").json()["url"]))
    upload_id = created.content.decode().split("<UploadId>")[1].split("<")[0]
    signed = sign_with(client, artifact, "PUT", upload_id, 1).json()

    response = client.generic("PUT", local_path(signed["url"]), b"x" * 5000)

    assert response.status_code == 400 and b"EntityTooLarge" in response.content
    assert not any(local_media.rglob("*.part"))


def test_expired_or_forged_upload_links_are_refused(draft, cast, client, local_media, settings):
    client.force_login(cast.educator)
    artifact = create_artifact(client, draft.submission, draft.document, "a.txt", 1000).json()
    url = local_path(sign_with(client, artifact, "POST").json()["url"])

    forged = client.post(url[:-3] + "abc/")
    settings.EVIDENCE_UPLOAD_SIGN_SECONDS = -1
    expired = client.post(url)

    assert forged.status_code == 403 and b"not valid" in forged.content
    assert expired.status_code == 403 and b"expired" in expired.content


def test_filenames_are_sanitized_into_the_key(draft, cast, client, local_media):
    client.force_login(cast.educator)
    name = "../../etc/..\\passwd\x00 plan.pdf"
    response = create_artifact(client, draft.submission, draft.document, name, 100)

    assert response.status_code == 201, response.content
    artifact = Artifact.objects.get(public_id=response.json()["id"])
    assert artifact.filename == "passwd plan.pdf"
    prefix = f"evidence/{draft.submission.public_id}/{artifact.public_id}/"
    assert artifact.storage_key == prefix + "passwd-plan.pdf"


@pytest.mark.parametrize(
    ("name", "content_type", "field", "message"),
    [
        ("lesson.html", "text/html", "filename", "takes video files"),
        ("lesson.mp4", "text/html", "type", "the file says it is not"),
        ("lesson.svg", "image/svg+xml", "filename", "takes video files"),
        ("lesson.mp4", "video/mp4", None, None),
    ],
)
def test_create_checks_names_and_types_against_the_requirement(
    draft, cast, client, local_media, name, content_type, field, message
):
    client.force_login(cast.educator)
    response = create_artifact(client, draft.submission, draft.video, name, 1000, content_type)
    if field is None:
        assert response.status_code == 201
    else:
        assert response.status_code == 400
        assert message in response.json()["errors"][field]


def test_create_is_only_for_the_owner_of_a_draft(draft, cast, client):
    client.force_login(cast.other_educator)
    assert create_artifact(client, draft.submission, draft.document, "a.pdf", 10).status_code == 404
    client.force_login(cast.educator)
    draft.submission.status = "submitted"
    draft.submission.save()
    response = create_artifact(client, draft.submission, draft.document, "a.pdf", 10)
    assert response.status_code == 409 and "submitted" in response.json()["error"]


def test_a_part_cut_off_mid_way_is_not_kept(draft, local_media):
    """Listed, a truncated part would make a resuming browser skip bytes it never sent."""
    store = media.local_store()
    key = "evidence/x/y/notes.txt"
    upload_id = store.multipart_create(key)

    with pytest.raises(media.Rejected, match="incomplete"):
        store.multipart_put(key, upload_id, 1, [b"x" * 1000], length=5000)
    etag = store.multipart_put(key, upload_id, 2, [b"y" * 10], length=10)

    assert store.multipart_parts(key, upload_id) == {2: (etag, 10)}


@live
def test_parts_signed_in_parallel_all_bind_the_same_upload(draft, local_media):
    """Four parts in flight ask for their signatures at once; none may be refused."""
    from django.db import connection

    artifact = artifacts.artifact_create(
        submission=draft.submission,
        requirement=draft.anything,  # the document requirement takes 20 MB
        filename="notes.txt",
        size=31 * MIB,  # four 8 MiB parts
        content_type="text/plain",
        by=draft.submission.educator,
    )
    barrier, outcomes = threading.Barrier(4), []

    def sign(number):
        try:
            fresh = Artifact.objects.select_related("submission").get(pk=artifact.pk)
            barrier.wait()
            artifacts.artifact_sign_request(
                artifact=fresh, method="PUT", key=fresh.storage_key, upload_id="a" * 32,
                part_number=number,
            )  # fmt: skip
            outcomes.append("signed")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["signed"] * 4
    artifact.refresh_from_db()
    assert artifact.upload_id == "a" * 32


@live
def test_a_lost_complete_answer_ends_the_upload_instead_of_sending_it_again(
    live_server, draft, cast, client, local_media, video_file
):
    """Storage completed the upload but the page never heard (a dropped connection): when it
    asks to sign "complete" again, it learns the file is uploaded (and processing starts),
    instead of failing with NoSuchUpload and sending the whole file again."""
    browser = Browser(live_server.url, client, cast.educator)
    size = video_file.stat().st_size
    artifact = browser.create(draft.submission, draft.video, "lesson.mp4", size).json()
    upload_id = browser.start_upload(artifact)
    parts = parts_of(video_file)
    etags = {n: browser.put_part(artifact, upload_id, n, data) for n, data in parts.items()}
    browser.complete(artifact, upload_id, etags)  # done in storage; the answer is "lost"

    def sign_again(method, upload_id=""):
        request = {"method": method, "key": artifact["key"], "uploadId": upload_id}
        return browser.post(artifact["sign_url"], request)

    again = sign_again("POST", upload_id)
    assert again.status_code == 409
    assert again.json() == {"error": artifacts.DONE_ALREADY, "uploaded": True}
    stored = Artifact.objects.get(public_id=artifact["id"])
    assert stored.status in ("processing", "ready")
    # Any later request of that page hears the same, and no second copy is started.
    assert sign_again("POST").json()["uploaded"] is True
    assert Artifact.objects.filter(submission=draft.submission).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"requirement": "%s", "filename": "a.txt", "size": NaN}',
        '{"requirement": "%s", "filename": "a.txt", "size": 1e400}',
    ],
    ids=["deep", "nan", "1e400"],
)
def test_create_refuses_hostile_json_without_a_server_error(draft, cast, client, local_media, body):
    """The upload page's JSON is read as the API reads its own (common/api/parsers.py): too deep,
    or a number that is not finite, and it is no announcement at all."""
    client.force_login(cast.educator)
    url = reverse("submissions:artifact_create", args=[draft.submission.public_id])
    if "%s" in body:
        body = body % draft.document.public_id
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert not Artifact.objects.filter(submission=draft.submission).exists()


@pytest.mark.parametrize("signing", ["one part a request", "parts together"])
def test_a_part_larger_than_the_plan_is_refused_by_s3(
    draft, cast, client, s3_media, settings, signing
):
    """Each part's presigned link binds the part's planned length: a client cannot send more
    (nor less) through it, however the links were asked for. S3 checks the signature;
    SigningS3 checks it in front of moto."""
    size = 9 * MIB  # one 8 MiB part, then 1 MiB
    with SigningS3(s3_media.endpoint) as s3:
        settings.S3_BROWSER_ENDPOINT_URL = s3.url  # the links the browser gets point here
        client.force_login(cast.educator)
        artifact = create_artifact(client, draft.submission, draft.anything, "notes.txt", size)
        artifact = artifact.json()
        signed = sign_with(client, artifact, "POST").json()
        created = requests.post(signed["url"], headers=signed["headers"], timeout=30)
        assert created.status_code == 200, created.text
        upload_id = created.text.split("<UploadId>")[1].split("<")[0]
        if signing == "parts together":
            answer = sign_parts_with(client, artifact, upload_id, [1, 2]).json()
            first, last = (part["url"] for part in answer["parts"])
        else:
            first = sign_with(client, artifact, "PUT", upload_id, 1).json()["url"]
            last = sign_with(client, artifact, "PUT", upload_id, 2).json()["url"]

        one_byte_more = requests.put(first, data=b"x" * (8 * MIB + 1), timeout=60)
        last_too_long = requests.put(last, data=b"x" * (2 * MIB), timeout=60)
        as_planned = [
            requests.put(first, data=b"x" * (8 * MIB), timeout=60),
            requests.put(last, data=b"x" * MIB, timeout=60),
        ]

    assert one_byte_more.status_code == 403 and b"SignatureDoesNotMatch" in one_byte_more.content
    assert last_too_long.status_code == 403
    assert [response.status_code for response in as_planned] == [200, 200]
    parts = s3_media.client.list_parts(
        Bucket=s3_media.bucket, Key=artifact["key"], UploadId=upload_id
    )
    assert [part["Size"] for part in parts["Parts"]] == [8 * MIB, MIB]


def test_emulator_refuses_a_part_of_another_length_than_planned(draft, cast, client, local_media):
    client.force_login(cast.educator)
    artifact = create_artifact(client, draft.submission, draft.anything, "a.txt", 9 * MIB).json()
    created = client.post(local_path(sign_with(client, artifact, "POST").json()["url"]))
    upload_id = created.content.decode().split("<UploadId>")[1].split("<")[0]
    signed = sign_with(client, artifact, "PUT", upload_id, 1).json()

    response = client.generic("PUT", local_path(signed["url"]), b"x" * (5 * MIB))

    assert response.status_code == 403 and b"SignatureDoesNotMatch" in response.content
    assert not any(local_media.rglob("*.part"))
