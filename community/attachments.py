"""Images and PDFs on posts, through the evidence pipeline's checks: the type comes from the
bytes (submissions/media.py `inspect_file`, never the name or what the browser claimed), sizes
are capped, the bytes go to private storage, and downloads pass a membership check
(community/discussion_views.py `attachment_download`)."""

import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from common.storage import private_storage
from submissions import media

from .models import Post, PostAttachment
from .services import CommunityError

# What a post may carry: pictures a browser shows, and PDFs. Anything else is refused.
ACCEPTED_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
MAX_FILES = 5
KEY_PREFIX = "community/attachments/"
REFUSED = "{name}: only images (PNG, JPEG, GIF, WebP) and PDF documents can be attached to a post."


@dataclass(frozen=True)
class StoredFile:
    filename: str
    content_type: str
    size: int
    storage_key: str

    def row(self, post: Post) -> PostAttachment:
        return PostAttachment(
            post=post,
            filename=self.filename,
            content_type=self.content_type,
            size=self.size,
            storage_key=self.storage_key,
        )


def max_bytes() -> int:
    return int(settings.COMMUNITY_ATTACHMENT_MAX_MB) * 1024 * 1024


def _safe_name(name: str) -> str:
    name = Path(name or "attachment").name.replace("\x00", "").strip()
    return name[-120:] or "attachment"


def _check(upload: UploadedFile, path: Path) -> str:
    """The detected content type of `upload` (copied to `path`), or CommunityError."""
    name = _safe_name(upload.name or "")
    if upload.size is None or upload.size > max_bytes():
        raise CommunityError(
            f"{name}: files on posts are at most {settings.COMMUNITY_ATTACHMENT_MAX_MB} MB."
        )
    with path.open("wb") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
    try:
        detected = media.inspect_file(path)
    except media.Rejected as rejected:
        raise CommunityError(f"{name}: {rejected}") from rejected
    if detected.content_type not in ACCEPTED_TYPES:
        raise CommunityError(REFUSED.format(name=name))
    return detected.content_type


def attachments_store(files: Sequence[UploadedFile]) -> list[StoredFile]:
    """Check every file, then store them all in private storage. Nothing is stored when one
    file is refused, so a refused post leaves no bytes behind."""
    if len(files) > MAX_FILES:
        raise CommunityError(f"A post carries at most {MAX_FILES} files.")
    if not files:
        return []
    checked: list[tuple[UploadedFile, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, upload in enumerate(files):
            checked.append((upload, _check(upload, Path(scratch) / str(index))))
        stored = []
        for index, (upload, content_type) in enumerate(checked):
            key = f"{KEY_PREFIX}{uuid.uuid4().hex}"
            with (Path(scratch) / str(index)).open("rb") as handle:
                saved = private_storage().save(key, File(handle))
            stored.append(
                StoredFile(
                    _safe_name(upload.name or ""), content_type, int(upload.size or 0), saved
                )
            )
    return stored
