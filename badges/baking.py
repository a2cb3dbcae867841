"""Badge images: drawing them (Pillow), baking an assertion in, and reading it back out.

Follows "Open Badges Baking Specification" (1EdTech, v2.0): a PNG carries the assertion in an
iTXt chunk with the keyword ``openbadges`` (uncompressed); an SVG carries it in an
``<openbadges:assertion verify="...">`` element with the JSON in CDATA. Reading is for
untrusted uploads: sizes are bounded and SVG goes through defusedxml.
"""

import hashlib
import io
import struct
import textwrap
import zlib
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeElementTree
from PIL import Image, ImageDraw, ImageFont

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
OPENBADGES_NS = "http://openbadges.org"
SVG_NS = "http://www.w3.org/2000/svg"
IMAGE_SIZE = 600
# Dark enough for white text at WCAG AA (contrast >= 4.5:1 against #fff).
PALETTE = ["#1f4e79", "#5b2a86", "#0b6e4f", "#8a1c1c", "#7a4b00", "#234e52", "#3f3f9f"]
MAX_CHUNK_BYTES = 4 * 1024 * 1024


class BakingError(ValueError):
    """The bytes are not an image we can bake or read; the message is for people."""


# --------------------------------------------------------------------------- drawing


def _color_for(seed: str) -> str:
    return PALETTE[hashlib.sha256(seed.encode("utf-8")).digest()[0] % len(PALETTE)]


def _title_lines(title: str, width: int = 16, max_lines: int = 4) -> list[str]:
    lines = textwrap.wrap(title, width=width) or [title]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return lines


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw_badge_png(*, title: str, subtitle: str, seed: str) -> bytes:
    """A plain badge image: a colored disc with the title, for versions that have no image."""
    image = Image.new("RGBA", (IMAGE_SIZE, IMAGE_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    color = _color_for(seed)
    draw.ellipse((10, 10, IMAGE_SIZE - 10, IMAGE_SIZE - 10), fill=color, outline="#ffffff", width=8)
    draw.ellipse((40, 40, IMAGE_SIZE - 40, IMAGE_SIZE - 40), outline="#ffffff", width=3)
    font = ImageFont.load_default(size=52)
    small = ImageFont.load_default(size=26)
    lines = _title_lines(title)
    top = IMAGE_SIZE // 2 - (len(lines) - 1) * 31 - 20
    for index, line in enumerate(lines):
        draw.text((IMAGE_SIZE / 2, top + index * 62), line, fill="#ffffff", font=font, anchor="mm")
    draw.text(
        (IMAGE_SIZE / 2, IMAGE_SIZE - 125),
        _short(subtitle),
        fill="#ffffff",
        font=small,
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def normalize_png(data: bytes) -> bytes:
    """Any raster image Pillow reads (a version's uploaded image) as a square-bounded PNG."""
    try:
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            image = source.convert("RGBA")
    except Exception as error:  # Pillow raises many types for a bad file
        raise BakingError("The micro-credential image cannot be read.") from error
    image.thumbnail((IMAGE_SIZE, IMAGE_SIZE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_badge_svg(*, title: str, subtitle: str, seed: str) -> str:
    """The SVG design of a badge (without the assertion); text is escaped."""
    color = _color_for(seed)
    lines = _title_lines(title)
    top = 300 - (len(lines) - 1) * 31 - 2
    texts = "".join(
        f'<text x="300" y="{top + index * 62}" font-size="52">{escape(line)}</text>'
        for index, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="{SVG_NS}" xmlns:openbadges="{OPENBADGES_NS}" viewBox="0 0 600 600" '
        f'width="600" height="600" role="img" aria-label={quoteattr("Badge: " + title)}>'
        f"<title>{escape(title)}</title>"
        f'<circle cx="300" cy="300" r="290" fill="{color}" stroke="#ffffff" stroke-width="8"/>'
        f'<circle cx="300" cy="300" r="260" fill="none" stroke="#ffffff" stroke-width="3"/>'
        f'<g fill="#ffffff" font-family="sans-serif" text-anchor="middle">{texts}'
        f'<text x="300" y="482" font-size="26">{escape(_short(subtitle))}</text></g>'
        "</svg>"
    )


# --------------------------------------------------------------------------- PNG


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _itxt_openbadges(text: str) -> bytes:
    # keyword NUL, compression flag 0, method 0, empty language tag NUL, empty
    # translated keyword NUL, then the UTF-8 text (baking spec: uncompressed).
    return _chunk(b"iTXt", KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8"))


def _chunks(png: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """(type, data, raw chunk bytes) for every chunk; raises BakingError on bad structure."""
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("This is not a PNG image.")
    chunks = []
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        if offset + 8 > len(png):
            raise BakingError("The PNG image is truncated.")
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        end = offset + 12 + length
        if length > MAX_CHUNK_BYTES or end > len(png):
            raise BakingError("The PNG image is truncated or has an oversized chunk.")
        chunks.append((kind, png[offset + 8 : offset + 8 + length], png[offset:end]))
        offset = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise BakingError("The PNG image has no header or no end.")
    return chunks


def _is_openbadges_itxt(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\x00", 1)[0] == KEYWORD


def bake_png(png: bytes, assertion: str) -> bytes:
    """`png` with exactly one openbadges iTXt chunk holding `assertion` (JSON or URL).

    Any earlier openbadges chunk is dropped (the spec allows one); the new chunk goes right
    after IHDR, so readers that stop at the first image data still find it.
    """
    chunks = [c for c in _chunks(png) if not _is_openbadges_itxt(c[0], c[1])]
    return (
        PNG_SIGNATURE
        + chunks[0][2]
        + _itxt_openbadges(assertion)
        + b"".join(raw for _kind, _data, raw in chunks[1:])
    )


def unbake_png(png: bytes) -> str | None:
    """The text of the openbadges iTXt chunk, or None when the image is not baked."""
    for kind, data, _raw in _chunks(png):
        if not _is_openbadges_itxt(kind, data):
            continue
        # keyword NUL | flag | method | language NUL | translated keyword NUL | text
        rest = data[len(KEYWORD) + 1 :]
        if len(rest) < 4 or rest[1] != 0 or rest.count(b"\x00", 2) < 2:
            raise BakingError("The Open Badges data in this PNG is malformed.")
        compressed = rest[0] == 1
        _language, _translated, text = rest[2:].split(b"\x00", 2)
        if compressed:
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, MAX_CHUNK_BYTES)
            if inflater.unconsumed_tail:
                raise BakingError("The Open Badges data in this PNG is too large.")
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BakingError("The Open Badges data in this PNG is not UTF-8 text.") from error
    return None


# --------------------------------------------------------------------------- SVG


def _cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA: split it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: str, assertion_json: str, verify_url: str) -> str:
    """Insert the openbadges:assertion element right after the opening <svg> tag."""
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        raise BakingError("This is not an SVG image.")
    head = svg[: end + 1]
    if "xmlns:openbadges" not in head:
        head = head[:-1] + f' xmlns:openbadges="{OPENBADGES_NS}">'
    element = (
        f"<openbadges:assertion verify={quoteattr(verify_url)}>"
        f"{_cdata(assertion_json)}</openbadges:assertion>"
    )
    return head + element + svg[end + 1 :]


def unbake_svg(svg: bytes) -> str | None:
    """The assertion in an SVG (the element's text, else its `verify` URL), or None.

    Parsed with defusedxml: entity expansion, external entities and DTDs are refused.
    """
    try:
        root = SafeElementTree.fromstring(svg)
    except Exception as error:  # defusedxml raises its own and ParseError
        raise BakingError("This SVG cannot be read safely.") from error
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BakingError("This is not an SVG image.")
    element = next(root.iter(f"{{{OPENBADGES_NS}}}assertion"), None)
    if element is None:
        return None
    text = (element.text or "").strip()
    return text or element.get("verify")
