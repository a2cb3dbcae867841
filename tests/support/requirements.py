"""What a test needs from the machine (redis-server, PostgreSQL binaries, ffmpeg, Chromium,
Node, poppler), asked in one place. On a developer's machine a missing one skips the test with
how to install it; under CI (`CI=true`) it fails the test: a suite that skips its fault tests
would pass while proving nothing."""

import os
import shutil
from pathlib import Path

import pytest

MAKE_INSTALLS = "`make test` installs it (scripts/system-deps.sh, as root)"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(available: bool, what: str, install: str = MAKE_INSTALLS) -> None:
    """Skip (locally) or fail (under CI) the running test when `what` is not available."""
    if available:
        return
    message = f"{what} is missing: {install}"
    if under_ci():
        pytest.fail(f"{message} (CI=true: a missing service fails, never skips)", pytrace=False)
    pytest.skip(message)


def require_binary(name: str, install: str = MAKE_INSTALLS) -> str:
    """The path of the executable `name` (an absolute path, or a name looked up on PATH)."""
    path = name if Path(name).is_absolute() and os.access(name, os.X_OK) else shutil.which(name)
    require(path is not None, f"`{name}`", install)
    assert path is not None
    return path
