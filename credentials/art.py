"""Badge art: a micro-credential's generated badge image (SVG, rendered to PNG).

Deterministic from its inputs: the focus area picks the family (colours, shape and icon), the
title picks the small variations inside the family (the sunburst's rays and their turn), and the
title and issuer name are written on it. Titles and names are user input: every text goes
through `_xml_text` (escaped, control characters dropped), so a title cannot add markup.

Text is measured with Pillow on the same font file the renderer draws with (DejaVu Sans, which
scripts/system-deps.sh installs where missing), so a title wraps and shrinks to fit. The SVG is
rendered by resvg (the self-contained `resvg-py` wheel: no system library).
See docs/decisions/0030-badge-art.md.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import resvg_py
from PIL import ImageFont

SIZE = 600
# Bumped whenever the drawing changes, so every stored image is drawn again (see art_key).
ART_REVISION = 1
FONT_FAMILY = "DejaVu Sans"
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts")
_REGULAR, _BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
# Characters XML 1.0 does not allow (C0 controls except tab and newlines, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Palette:
    name: str
    dark: str  # the body: white text on it is above 7:1
    light: str  # the gradient's upper end: white text on it is still above 4.5:1
    accent: str  # the rim and the ribbon: dark text on it is above 7:1


PALETTES = (
    Palette("navy", "#15305f", "#2a5298", "#f4c45a"),
    Palette("teal", "#0b4a48", "#136f6b", "#9fe3d6"),
    Palette("plum", "#4a1f66", "#6f3596", "#f1c9ff"),
    Palette("crimson", "#741626", "#a52a36", "#ffd3c4"),
    Palette("forest", "#174528", "#236b3a", "#cdeaa8"),
    Palette("indigo", "#2a2768", "#4541a3", "#cfcbff"),
    Palette("rust", "#6e2f0e", "#9c4716", "#ffdca8"),
    Palette("slate", "#243447", "#3b5672", "#bcd9f2"),
    Palette("berry", "#661747", "#962470", "#ffc6e6"),
)
SHAPES = ("seal", "hexagon", "shield", "octagon", "rounded")


@dataclass(frozen=True)
class ArtInput:
    """What a badge image is drawn from; the same input always draws the same image."""

    title: str
    issuer: str
    focus_area_slug: str
    focus_area_name: str

    def key(self) -> str:
        """A digest of the input and the drawing's revision: stored images are named by it."""
        text = "\x1f".join(
            (str(ART_REVISION), self.title, self.issuer, self.focus_area_slug, self.focus_area_name)
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def family(focus_area_slug: str) -> tuple[Palette, str]:
    """The colours and shape of every badge of a focus area: those of its icon's family when
    its slug names a known theme (so related areas look related), else from its hash."""
    icon = icon_for(focus_area_slug)
    if icon in ICON_FAMILIES:
        palette_name, shape = ICON_FAMILIES[icon]
        return next(p for p in PALETTES if p.name == palette_name), shape
    digest = _digest("family", focus_area_slug)
    return PALETTES[digest[0] % len(PALETTES)], SHAPES[digest[1] % len(SHAPES)]


# --------------------------------------------------------------------------- text


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


@cache
def _font_file(name: str) -> str | None:
    for folder in _FONT_DIRS:
        found = next(Path(folder).rglob(name), None) if Path(folder).is_dir() else None
        if found is not None:
            return str(found)
    return None


@cache
def _measuring_font(bold: bool, size: int) -> ImageFont.FreeTypeFont | None:
    path = _font_file(_BOLD if bold else _REGULAR)
    return ImageFont.truetype(path, size) if path else None


def text_width(text: str, *, size: int, bold: bool = False) -> float:
    """The drawn width of `text` in pixels (an estimate when the font is missing)."""
    font = _measuring_font(bold, size)
    if font is None:
        return len(text) * size * (0.66 if bold else 0.6)
    return float(font.getlength(text))


def _ellipsize(text: str, *, size: int, width: float, bold: bool) -> str:
    if text_width(text, size=size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size=size, bold=bold) > width:
        text = text[:-1].rstrip()
    return text + "…"


def _wrap(words: list[str], *, size: int, width: float) -> list[str]:
    """Greedy wrapping by measured width; a word wider than the line is cut with an ellipsis."""
    lines: list[str] = []
    for word in words:
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size=size, bold=True) <= width:
            lines[-1] = candidate
        else:
            lines.append(_ellipsize(word, size=size, width=width, bold=True))
    return lines


def fit_title(title: str, *, width: float = 372, height: float = 150) -> tuple[int, list[str]]:
    """The largest font size (46 down to 24) at which the title wraps into the space without
    cutting a word; else, at the smallest, the lines that fit and an ellipsis."""
    words = _NOT_XML.sub("", title).split() or ["Untitled"]
    for size in range(46, 23, -2):
        if any(text_width(word, size=size, bold=True) > width for word in words):
            continue  # a smaller size before cutting a word
        lines = _wrap(words, size=size, width=width)
        if len(lines) * size * 1.18 <= height:
            return size, lines
    size = 24
    lines = _wrap(words, size=size, width=width)
    keep = int(height // (size * 1.18))
    if len(lines) > keep:
        last = _ellipsize(lines[keep - 1] + " …", size=size, width=width, bold=True)
        lines = [*lines[: keep - 1], last]
    return size, lines


# --------------------------------------------------------------------------- shapes


def _polygon(sides: int, radius: float, turn: float) -> str:
    points = []
    for index in range(sides):
        angle = turn + 2 * math.pi * index / sides
        points.append(f"{300 + radius * math.cos(angle):.1f},{300 + radius * math.sin(angle):.1f}")
    return "M" + " L".join(points) + " Z"


def _seal(radius: float, bumps: int = 30, depth: float = 11) -> str:
    points = []
    for index in range(bumps * 6):
        angle = 2 * math.pi * index / (bumps * 6)
        r = radius - depth / 2 + depth / 2 * math.cos(bumps * angle)
        points.append(f"{300 + r * math.cos(angle):.1f},{300 + r * math.sin(angle):.1f}")
    return "M" + " L".join(points) + " Z"


def _shield(inset: float) -> str:
    top, side, bottom = 34 + inset, 62 + inset, 574 - inset * 1.3
    left, right = side, SIZE - side
    return (
        f"M300,{top} C{380 - inset / 2},{top + 40} {470 - inset},{top + 44} {right},{top + 40} "
        f"L{right},300 C{right},{420 - inset / 3} {420 - inset / 2},{510 - inset / 2} "
        f"300,{bottom} "
        f"C{180 + inset / 2},{510 - inset / 2} {left},{420 - inset / 3} {left},300 "
        f"L{left},{top + 40} C{130 + inset},{top + 44} {220 + inset / 2},{top + 40} 300,{top} Z"
    )


def _rounded(inset: float) -> str:
    low, high, r = 46 + inset, 554 - inset, 90 - inset / 2
    return (
        f"M{low + r},{low} H{high - r} Q{high},{low} {high},{low + r} V{high - r} "
        f"Q{high},{high} {high - r},{high} H{low + r} Q{low},{high} {low},{high - r} "
        f"V{low + r} Q{low},{low} {low + r},{low} Z"
    )


def shape_path(shape: str, inset: float = 0) -> str:
    """The outline of a shape, `inset` pixels inside the outer one."""
    if shape == "seal":
        return _seal(282 - inset, depth=11 if inset == 0 else 0)
    if shape == "hexagon":
        return _polygon(6, 292 - inset * 1.15, -math.pi / 2)
    if shape == "octagon":
        return _polygon(8, 290 - inset * 1.08, math.pi / 8)
    if shape == "shield":
        return _shield(inset)
    return _rounded(inset)


# --------------------------------------------------------------------------- icons

# Our own icons, drawn with white strokes in a 100 x 100 box (centre 50, 50).
ICONS: dict[str, str] = {
    "check-bubble": (
        '<path d="M14 22 H86 Q92 22 92 28 V66 Q92 72 86 72 H46 L28 88 V72 H14 Q8 72 8 66 '
        'V28 Q8 22 14 22 Z"/><path d="M30 47 L44 60 L70 34"/>'
    ),
    "bar-chart": (
        '<path d="M10 88 H90"/><path d="M22 88 V58"/><path d="M40 88 V36"/>'
        '<path d="M58 88 V48"/><path d="M76 88 V16"/><path d="M16 40 L40 22 L58 32 L84 10"/>'
    ),
    "clipboard": (
        '<path d="M30 16 H20 Q14 16 14 22 V88 Q14 94 20 94 H80 Q86 94 86 88 V22 Q86 16 80 16 '
        'H70"/><path d="M36 8 H64 V24 H36 Z"/><path d="M28 46 L34 52 L44 40"/>'
        '<path d="M52 46 H72"/><path d="M28 70 L34 76 L44 64"/><path d="M52 70 H72"/>'
    ),
    "lightbulb": (
        '<path d="M36 70 Q36 60 28 52 Q18 42 20 30 Q24 8 50 8 Q76 8 80 30 Q82 42 72 52 '
        'Q64 60 64 70 Z"/><path d="M38 80 H62"/><path d="M42 90 H58"/><path d="M50 70 V46"/>'
        '<path d="M40 38 L50 46 L60 38"/>'
    ),
    "flame": (
        '<path d="M50 94 Q18 92 18 62 Q18 40 40 22 Q42 38 52 42 Q50 20 62 6 Q84 30 84 60 '
        'Q84 92 50 94 Z"/><path d="M50 92 Q36 88 36 74 Q36 64 48 56 Q50 66 58 68 Q66 74 62 82 '
        'Q58 92 50 92 Z"/>'
    ),
    "atom": (
        '<ellipse cx="50" cy="50" rx="42" ry="16"/>'
        '<ellipse cx="50" cy="50" rx="42" ry="16" transform="rotate(60 50 50)"/>'
        '<ellipse cx="50" cy="50" rx="42" ry="16" transform="rotate(120 50 50)"/>'
        '<circle cx="50" cy="50" r="5" fill="#fff"/>'
    ),
    "target": (
        '<circle cx="46" cy="54" r="38"/><circle cx="46" cy="54" r="23"/>'
        '<circle cx="46" cy="54" r="7" fill="#fff"/><path d="M46 54 L86 14"/>'
        '<path d="M74 12 L86 14 L88 26"/>'
    ),
    "home-heart": (
        '<path d="M8 50 L50 12 L92 50"/><path d="M20 40 V90 H80 V40"/>'
        '<path d="M50 80 Q30 66 32 54 Q34 44 44 46 Q48 47 50 52 Q52 47 56 46 Q66 44 68 54 '
        'Q70 66 50 80 Z"/>'
    ),
    "network": (
        '<circle cx="50" cy="20" r="11"/><circle cx="18" cy="78" r="11"/>'
        '<circle cx="82" cy="78" r="11"/><path d="M44 30 L24 68"/><path d="M56 30 L76 68"/>'
        '<path d="M29 78 H71"/><circle cx="50" cy="58" r="6" fill="#fff"/>'
    ),
    "book": (
        '<path d="M50 24 Q34 12 10 14 V80 Q34 78 50 90 Q66 78 90 80 V14 Q66 12 50 24 Z"/>'
        '<path d="M50 24 V90"/>'
    ),
    "compass": (
        '<circle cx="50" cy="50" r="42"/><path d="M64 36 L56 56 L36 64 L44 44 Z"/>'
        '<path d="M50 8 V16"/><path d="M50 84 V92"/><path d="M8 50 H16"/><path d="M84 50 H92"/>'
    ),
    "star": ('<path d="M50 8 L61 36 L92 38 L68 58 L76 90 L50 72 L24 90 L32 58 L8 38 L39 36 Z"/>'),
}
# A focus area's icon from the words of its slug; one that matches none gets a generic icon.
ICON_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("understanding", "checking", "question", "formative"), "check-bubble"),
    (("data", "analytics", "evidence"), "bar-chart"),
    (("executive", "planning", "organization", "self-regulation"), "clipboard"),
    (("deeper", "thinking", "inquiry", "project"), "lightbulb"),
    (("motivation", "engagement-motivation", "belonging", "agency"), "flame"),
    (("stem", "science", "math", "mathematics", "computer", "engineering"), "atom"),
    (("assessment", "grading", "feedback"), "target"),
    (("family", "families", "community-partnerships", "home"), "home-heart"),
    (("virtual", "online", "community", "leadership", "collaboration"), "network"),
    (("literacy", "reading", "writing"), "book"),
)
GENERIC_ICONS = ("compass", "star")
# Each theme's colours and shape, all pairs different.
ICON_FAMILIES: dict[str, tuple[str, str]] = {
    "check-bubble": ("navy", "shield"),
    "bar-chart": ("teal", "hexagon"),
    "clipboard": ("slate", "rounded"),
    "lightbulb": ("plum", "seal"),
    "flame": ("crimson", "octagon"),
    "atom": ("indigo", "hexagon"),
    "target": ("forest", "shield"),
    "home-heart": ("rust", "seal"),
    "network": ("berry", "octagon"),
    "book": ("forest", "rounded"),
}


def icon_for(focus_area_slug: str) -> str:
    words = set(focus_area_slug.lower().split("-"))
    for keys, icon in ICON_WORDS:
        if words & set(keys):
            return icon
    return GENERIC_ICONS[_digest("icon", focus_area_slug)[0] % len(GENERIC_ICONS)]


# --------------------------------------------------------------------------- drawing


def _sunburst(title: str) -> str:
    digest = _digest("rays", title)
    rays = (12, 16, 20, 24)[digest[0] % 4]
    turn = digest[1] / 255 * (360 / rays)
    wedges = []
    for index in range(rays):
        start = math.radians(turn + index * 360 / rays)
        end = start + math.radians(180 / rays)
        wedges.append(
            f"M300,300 L{300 + 420 * math.cos(start):.1f},{300 + 420 * math.sin(start):.1f} "
            f"L{300 + 420 * math.cos(end):.1f},{300 + 420 * math.sin(end):.1f} Z"
        )
    return f'<path d="{" ".join(wedges)}" fill="#ffffff" fill-opacity="0.06"/>'


def _title_block(title: str) -> str:
    size, lines = fit_title(title)
    leading = size * 1.18
    first = 338 - (len(lines) - 1) * leading / 2 + size * 0.36
    return "".join(
        f'<text x="300" y="{first + index * leading:.1f}" font-size="{size}" '
        f'font-weight="bold">{_xml_text(line)}</text>'
        for index, line in enumerate(lines)
    )


def _ribbon(issuer: str, palette: Palette) -> str:
    size = 22
    while size > 15 and text_width(issuer, size=size) > 400:
        size -= 1
    name = _ellipsize(_NOT_XML.sub("", issuer), size=size, width=400, bold=False)
    return (
        f'<path d="M40,448 L92,448 L92,512 L40,512 L62,480 Z" fill="{palette.accent}"/>'
        f'<path d="M560,448 L508,448 L508,512 L560,512 L538,480 Z" fill="{palette.accent}"/>'
        f'<path d="M92,512 L92,526 L120,512 Z M508,512 L508,526 L480,512 Z" fill="{palette.dark}"/>'
        f'<path d="M80,434 H520 V512 H80 Z" fill="{palette.accent}"/>'
        f'<path d="M80,434 H520 V512 H80 Z" fill="none" stroke="{palette.dark}" '
        f'stroke-opacity="0.25" stroke-width="2"/>'
        f'<text x="300" y="{473 + size * 0.36:.1f}" font-size="{size}" fill="{palette.dark}">'
        f"{_xml_text(name)}</text>"
    )


def badge_svg(art: ArtInput) -> str:
    """The badge image as a standalone SVG document (600 x 600)."""
    palette, shape = family(art.focus_area_slug)
    icon = ICONS[icon_for(art.focus_area_slug)]
    label = f"Badge: {_NOT_XML.sub('', art.title)}, issued by {_NOT_XML.sub('', art.issuer)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" '
        f'height="{SIZE}" role="img" aria-label={quoteattr(escape(label))}>'
        f"<title>{_xml_text(art.title)}</title>"
        "<defs>"
        '<linearGradient id="body" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{palette.light}"/>'
        f'<stop offset="1" stop-color="{palette.dark}"/></linearGradient>'
        f'<clipPath id="inside"><path d="{shape_path(shape, 22)}"/></clipPath>'
        "</defs>"
        f'<path d="{shape_path(shape)}" fill="{palette.accent}"/>'
        f'<path d="{shape_path(shape, 14)}" fill="{palette.dark}"/>'
        f'<path d="{shape_path(shape, 22)}" fill="url(#body)"/>'
        f'<g clip-path="url(#inside)">{_sunburst(art.title)}</g>'
        f'<path d="{shape_path(shape, 34)}" fill="none" stroke="#ffffff" stroke-opacity="0.35" '
        'stroke-width="2" stroke-dasharray="2 7" stroke-linecap="round"/>'
        f'<circle cx="300" cy="178" r="70" fill="#ffffff" fill-opacity="0.13" '
        f'stroke="{palette.accent}" stroke-width="4"/>'
        '<g transform="translate(256 134) scale(0.88)" fill="none" stroke="#ffffff" '
        f'stroke-width="7" stroke-linecap="round" stroke-linejoin="round">{icon}</g>'
        f'<g fill="#ffffff" font-family="{FONT_FAMILY}, sans-serif" text-anchor="middle">'
        f"{_title_block(art.title)}</g>"
        f'<g font-family="{FONT_FAMILY}, sans-serif" text-anchor="middle">'
        f"{_ribbon(art.issuer, palette)}</g>"
        "</svg>"
    )


def render_png(svg: str, *, size: int = SIZE) -> bytes:
    """Rasterize one of our SVGs. With the DejaVu files found, only they are loaded (fast and
    the same on every machine); otherwise the system's fonts."""
    fonts = [path for path in (_font_file(_REGULAR), _font_file(_BOLD)) if path]
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=size,
            height=size,
            skip_system_fonts=len(fonts) == 2,
            font_files=fonts or None,
            font_family=FONT_FAMILY,
            sans_serif_family=FONT_FAMILY,
        )
    )


def badge_png(art: ArtInput) -> bytes:
    """The badge image as a 600 x 600 PNG."""
    return render_png(badge_svg(art))
