"""Hostile uploads: files that lie about their type, oversized files, zip bombs, polyglots and
hostile file names. The bytes decide what a file is; whatever is accepted downloads as an
attachment that no browser will run, from local media and from S3 alike."""

import io
import re
import zipfile
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from PIL import Image

from submissions import artifacts, media
from submissions.models import Artifact
from tests.support.uploads import create_artifact, process, upload

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200) + b"PE\x00\x00"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------------
# Type lies
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requirement", "name", "data", "reason"),
    [
        ("video", "lesson.mp4", HTML, "web page"),
        ("photo", "photo.png", SVG, "web page or an SVG"),
        ("document", "plan.pdf", EXE, "could not recognise"),
        ("document", "notes.txt", HTML, "web page"),
    ],
)
def test_a_file_that_lies_about_its_type_is_refused_by_its_bytes(
    draft: Any,
    local_media: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    requirement: str,
    name: str,
    data: bytes,
    reason: str,
) -> None:
    artifact = upload(draft, getattr(draft, requirement), _write(tmp_path, name, data))
    artifact = process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "failed" and reason in artifact.failure_reason
    client = Client()
    client.force_login(draft.submission.educator)
    opened = client.get(reverse("submissions:artifact_open", args=[artifact.public_id, "original"]))
    assert opened.status_code == 404  # a refused file never opens, not even for its owner


@pytest.mark.parametrize(
    ("name", "content_type", "field"),
    [
        ("lesson.html", "text/html", "filename"),
        ("lesson.mp4", "text/html", "type"),
        ("photo.svg", "image/svg+xml", "filename"),
        ("photo.png", "image/svg+xml", "type"),
        ("plan.exe", "application/x-msdownload", "filename"),
    ],
)
def test_an_implausible_announcement_is_refused_before_any_byte(
    draft: Any,
    cast: Any,
    local_media: Path,
    name: str,
    content_type: str,
    field: str,
) -> None:
    client = Client()
    client.force_login(cast.educator)
    requirement = draft.photo if name.startswith("photo") else draft.video
    if name.startswith("plan"):
        requirement = draft.document
    response = create_artifact(client, draft.submission, requirement, name, 100, content_type)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Artifact.objects.exists()


# --------------------------------------------------------------------------------------------
# Oversized files
# --------------------------------------------------------------------------------------------


def test_an_oversized_file_is_refused_when_announced(
    draft: Any, cast: Any, local_media: Path
) -> None:
    client = Client()
    client.force_login(cast.educator)
    limit = artifacts.max_upload_bytes(draft.photo)
    response = create_artifact(client, draft.submission, draft.photo, "big.png", limit + 1)
    assert response.status_code == 400 and "up to 10.0 MB" in response.json()["errors"]["size"]
    at_limit = create_artifact(client, draft.submission, draft.photo, "ok.png", limit)
    assert at_limit.status_code == 201  # the limit itself is allowed


def test_more_bytes_than_announced_are_refused_after_upload(
    draft: Any,
    local_media: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    path = _write(tmp_path, "photo.png", _png() + bytes(4096))
    artifact = upload(draft, draft.photo, path, declared_size=100)
    artifact = process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "failed" and "announced 100 bytes" in artifact.failure_reason
    assert not (local_media / artifact.storage_key).exists()


def test_the_api_refuses_an_oversized_multipart_upload(
    draft: Any,
    cast: Any,
    local_media: Path,
) -> None:
    client = Client()
    client.force_login(cast.educator)
    big = io.BytesIO(bytes(artifacts.max_upload_bytes(draft.audio) + 1))
    big.name = "talk.mp3"
    response = client.post(
        reverse("api-submission-artifacts", args=[draft.submission.public_id]),
        {"requirement": str(draft.audio.public_id), "file": big},
    )
    assert response.status_code == 400
    assert "this requirement takes files up to 20.0 MB" in response.json()["file"][0]
    assert not any(p.is_file() for p in local_media.rglob("*"))


# --------------------------------------------------------------------------------------------
# Zip bombs
# --------------------------------------------------------------------------------------------

OOXML = (
    '<Types><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_zip_bombs_are_refused(
    draft: Any,
    local_media: Path,
    tmp_path: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB = 5
    ratio_bomb = _zip(
        tmp_path / "bomb.docx", {"[Content_Types].xml": OOXML, "word/big.xml": bytes(60 * 2**20)}
    )
    many_entries = _zip(
        tmp_path / "many.docx",
        {"[Content_Types].xml": OOXML, **{f"word/{n}.xml": b"" for n in range(20_001)}},
    )
    assert ratio_bomb.stat().st_size < 200 * 1024  # 60 MB of zeros in a small file
    for path in (ratio_bomb, many_entries):
        artifact = process(upload(draft, draft.document, path), django_capture_on_commit_callbacks)
        assert artifact.status == "failed" and "expands" in artifact.failure_reason, path.name


# --------------------------------------------------------------------------------------------
# Polyglots: accepted for what their header says, never served as something that runs
# --------------------------------------------------------------------------------------------

POLYGLOTS = {
    # A valid PNG that is also an HTML page after its end chunk.
    "png+html": ("photo", "picture.png", lambda: _png() + HTML, "image/png"),
    # A PDF whose body is an HTML page.
    "pdf+html": (
        "document",
        "plan.pdf",
        lambda: b"%PDF-1.4\n" + HTML + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "application/pdf",
    ),
}


def _gifar(tmp_path: Path) -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    jar = _zip(tmp_path / "x.jar", {"META-INF/MANIFEST.MF": "Main-Class: X\n", "X.class": "x"})
    return buffer.getvalue() + jar.read_bytes()


def _assert_never_runs(headers: Any, content_type: str) -> None:
    assert headers["Content-Disposition"].startswith("attachment"), headers
    assert headers["Content-Type"] == content_type
    assert not re.search(r"html|svg|xml|javascript", headers["Content-Type"], re.I)


def _open_link(client: Client, artifact: Artifact) -> str:
    response = client.get(
        reverse("submissions:artifact_open", args=[artifact.public_id, "original"])
    )
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize("kind", [*POLYGLOTS, "gifar"])
def test_polyglots_download_as_inert_attachments_from_local_media(
    draft: Any, cast: Any, local_media: Path, tmp_path: Path,
    django_capture_on_commit_callbacks: Any, kind: str,
) -> None:  # fmt: skip
    if kind == "gifar":
        requirement, name, data, content_type = "photo", "cat.gif", _gifar(tmp_path), "image/gif"
    else:
        requirement, name, build, content_type = POLYGLOTS[kind]
        data = build()
    artifact = upload(draft, getattr(draft, requirement), _write(tmp_path, name, data))
    artifact = process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    client = Client()
    client.force_login(cast.educator)

    response = client.get(_open_link(client, artifact))

    assert response.status_code == 200
    _assert_never_runs(response, content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == data  # the evidence itself, unaltered


@pytest.mark.s3
def test_a_polyglot_downloads_as_an_inert_attachment_from_s3(
    draft: Any, cast: Any, s3_media: Any, tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    data = _png() + HTML
    artifact = upload(draft, draft.photo, _write(tmp_path, "picture.png", data))
    artifact = process(artifact, django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    client = Client()
    client.force_login(cast.educator)

    presigned = client.get(_open_link(client, artifact))
    location = presigned["Location"]
    assert presigned.status_code == 302 and location.startswith(s3_media.endpoint)
    response = requests.get(location, timeout=30)

    assert response.status_code == 200 and response.content == data
    # S3 answers with the signed overrides (moto ignores them, so read them off the signed
    # URL) and otherwise with the type we stored, never one the uploader claimed.
    query = parse_qs(urlsplit(location).query)
    _assert_never_runs(
        {
            "Content-Disposition": query["response-content-disposition"][0],
            "Content-Type": query["response-content-type"][0],
        },
        "image/png",
    )
    assert response.headers["Content-Type"] == "application/octet-stream"


# --------------------------------------------------------------------------------------------
# Hostile file names
# --------------------------------------------------------------------------------------------

# Each hostile name and the name an educator sees for it afterwards.
HOSTILE_NAMES = {
    "../../etc/passwd.pdf": "passwd.pdf",
    "..\\..\\windows\\system32\\x.pdf": "x.pdf",
    "/absolute/path/plan.pdf": "plan.pdf",
    "plan\x00.exe.pdf": "plan.exe.pdf",
    "evil\r\nContent-Type: text/html\r\n\r\n.pdf": "html.pdf",
    'quote";filename=evil.html;x=".pdf': "quote_;filename=evil.html;x=_.pdf",
    "\u202egpj.exe.pdf": "gpj.exe.pdf",  # right-to-left override: would display as "fdp.exe.jpg"
    "a" * 5000 + ".pdf": "a" * 116 + ".pdf",
    "résumé 計画.pdf": "résumé 計画.pdf",
}
SAFE_KEY = re.compile(r"^evidence/[0-9a-f-]{36}/[0-9a-f-]{36}/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_never_reach_the_key_or_the_download_header(
    draft: Any,
    cast: Any,
    local_media: Path,
    name: str,
) -> None:
    client = Client()
    client.force_login(cast.educator)
    body = b"%PDF-1.4\n%%EOF\n"

    created = create_artifact(client, draft.submission, draft.document, name, len(body))

    assert created.status_code == 201, created.content
    artifact = Artifact.objects.get(public_id=created.json()["id"])
    assert SAFE_KEY.match(artifact.storage_key), artifact.storage_key  # the key is ours
    shown = artifact.filename
    assert shown == created.json()["filename"] == HOSTILE_NAMES[name]
    assert len(shown) <= 120 and shown.endswith(".pdf")
    assert not set(shown) & set('/\\\x00\r\n"<>\u202e'), repr(shown)
    assert not shown.startswith(".")
    # Ready, then downloaded: the header carries the sanitized name, quoted safely.
    path = media.local_store().path(artifact.storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    Artifact.objects.filter(pk=artifact.pk).update(
        status=Artifact.Status.READY, content_type="application/pdf", detected_kind="document"
    )
    response = client.get(_open_link(client, artifact))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    assert "\r" not in disposition and "\n" not in disposition
    header = Message()
    header["Content-Disposition"] = disposition
    assert header.get_filename() == shown  # one quoted name: no second filename parameter
    assert response["Content-Type"] == "application/pdf"
    assert local_media in path.parents  # nothing was written outside the evidence store


def test_a_name_with_nothing_left_but_dots_is_refused_with_a_reason(
    draft: Any, cast: Any, local_media: Path
) -> None:
    client = Client()
    client.force_login(cast.educator)

    created = create_artifact(client, draft.submission, draft.document, "....pdf", 15)

    assert created.status_code == 400
    assert "is not one of them" in created.json()["errors"]["filename"]
    assert not Artifact.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/media/public/../../config/settings/base.py",
        "/media/public/..%2F..%2Fconfig%2Fsettings%2Fbase.py",
        "/media/public/%2e%2e/%2e%2e/manage.py",
        "/media/public/..\\..\\manage.py",
    ],
)
def test_public_media_cannot_be_walked_out_of(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404), path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"SECRET_KEY" not in body and b"DJANGO_SETTINGS_MODULE" not in body
