"""Badges hears of a pass and of a renewal request as domain events (common/events.py):
submissions and reviews stand below badges and never import it."""

from common import events


def test_badges_listens_to_the_pass_and_the_renewal_request():
    assert "badges.request_badge" in events.subscribers(events.SUBMISSION_PASSED)
    assert "badges.renewal" in events.subscribers(events.SUBMISSION_RENEWAL_REQUESTED)
