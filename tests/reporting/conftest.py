"""Fixtures shared with the organization tests (tests/organizations/conftest.py)."""

from tests.organizations.conftest import credentials  # noqa: F401  (fixture)
