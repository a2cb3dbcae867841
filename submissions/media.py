"""Evidence bytes: where they are stored and what they really are.

Two parts, neither of which touches the database (what reviewers play is made by
media_outputs.py):

- `EvidenceStore`: the private "default" storage seen as keys and streams, on S3 (boto3 on
  the storage's own client) or on the local file system (with a minimal S3-multipart emulator
  behind `artifact_views.py`). Every transfer streams; nothing holds a whole file in memory.
- `inspect_file`: the real type from the bytes (magic numbers via puremagic, our own checks
  for zip-based documents and plain text). The file name and the browser's claim never count.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import puremagic
from botocore.exceptions import BotoCoreError, ClientError, FlexibleChecksumError
from django.conf import settings
from django.core.files.storage import storages

from common.storage import StorageUnavailable

CHUNK = 1024 * 1024
# Parts of a local multipart upload live beside the evidence, under this hidden folder.
LOCAL_UPLOADS_DIR = ".uploads"


class ObjectMissing(Exception):
    """The key holds no object (an upload that never completed, or deleted evidence)."""


class ChecksumMismatch(Exception):
    """Storage answered, but the bytes read back do not match the checksum it keeps for them:
    damaged in storage or in transit, or a server that reports a wrong checksum. Not an outage
    (retrying on the outage schedule would never end); processing tries a few times, then fails."""


class Rejected(Exception):
    """The file is not acceptable evidence; the message says why, in plain words."""


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str


# --------------------------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------------------------


class EvidenceStore(Protocol):
    def size(self, key: str) -> int | None: ...

    def download(self, key: str, destination: IO[bytes]) -> Digest: ...

    def upload(self, path: Path, key: str, content_type: str) -> None: ...

    def delete(self, key: str) -> None: ...

    def abort_uploads(self, key: str) -> None: ...


def _hash_copy(chunks: Any, destination: IO[bytes]) -> Digest:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        destination.write(chunk)
        size += len(chunk)
    return Digest(size=size, sha256=digest.hexdigest())


def _is_transient(error: Exception) -> bool:
    """Connection trouble and 5xx answers are worth retrying; 4xx answers are not."""
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or error.response.get("Error", {}).get("Code") == "SlowDown"
    return isinstance(error, BotoCoreError | OSError)


class S3EvidenceStore:
    """The private bucket through the storage backend's own boto3 client."""

    def __init__(self, storage: Any) -> None:
        self.client = storage.connection.meta.client
        self.bucket = storage.bucket_name
        self.prefix = (storage.location or "").strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, method: str, **params: Any) -> Any:
        try:
            return getattr(self.client, method)(Bucket=self.bucket, **params)
        except Exception as error:
            if _is_transient(error):
                raise StorageUnavailable(f"S3 {method} failed: {error}") from error
            raise

    def size(self, key: str) -> int | None:
        try:
            head = self._call("head_object", Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])

    def download(self, key: str, destination: IO[bytes]) -> Digest:
        try:
            body = self._call("get_object", Key=self._key(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise ObjectMissing(key) from error
            raise
        try:
            return _hash_copy(body.iter_chunks(CHUNK), destination)
        except FlexibleChecksumError as error:  # botocore checks at the end of the stream
            raise ChecksumMismatch(f"S3 download of {key}: {error}") from error
        except (BotoCoreError, OSError) as error:  # the connection broke mid-stream
            raise StorageUnavailable(f"S3 download of {key} broke off: {error}") from error

    def upload(self, path: Path, key: str, content_type: str) -> None:
        from boto3.exceptions import S3UploadFailedError
        from boto3.s3.transfer import TransferConfig

        # Four 8 MB parts in flight at most: memory stays flat however large the file.
        config = TransferConfig(max_concurrency=4, multipart_chunksize=8 * CHUNK)
        try:
            self.client.upload_file(
                str(path),
                self.bucket,
                self._key(key),
                ExtraArgs={"ContentType": content_type},
                Config=config,
            )
        except (S3UploadFailedError, BotoCoreError, OSError) as error:
            raise StorageUnavailable(f"S3 upload of {key} failed: {error}") from error

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=self._key(key))

    def abort_uploads(self, key: str) -> None:
        """Abort every unfinished multipart upload of `key` (their parts cost storage)."""
        listing = self._call("list_multipart_uploads", Prefix=self._key(key))
        for upload in listing.get("Uploads", []):
            if upload["Key"] == self._key(key):
                self._call("abort_multipart_upload", Key=upload["Key"], UploadId=upload["UploadId"])


class LocalEvidenceStore:
    """Evidence on the local file system (`make run`), plus the multipart emulator's parts."""

    def __init__(self, storage: Any) -> None:
        self.storage = storage
        self.root = Path(storage.location)

    def path(self, key: str) -> Path:
        return Path(self.storage.path(key))

    def size(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def download(self, key: str, destination: IO[bytes]) -> Digest:
        path = self.path(key)
        if not path.is_file():
            raise ObjectMissing(key)
        with path.open("rb") as source:
            return _hash_copy(iter(lambda: source.read(CHUNK), b""), destination)

    def upload(self, path: Path, key: str, content_type: str) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        shutil.copyfile(path, partial)
        os.replace(partial, target)  # atomic: a reader never sees half a file

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def abort_uploads(self, key: str) -> None:
        shutil.rmtree(self.uploads_dir(key), ignore_errors=True)

    # The multipart emulator (see artifact_views.py): parts are files named "<number>-<etag>.part".

    def uploads_dir(self, key: str) -> Path:
        return self.root / LOCAL_UPLOADS_DIR / hashlib.sha256(key.encode()).hexdigest()[:32]

    def part_dir(self, key: str, upload_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", upload_id):
            raise ObjectMissing(upload_id)
        return self.uploads_dir(key) / upload_id

    def multipart_create(self, key: str) -> str:
        upload_id = uuid.uuid4().hex
        self.part_dir(key, upload_id).mkdir(parents=True)
        return upload_id

    def multipart_parts(self, key: str, upload_id: str) -> dict[int, tuple[str, int]]:
        """Part number -> (etag, size) of the parts stored so far."""
        directory = self.part_dir(key, upload_id)
        if not directory.is_dir():
            raise ObjectMissing(upload_id)
        parts = {}
        for entry in directory.glob("*.part"):
            number, etag = entry.stem.split("-", 1)
            parts[int(number)] = (etag, entry.stat().st_size)
        return parts

    def multipart_put(self, key: str, upload_id: str, number: int, chunks: Any, length: int) -> str:
        """Store one part of `length` bytes from an iterator of byte chunks; its ETag (MD5).

        A part cut short (the connection dropped mid-way) is discarded, as S3 does: listed,
        it would make a resuming client skip bytes it never sent.
        """
        directory = self.part_dir(key, upload_id)
        if not directory.is_dir():
            raise ObjectMissing(upload_id)
        digest = hashlib.md5(usedforsecurity=False)
        partial = directory / f".{number}.{uuid.uuid4().hex}.tmp"
        received = 0
        with partial.open("wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                received += len(chunk)
        if received != length:
            partial.unlink(missing_ok=True)
            raise Rejected(f"Part {number} arrived incomplete ({received} of {length} bytes).")
        for stale in directory.glob(f"{number}-*.part"):  # a re-sent part replaces the old one
            stale.unlink(missing_ok=True)
        etag = digest.hexdigest()
        os.replace(partial, directory / f"{number}-{etag}.part")
        return etag

    def multipart_complete(self, key: str, upload_id: str, parts: list[tuple[int, str]]) -> str:
        """Concatenate the listed parts (streaming) into the object; returns the S3-style ETag."""
        stored = self.multipart_parts(key, upload_id)
        directory = self.part_dir(key, upload_id)
        combined = hashlib.md5(usedforsecurity=False)
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{upload_id}.tmp")
        with partial.open("wb") as out:
            for number, etag in parts:
                if stored.get(number, ("", 0))[0] != etag:
                    partial.unlink(missing_ok=True)
                    raise Rejected(f"Part {number} is missing or does not match its ETag.")
                with (directory / f"{number}-{etag}.part").open("rb") as source:
                    shutil.copyfileobj(source, out, CHUNK)
                combined.update(bytes.fromhex(etag))
        os.replace(partial, target)
        shutil.rmtree(directory, ignore_errors=True)
        return f"{combined.hexdigest()}-{len(parts)}"


def evidence_store() -> EvidenceStore:
    """The store behind the "default" storage (S3 when settings.USE_S3)."""
    storage = storages["default"]
    if settings.USE_S3:
        return S3EvidenceStore(storage)
    return LocalEvidenceStore(storage)


def local_store() -> LocalEvidenceStore:
    return LocalEvidenceStore(storages["default"])


# --------------------------------------------------------------------------------------------
# What the bytes are
# --------------------------------------------------------------------------------------------

KINDS = ("video", "audio", "document", "image")


@dataclass(frozen=True)
class Format:
    kind: str  # video/audio/document/image; "media" is settled by probing the streams
    content_type: str
    label: str


# puremagic's extension -> what we accept. Anything absent is refused.
FORMATS: dict[str, Format] = {
    ".mp4": Format("media", "video/mp4", "MP4"),
    ".m4v": Format("media", "video/mp4", "MP4"),
    ".m4a": Format("media", "audio/mp4", "M4A audio"),
    ".f4a": Format("media", "audio/mp4", "M4A audio"),
    ".mov": Format("media", "video/quicktime", "QuickTime video"),
    ".qt": Format("media", "video/quicktime", "QuickTime video"),
    ".3gp": Format("media", "video/3gpp", "3GP video"),
    ".3g2": Format("media", "video/3gpp2", "3GP video"),
    ".webm": Format("media", "video/webm", "WebM"),
    ".mkv": Format("media", "video/x-matroska", "Matroska video"),
    ".avi": Format("media", "video/x-msvideo", "AVI video"),
    ".mpg": Format("media", "video/mpeg", "MPEG video"),
    ".mpeg": Format("media", "video/mpeg", "MPEG video"),
    ".ts": Format("media", "video/mp2t", "MPEG transport stream"),
    ".wmv": Format("media", "video/x-ms-wmv", "Windows Media video"),
    ".asf": Format("media", "video/x-ms-asf", "Windows Media"),
    ".ogg": Format("media", "audio/ogg", "Ogg"),
    ".ogv": Format("media", "video/ogg", "Ogg video"),
    ".oga": Format("media", "audio/ogg", "Ogg audio"),
    ".opus": Format("media", "audio/ogg", "Opus audio"),
    ".mp3": Format("audio", "audio/mpeg", "MP3 audio"),
    ".wav": Format("audio", "audio/wav", "WAV audio"),
    ".flac": Format("audio", "audio/flac", "FLAC audio"),
    ".aac": Format("audio", "audio/aac", "AAC audio"),
    ".amr": Format("audio", "audio/amr", "AMR audio"),
    ".aif": Format("audio", "audio/aiff", "AIFF audio"),
    ".aiff": Format("audio", "audio/aiff", "AIFF audio"),
    ".caf": Format("audio", "audio/x-caf", "Core Audio"),
    ".wma": Format("audio", "audio/x-ms-wma", "Windows Media audio"),
    ".pdf": Format("document", "application/pdf", "PDF document"),
    ".png": Format("image", "image/png", "PNG image"),
    ".jpg": Format("image", "image/jpeg", "JPEG image"),
    ".jpeg": Format("image", "image/jpeg", "JPEG image"),
    ".jfif": Format("image", "image/jpeg", "JPEG image"),
    ".gif": Format("image", "image/gif", "GIF image"),
    ".webp": Format("image", "image/webp", "WebP image"),
    ".heic": Format("image", "image/heic", "HEIC photo"),
    ".heif": Format("image", "image/heif", "HEIF photo"),
}
TEXT = Format("document", "text/plain; charset=utf-8", "plain text")
OOXML = {
    "wordprocessingml.document.main+xml": Format(
        "document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    "spreadsheetml.sheet.main+xml": Format(
        "document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    "presentationml.presentation.main+xml": Format(
        "document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
}
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": Format(
        "document", "application/vnd.oasis.opendocument.text", "OpenDocument text"
    ),
}
# What each kind accepts by name: the client's and the create endpoint's plausibility check.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "video": (".mp4", ".m4v", ".mov", ".qt", ".3gp", ".3g2", ".webm", ".mkv", ".avi", ".mpg",
              ".mpeg", ".mts", ".m2ts", ".ts", ".wmv", ".ogv"),
    "audio": (".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".amr", ".wma",
              ".caf", ".aif", ".aiff", ".weba"),
    "document": (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".txt"),
    "image": (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif"),
}  # fmt: skip
MARKUP = re.compile(rb"<(!doctype\s+html|html|head|body|script|svg|iframe|\?xml)[\s>/]", re.I)
MARKUP_EXTENSIONS = (".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml")
MAX_CONTENT_TYPES_XML = 1024 * 1024


def kind_label(kinds: list[str]) -> str:
    return " or ".join(k for k in KINDS if k in kinds) or "nothing"


def inspect_file(path: Path) -> Format:
    """What the file really is, from its bytes. Raises Rejected with the reason in words."""
    with path.open("rb") as source:
        head = source.read(64 * 1024)
    if not head:
        raise Rejected("The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        return _inspect_zip(path)
    extension = _magic_extension(path)
    if extension in FORMATS:
        return FORMATS[extension]
    if extension in MARKUP_EXTENSIONS or MARKUP.search(head):
        raise Rejected(
            "This file is a web page or an SVG drawing, which cannot be accepted as evidence. "
            "Save it as a PDF or take a screenshot instead."
        )
    if _is_plain_text(head):
        return TEXT
    raise Rejected(
        "We could not recognise this file's format from its contents. Upload a common video, "
        "audio, document (PDF, Word, PowerPoint, Excel, OpenDocument, plain text) or image file."
    )


def _magic_extension(path: Path) -> str:
    """The best-ranked format puremagic finds that we know (accepted, or markup to refuse).

    Read as an anonymous stream: given a file name, puremagic ranks matches that agree with
    the extension higher, and the name is exactly what we must not trust.
    """
    try:
        with path.open("rb") as source:
            matches = puremagic.magic_stream(source)
    except (puremagic.PureError, ValueError):
        return ""
    for match in matches:
        extension = match.extension.lower()
        if extension in FORMATS or extension in MARKUP_EXTENSIONS:
            return extension
    return ""


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # only a character cut at the end of the sample is fine
            return False
        text = head[: error.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable >= 0.98 * max(len(text), 1)


def _inspect_zip(path: Path) -> Format:
    """DOCX/XLSX/PPTX by their [Content_Types].xml, ODT by its mimetype entry; zip bombs out."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_zip_limits(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _read_capped(archive, "mimetype", 200).decode("ascii", "replace")
                if mimetype.strip() in OPENDOCUMENT:
                    return OPENDOCUMENT[mimetype.strip()]
            if "[Content_Types].xml" in names:
                types = _read_capped(archive, "[Content_Types].xml", MAX_CONTENT_TYPES_XML)
                for marker, found in OOXML.items():
                    if marker.encode() in types:
                        return found
                if b"macroEnabled" in types:
                    raise Rejected("Documents with macros cannot be accepted; save it as .docx.")
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise Rejected("This file looks like a damaged ZIP archive or document.") from error
    raise Rejected(
        "This is a ZIP archive, not a document. Upload the files themselves, or a PDF, Word, "
        "PowerPoint, Excel or OpenDocument file."
    )


def _check_zip_limits(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    expanded = sum(info.file_size for info in infos)
    limit = settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB * CHUNK
    if len(infos) > 20_000 or expanded > limit:
        raise Rejected("This document expands to far more data than it holds; it was refused.")


def _read_capped(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    # Read at most `limit` bytes whatever the header claims: a forged size cannot make us
    # decompress more.
    with archive.open(name) as member:
        return member.read(limit)
