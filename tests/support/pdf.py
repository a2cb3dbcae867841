"""Reading what a reportlab PDF says, for tests (no PDF library is installed): the text shown
on its pages and the addresses its links open."""

import base64
import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
SHOWN = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj")
URI = re.compile(rb"/URI\s*\(((?:[^()\\]|\\.)*)\)")


def _unescape(raw: bytes) -> str:
    return re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1")


def _streams(pdf: bytes) -> list[bytes]:
    """Each stream decoded: reportlab writes ASCII85 over Flate (its default), or Flate."""
    found = []
    for raw in STREAM.findall(pdf):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2].replace(b"\n", b""))
        try:
            found.append(zlib.decompress(data))
        except zlib.error:
            found.append(data)  # not compressed (an image, a plain stream)
    return found


def pdf_text(pdf: bytes) -> str:
    """The strings shown on the pages, one per line, in drawing order."""
    return "\n".join(
        _unescape(shown) for stream in _streams(pdf) for shown in SHOWN.findall(stream)
    )


def pdf_links(pdf: bytes) -> list[str]:
    """The URIs of the PDF's link annotations (wherever they are stored)."""
    found = [_unescape(uri) for uri in URI.findall(pdf)]
    for stream in _streams(pdf):
        found += [_unescape(uri) for uri in URI.findall(stream)]
    return found


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
