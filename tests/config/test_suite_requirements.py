"""A missing service skips a test on a developer's machine and fails it under CI, and every
test asks through the one helper (tests/support/requirements.py)."""

import re
from pathlib import Path

import pytest

from tests.support.requirements import require, require_binary

TESTS = Path(__file__).resolve().parents[1]
HELPER = TESTS / "support" / "requirements.py"
SKIPPING = re.compile(r"pytest\.skip\(|\.mark\.skip(if)?\b|importorskip\(|unittest\.skip")


def test_a_missing_service_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        require_binary("no-such-binary-here", "apt-get install no-such-package")
    assert "`no-such-binary-here` is missing: apt-get install no-such-package" in str(failed.value)


def test_a_missing_service_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        require(False, "redis-server")
    assert "redis-server is missing: `make test` installs it" in str(skipped.value)


def test_a_present_binary_is_found_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_binary("sh").endswith("/sh")


def test_no_test_skips_except_through_the_helper():
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        if "node_modules" not in path.parts and path != HELPER and path != Path(__file__)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SKIPPING.search(line)
    ]
    assert offenders == []
