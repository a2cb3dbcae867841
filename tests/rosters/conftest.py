"""Fixtures shared with the organization tests (tests/organizations/conftest.py)."""

from tests.accounts.conftest import badge_site  # noqa: F401  (fixture)
from tests.organizations.conftest import credentials  # noqa: F401  (fixture)
