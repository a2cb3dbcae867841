"""HTTP byte ranges (RFC 9110 section 14) for files our own server streams.

A browser's <video> asks for `Range: bytes=N-` when the viewer seeks; a server that answers
the whole file (200) instead makes the player start again from the beginning. One range is
served as 206 Partial Content; an unsatisfiable one is 416; several ranges in one request
(rare, and never sent by media players) get the whole file, which RFC 9110 allows.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase

CHUNK = 64 * 1024
SINGLE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class Unsatisfiable(Exception):
    """The range asks for bytes the file does not have."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one range a `Range` header asks for within a file of `size` bytes; None to answer
    the whole file (no header, another unit, several ranges, or a header we cannot read);
    raises Unsatisfiable for a range that starts past the end."""
    match = SINGLE_RANGE.match(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignore the header (RFC 9110 14.2)
    if start >= size:
        raise Unsatisfiable(header)
    end = int(last) if last else size - 1
    return ByteRange(start, min(end, size - 1))


def _read_range(handle: BinaryIO, byte_range: ByteRange) -> Iterator[bytes]:
    try:
        handle.seek(byte_range.start)
        remaining = byte_range.length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_response(
    request: HttpRequest,
    path: Path,
    *,
    as_attachment: bool,
    filename: str,
    content_type: str,
) -> HttpResponseBase:
    """A FileResponse for `path` that honours a single `Range` request (206 / 416)."""
    size = path.stat().st_size
    try:
        # We send no validators (no ETag, no Last-Modified), so an If-Range can never match:
        # such a request gets the whole file, as RFC 9110 13.1.5 says.
        header = "" if "If-Range" in request.headers else request.headers.get("Range", "")
        byte_range = parse_range(header, size)
    except Unsatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    response = FileResponse(
        path.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Accept-Ranges"] = "bytes"
    if byte_range is None:
        return response
    handle = response.file_to_stream
    assert handle is not None
    response.file_to_stream = None  # the generator below closes it
    response.streaming_content = _read_range(handle, byte_range)
    response.status_code = 206
    response["Content-Length"] = str(byte_range.length)
    response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
    return response
