"""Media: probing and derived files. Duration and codecs (ffprobe, or `ffmpeg -i`), a poster,
a web-playable rendition (H.264/AAC MP4, or AAC audio) and image previews, with ffmpeg and
Pillow. Touches no database and no storage: paths in, paths out.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from common.cpu_priority import niced

from .media import Format, Rejected, inspect_file

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identified:
    """What a file is: its kind, the content type we will serve it as, and probed streams."""

    kind: str  # video/audio/document/image
    content_type: str
    label: str
    info: dict[str, Any] = field(default_factory=dict)  # duration and streams, for media


@dataclass
class Outputs:
    """What processing learned and made; paths are in the work directory."""

    duration_seconds: float | None = None
    media_info: dict[str, Any] = field(default_factory=dict)
    poster: Path | None = None
    rendition: Path | None = None
    rendition_type: str = ""
    preview: Path | None = None


def identify(path: Path) -> Identified:
    """The file's real kind, probing media streams (an MP4 may hold only sound)."""
    found = inspect_file(path)
    if found.kind not in ("media", "video", "audio"):
        return Identified(found.kind, found.content_type, found.label)
    info = probe(path)
    kind = media_kind(found, info)
    content_type = found.content_type
    if kind == "audio" and content_type.startswith("video/"):
        content_type = "audio/" + content_type.split("/", 1)[1]
    return Identified(kind, content_type, found.label, info)


@lru_cache(maxsize=1)
def ffmpeg_binary() -> str:
    """settings.EVIDENCE_FFMPEG_BINARY, else imageio-ffmpeg's pinned binary, else Debian's."""
    if settings.EVIDENCE_FFMPEG_BINARY:
        return str(settings.EVIDENCE_FFMPEG_BINARY)
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if found is None:
            raise RuntimeError("No ffmpeg: install imageio-ffmpeg or Debian's ffmpeg") from None
        return found


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    # At processing's lower CPU priority even in a worker that also serves other queues: a
    # transcode must not slow a badge or an email down (common/cpu_priority.py).
    command = niced(args, settings.EVIDENCE_PROCESSING_NICE)
    return subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603


def probe(path: Path) -> dict[str, Any]:
    """Duration and streams: {"duration": float|None, "streams": [{"type", "codec", ...}]}."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe:
        result = _run(
            [ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
            timeout=120,
        )
        if result.returncode == 0:
            return _from_ffprobe(json.loads(result.stdout or b"{}"))
    return _from_ffmpeg_banner(_run([ffmpeg_binary(), "-hide_banner", "-i", str(path)], 120))


def _from_ffprobe(data: dict[str, Any]) -> dict[str, Any]:
    streams = []
    for stream in data.get("streams", []):
        attached = stream.get("disposition", {}).get("attached_pic") == 1
        streams.append(
            {
                "type": "image" if attached else stream.get("codec_type"),
                "codec": stream.get("codec_name"),
                "width": stream.get("width"),
                "height": stream.get("height"),
                "pix_fmt": stream.get("pix_fmt"),
            }
        )
    duration = data.get("format", {}).get("duration")
    return {"duration": float(duration) if duration else None, "streams": streams}


BANNER_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
BANNER_STREAM = re.compile(r"Stream #\d+:\d+.*?: (Video|Audio): (\w+)([^\n]*)")


def _from_ffmpeg_banner(result: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    """Parse `ffmpeg -i` (which always "fails": no output file) when ffprobe is missing."""
    text = result.stderr.decode("utf-8", "replace")
    match = BANNER_DURATION.search(text)
    duration = None
    if match:
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    streams = []
    for kind, codec, rest in BANNER_STREAM.findall(text):
        size = re.search(r", (\d{2,5})x(\d{2,5})", rest)
        attached = "attached pic" in rest
        streams.append(
            {
                "type": "image" if attached else kind.lower(),
                "codec": codec,
                "width": int(size.group(1)) if size else None,
                "height": int(size.group(2)) if size else None,
                "pix_fmt": None,
            }
        )
    return {"duration": duration, "streams": streams}


def derive_outputs(path: Path, found: Identified, workdir: Path) -> Outputs:
    """Facts and reviewer-friendly files for an accepted file. Raises Rejected if unreadable."""
    if found.kind in ("video", "audio"):
        outputs = Outputs(
            duration_seconds=found.info["duration"],
            media_info={"streams": found.info["streams"], "format": found.label},
        )
        if found.kind == "video":
            outputs.poster = _poster(path, found.info["duration"], workdir)
            outputs.rendition, outputs.rendition_type = _video_rendition(path, found.info, workdir)
        else:
            outputs.rendition, outputs.rendition_type = _audio_rendition(path, workdir)
        return outputs
    if found.kind == "image":
        preview, info = _image_preview(path, found, workdir)
        return Outputs(media_info=info, preview=preview)
    return Outputs(media_info={"format": found.label})


def media_kind(found: Format, info: dict[str, Any]) -> str:
    """Video when a real picture stream is present, audio when only sound, else unreadable."""
    types = {stream["type"] for stream in info["streams"]}
    if "video" in types and found.kind != "audio":
        return "video"
    if "audio" in types:
        return "audio"
    raise Rejected("This file has no sound or picture we can read; it may be damaged.")


def _ffmpeg(args: list[str], output: Path, what: str) -> Path:
    timeout = settings.EVIDENCE_PROCESSING_SOFT_TIME_LIMIT
    result = _run([ffmpeg_binary(), "-hide_banner", "-nostdin", "-y", *args, str(output)], timeout)
    if result.returncode != 0 or not output.is_file() or output.stat().st_size == 0:
        logger.warning("ffmpeg %s failed: %s", what, result.stderr[-2000:].decode(errors="replace"))
        raise Rejected(f"We could not read this file to make its {what}; it may be damaged.")
    return output


def _poster(path: Path, duration: float | None, workdir: Path) -> Path:
    at = min(1.0, (duration or 0) / 2)
    return _ffmpeg(
        ["-ss", f"{at:.2f}", "-i", str(path), "-frames:v", "1", "-vf",
         "scale='min(640,iw)':-2", "-q:v", "4"],
        workdir / "poster.jpg",
        "poster",
    )  # fmt: skip


def _video_rendition(path: Path, info: dict[str, Any], workdir: Path) -> tuple[Path, str]:
    """H.264/AAC MP4 with the index up front; a copy when it already plays everywhere."""
    video = next(s for s in info["streams"] if s["type"] == "video")
    audio = [s for s in info["streams"] if s["type"] == "audio"]
    playable = (
        video["codec"] == "h264"
        and video.get("pix_fmt") in ("yuv420p", None)
        and (video.get("width") or 0) <= 1920
        and all(s["codec"] == "aac" for s in audio)
    )
    codecs = (
        ["-c", "copy"]
        if playable
        else ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
              "-vf", "scale='min(1280,iw)':-2", "-c:a", "aac", "-b:a", "128k", "-ac", "2"]
    )  # fmt: skip
    args = ["-i", str(path), "-map", "0:v:0", "-map", "0:a:0?", *codecs, "-movflags", "+faststart"]
    return _ffmpeg(args, workdir / "rendition.mp4", "playable copy"), "video/mp4"


def _audio_rendition(path: Path, workdir: Path) -> tuple[Path, str]:
    args = ["-i", str(path), "-vn", "-map", "0:a:0", "-c:a", "aac", "-b:a", "128k"]
    args += ["-movflags", "+faststart"]
    return _ffmpeg(args, workdir / "rendition.m4a", "playable copy"), "audio/mp4"


# Images larger than this are accepted but get no preview: decoding them would cost the worker
# hundreds of megabytes.
MAX_PREVIEW_PIXELS = 60_000_000


def _image_preview(
    path: Path, found: Identified, workdir: Path
) -> tuple[Path | None, dict[str, Any]]:
    """A JPEG at most 800 px wide, from Pillow (ffmpeg for HEIC); none if impractical."""
    target = workdir / "preview.jpg"
    if found.content_type in ("image/heic", "image/heif"):
        try:
            return _ffmpeg(["-i", str(path), "-frames:v", "1", "-vf", "scale='min(800,iw)':-2"],
                           target, "preview"), {"format": found.label}  # fmt: skip
        except Rejected:
            return None, {"format": found.label}  # HEIC variants ffmpeg cannot read: no preview
    try:
        with Image.open(path) as image:
            info = {"format": found.label, "width": image.width, "height": image.height}
            if image.width * image.height > MAX_PREVIEW_PIXELS:
                return None, info
            image.draft("RGB", (800, 800))  # JPEG: decode at reduced scale, far less memory
            image.seek(0)
            image.thumbnail((800, 800))
            image.convert("RGB").save(target, "JPEG", quality=80)
            return target, info
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise Rejected("This image is damaged or cannot be read.") from error
