"""The attack suite's fixtures: the world (tests/support/security.py builds it: one object of
every kind a URL can name, who owns each) and the educator's draft with its file requirements."""

import pytest

from tests.support.cast import Cast
from tests.support.security import World, build_world
from tests.support.submissions import evidence_draft


@pytest.fixture
def world(cast: Cast) -> World:
    return build_world(cast)


@pytest.fixture
def draft(cast):
    """The educator's draft attempt and its five file requirements."""
    return evidence_draft(cast)
