"""Privacy: evidence opens only for those allowed, through short-lived personal links, never
as a page, and every opening is logged. Everyone else gets 404."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from submissions import evidence_links
from submissions.models import EvidenceAccess
from tests.support.uploads import process, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_video(draft, local_media, video_file, django_capture_on_commit_callbacks):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    return artifact


def _open(client, artifact, variant="original"):
    """Follow the page's link: permission check, then the short-lived signed link."""
    response = client.get(reverse("submissions:artifact_open", args=[artifact.public_id, variant]))
    if response.status_code != 302:
        return response, None
    return client.get(response["Location"]), response["Location"]


def test_the_educator_downloads_the_original_as_an_attachment_and_it_is_logged(
    cast, client, ready_video, video_file
):
    client.force_login(cast.educator)
    response, _ = _open(client, ready_video)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == video_file.read_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="lesson.mp4"'
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    access = EvidenceAccess.objects.get()
    assert (access.user, access.action, access.artifact) == (cast.educator, "download", ready_video)
    assert access.ip_address == "127.0.0.1"


def test_behind_a_proxy_the_log_names_the_client(cast, client, ready_video, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(cast.educator)
    url = reverse("submissions:artifact_open", args=[ready_video.public_id, "original"])
    via_proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}
    link = client.get(url, **via_proxy)["Location"]
    assert client.get(link, **via_proxy).status_code == 200
    assert EvidenceAccess.objects.get().ip_address == "203.0.113.7"  # not the forged entry


def test_the_poster_and_rendition_may_play_inline(cast, client, ready_video):
    client.force_login(cast.educator)
    poster, _ = _open(client, ready_video, "poster")
    rendition, _ = _open(client, ready_video, "rendition")

    assert poster["Content-Type"] == "image/jpeg"
    assert poster["Content-Disposition"].startswith("inline")
    assert rendition["Content-Type"] == "video/mp4"
    actions = sorted(EvidenceAccess.objects.values_list("action", flat=True))
    assert actions == ["stream", "view"]


def test_staff_may_open_evidence_and_are_logged_too(cast, client, ready_video):
    client.force_login(cast.staff)
    response, _ = _open(client, ready_video)
    assert response.status_code == 200
    assert EvidenceAccess.objects.get().user == cast.staff


@pytest.mark.parametrize("who", ["other_educator", "colleague", "reviewer", "district_admin"])
def test_others_get_404_on_the_artifact_its_status_and_its_links(cast, client, ready_video, who):
    client.force_login(getattr(cast, who))
    submission = ready_video.submission
    urls = [
        reverse("submissions:artifact_status", args=[ready_video.public_id]),
        reverse("submissions:artifact_open", args=[ready_video.public_id, "original"]),
        reverse("submissions:artifact_open", args=[ready_video.public_id, "poster"]),
        reverse(
            "submissions:artifact_list",
            args=[submission.public_id, ready_video.requirement.public_id],
        ),
        reverse("api-artifact", args=[ready_video.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("artifact_retry", "artifact_remove", "artifact_uploaded", "artifact_sign"):
        url = reverse(f"submissions:{name}", args=[ready_video.public_id])
        assert client.post(url).status_code == 404, url
    assert not EvidenceAccess.objects.exists()


def test_a_forwarded_link_does_not_open_for_someone_else(cast, client, ready_video):
    client.force_login(cast.educator)
    link = client.get(
        reverse("submissions:artifact_open", args=[ready_video.public_id, "original"])
    )["Location"]
    client.force_login(cast.other_educator)
    response = client.get(link)
    assert response.status_code == 404 and b"not available" in response.content
    assert not EvidenceAccess.objects.exists()


def test_expired_and_tampered_links_are_refused_with_a_clear_message(
    cast, client, ready_video, settings
):
    client.force_login(cast.educator)
    link = evidence_links.evidence_link(
        artifact=ready_video, user=cast.educator, variant="original"
    )
    tampered = link.replace(link.split("/")[-2], link.split("/")[-2][:-2] + "xx")

    refused = client.get(tampered)
    settings.EVIDENCE_LINK_SECONDS = -1  # the link's five minutes are over
    expired = client.get(link)

    assert refused.status_code == 404 and b"This link is not valid." in refused.content
    assert expired.status_code == 403 and b"This link has expired" in expired.content
    assert not EvidenceAccess.objects.exists()


def test_removed_evidence_is_gone_for_everyone(
    cast, client, ready_video, local_media, django_capture_on_commit_callbacks
):
    client.force_login(cast.educator)
    link = evidence_links.evidence_link(
        artifact=ready_video, user=cast.educator, variant="original"
    )
    url = reverse("submissions:artifact_remove", args=[ready_video.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200

    assert client.get(link).status_code == 404
    assert not (local_media / ready_video.storage_key).exists()
    assert not (local_media / ready_video.rendition_key).exists()


def test_the_page_fragment_shows_poster_duration_size_and_download(cast, client, ready_video):
    client.force_login(cast.educator)
    html = client.get(
        reverse("submissions:artifact_status", args=[ready_video.public_id])
    ).content.decode()
    assert 'data-status="ready"' in html and "hx-trigger" not in html  # polling has stopped
    assert reverse("submissions:artifact_open", args=[ready_video.public_id, "poster"]) in html
    assert "3 s" in html and "Download" in html


@pytest.mark.s3
def test_with_s3_the_link_is_a_presigned_attachment_download(
    cast, client, draft, s3_media, video_file, django_capture_on_commit_callbacks
):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    client.force_login(cast.educator)
    redirect, _ = _open(client, artifact)

    assert redirect.status_code == 302
    presigned = redirect["Location"]
    assert presigned.startswith(s3_media.endpoint) and "X-Amz-Expires=300" in presigned
    # S3 answers with these headers whatever the object was stored with (moto ignores them).
    query = parse_qs(urlsplit(presigned).query)
    assert query["response-content-disposition"] == ['attachment; filename="lesson.mp4"']
    assert query["response-content-type"] == ["video/mp4"]
    fetched = requests.get(presigned, timeout=10)
    assert fetched.status_code == 200 and fetched.content == video_file.read_bytes()
    assert EvidenceAccess.objects.get().action == "download"


def _stream_link(client, artifact):
    url = reverse("submissions:artifact_open", args=[artifact.public_id, "rendition"])
    return client.get(url)["Location"]


def test_the_local_server_answers_a_seek_with_206_partial_content(cast, client, ready_video):
    """A <video> seeking asks for `Range: bytes=N-`: it gets those bytes, not the whole file."""
    client.force_login(cast.educator)
    link = _stream_link(client, ready_video)
    whole = client.get(link)
    body = b"".join(whole.streaming_content)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    size = len(body)

    start = size // 2
    seek = client.get(link, HTTP_RANGE=f"bytes={start}-")
    assert seek.status_code == 206
    assert seek["Content-Range"] == f"bytes {start}-{size - 1}/{size}"
    assert seek["Content-Length"] == str(size - start)
    assert seek["Content-Type"] == "video/mp4" and seek["Accept-Ranges"] == "bytes"
    assert seek["X-Content-Type-Options"] == "nosniff"  # hardened like the whole file
    assert b"".join(seek.streaming_content) == body[start:]

    middle = client.get(link, HTTP_RANGE="bytes=100-199")
    assert middle.status_code == 206 and middle["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(middle.streaming_content) == body[100:200]
    tail = client.get(link, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == body[-10:]


def test_an_unsatisfiable_range_is_416_and_several_ranges_get_the_whole_file(
    cast, client, ready_video
):
    client.force_login(cast.educator)
    link = _stream_link(client, ready_video)
    size = len(b"".join(client.get(link).streaming_content))

    beyond = client.get(link, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    several = client.get(link, HTTP_RANGE="bytes=0-9,20-29")
    assert several.status_code == 200
    assert len(b"".join(several.streaming_content)) == size


def test_the_original_download_resumes_with_a_range_too(cast, client, ready_video, video_file):
    client.force_login(cast.educator)
    _, link = _open(client, ready_video)
    resumed = client.get(link, HTTP_RANGE="bytes=1000-")
    assert resumed.status_code == 206
    assert resumed["Content-Disposition"] == 'attachment; filename="lesson.mp4"'
    assert b"".join(resumed.streaming_content) == video_file.read_bytes()[1000:]


def test_a_range_on_a_link_for_someone_else_still_shows_nothing(cast, client, ready_video):
    client.force_login(cast.educator)
    link = _stream_link(client, ready_video)
    client.force_login(cast.other_educator)
    assert client.get(link, HTTP_RANGE="bytes=0-99").status_code == 404


@pytest.mark.s3
def test_with_s3_the_presigned_link_serves_ranges_itself(
    cast, client, draft, s3_media, video_file, django_capture_on_commit_callbacks
):
    """We redirect to S3, which answers Range requests itself (206), so a player seeks."""
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    client.force_login(cast.educator)
    presigned = client.get(_stream_link(client, artifact))["Location"]
    assert presigned.startswith(s3_media.endpoint)
    whole = requests.get(presigned, timeout=10).content
    part = requests.get(presigned, headers={"Range": "bytes=100-199"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part.content == whole[100:200]
