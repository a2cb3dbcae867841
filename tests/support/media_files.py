"""Generated media (ffmpeg's test sources): small, so the suite stays fast; and the journeys'
200 MB classroom video, made once and cached."""

import os
import subprocess
from pathlib import Path

from submissions.media_outputs import ffmpeg_binary
from tests.support.servers import ROOT

VIDEO_BYTES = 200_000_000  # the journeys' classroom video
CACHE = ROOT / "test-artifacts" / "cache"


def ffmpeg(*args):
    subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y", *map(str, args)], check=True
    )


def make_video(path):
    """A 3-second test pattern with a sine tone, as a phone would record it (H.264/AAC)."""
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=3",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
    )  # fmt: skip
    return path


def make_slow_video(path):
    """A video browsers cannot play (MPEG-4 Part 2 in AVI, 8 s): it needs a real transcode."""
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30:duration=8",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
        "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-shortest", path,
    )  # fmt: skip
    return path


def make_text(path, size=15 * 1024 * 1024):
    """Plain text (about 17 MiB) three parts long (the uploader's 8 MiB parts), for the upload
    mechanics."""
    line = b"Lesson notes: students explained their reasoning to a partner.\n"
    with path.open("wb") as out:
        for number in range(size // len(line) + 1):
            out.write(b"%08d " % number + line)
    return path


def make_classroom_video() -> Path:
    """A real, playable H.264/AAC MP4 of 200 MB (noise keeps the bitrate high so it is made in
    seconds), generated once and kept in test-artifacts/cache/."""
    path = CACHE / f"video-640x360-h264-aac-crf6-{VIDEO_BYTES}" / "wait-time-lesson.mp4"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two test workers may make it at once: each writes its own file, the rename is atomic.
    partial = path.with_suffix(f".partial-{os.getpid()}.mp4")
    subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=60",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=60",
         "-vf", "noise=alls=60:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "6",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-fs", str(VIDEO_BYTES),
         str(partial)],
        check=True,
        timeout=300,
    )  # fmt: skip
    partial.rename(path)
    return path
