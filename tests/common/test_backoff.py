"""common.backoff: the one retry schedule (exponential from a base, capped)."""

from common.backoff import backoff_seconds


def test_doubles_from_the_base_up_to_the_cap():
    delays = [backoff_seconds(retries, base=30, cap=3600) for retries in range(9)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_retry_count_far_past_the_cap_stays_at_the_cap():
    assert backoff_seconds(10_000, base=5.0, cap=600) == 600
    assert backoff_seconds(-1, base=5, cap=600) == 5  # "no attempt yet" waits the base
