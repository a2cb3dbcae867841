"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server:
screenshots, and the official Open Badges 2.0 validator for the journeys."""

from pathlib import Path

import pytest

from tests.support.browser import SCREENSHOTS
from tests.support.ob2_validator import Validator, install_validator


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot as a test artifact: screenshot("step-name")."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def ob2_validator() -> Validator:
    """The official Open Badges 2.0 validator (tests/badges/test_ob2_validator.py says more)."""
    return install_validator()
