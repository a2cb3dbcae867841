"""permission_widen: a higher floor lets more people through a lower app's permission without
restating it (common/permissions.py)."""

import pytest
import rules

from common.permissions import permission_widen


@rules.predicate
def is_ann(user, obj):
    return user == "ann"


@rules.predicate
def is_bob(user, obj):
    return user == "bob"


@pytest.fixture
def declared():
    rules.add_perm("tests.open_probe", is_ann)
    yield "tests.open_probe"
    rules.remove_perm("tests.open_probe")


def test_whoever_passed_still_passes_and_the_new_predicate_admits_more(declared):
    permission_widen(declared, is_bob)
    assert rules.has_perm(declared, "ann")
    assert rules.has_perm(declared, "bob")
    assert not rules.has_perm(declared, "eve")


def test_widening_a_permission_nobody_declared_is_an_error():
    with pytest.raises(LookupError, match="not declared yet"):
        permission_widen("tests.never_declared", is_bob)


def test_the_apps_widen_evidence_in_floor_order():
    """submissions declares it; reviews (claim) and community (critical friend) widen it."""
    text = str(rules.permissions.permissions["submissions.view_evidence"])
    assert text.index("is_submission_owner") < text.index("holds_review_claim")
    assert text.index("holds_review_claim") < text.index("reads_as_critical_friend")
