"""Baking and unbaking PNG and SVG images (no database)."""

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from badges import baking


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (16, 16), (10, 20, 30, 255)).save(out, format="PNG")
    return out.getvalue()


def test_png_round_trip_keeps_a_readable_image():
    text = json.dumps({"id": "https://example.org/a/1", "name": "Évaluation ✓"})
    baked = baking.bake_png(_png(), text)
    assert baking.unbake_png(baked) == text
    with Image.open(io.BytesIO(baked)) as image:
        image.load()  # still a valid PNG (CRCs right)
        assert image.size == (16, 16)


def test_rebaking_replaces_the_chunk():
    once = baking.bake_png(_png(), "https://example.org/a/1")
    twice = baking.bake_png(once, "https://example.org/a/2")
    assert baking.unbake_png(twice) == "https://example.org/a/2"
    assert twice.count(b"iTXtopenbadges") == 1


def test_unbaked_png_gives_none_and_garbage_is_refused():
    assert baking.unbake_png(_png()) is None
    with pytest.raises(baking.BakingError):
        baking.unbake_png(b"GIF89a....")
    with pytest.raises(baking.BakingError):
        baking.unbake_png(_png()[:40])  # truncated


def test_compressed_itxt_from_other_bakers_is_read():
    data = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b'{"id": "x"}')
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + data) & 0xFFFFFFFF)
    png = _png()
    baked = png[:33] + chunk + png[33:]  # right after IHDR (8 + 25 bytes)
    assert baking.unbake_png(baked) == '{"id": "x"}'


def test_svg_round_trip_and_cdata_escaping():
    text = json.dumps({"id": "https://example.org/a/1", "name": "tricky ]]> <b>"})
    svg = baking.draw_badge_svg(title="A & B <c>", subtitle="Issuer", seed="x")
    baked = baking.bake_svg(svg, text, "https://example.org/a/1")
    assert baking.unbake_svg(baked.encode()) == text
    assert "<script" not in baked


def test_svg_without_assertion_and_hostile_svg():
    plain = baking.draw_badge_svg(title="T", subtitle="I", seed="x").encode()
    assert baking.unbake_svg(plain) is None
    with pytest.raises(baking.BakingError):
        baking.unbake_svg(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>')
    with pytest.raises(baking.BakingError):
        baking.unbake_svg(b"<html></html>")


def test_drawn_badge_is_a_png():
    png = baking.draw_badge_png(
        title="A very long micro-credential title " * 3, subtitle="X", seed="s"
    )
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (baking.IMAGE_SIZE, baking.IMAGE_SIZE)
