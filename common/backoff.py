"""The one retry schedule of background work: exponential backoff, capped."""

# Past this many doublings every delay is at its cap (and 2**n stays a small number).
_MAX_DOUBLINGS = 32


def backoff_seconds(retries: int, *, base: float, cap: float) -> int:
    """Seconds to wait after `retries` earlier tries: base, 2 x base, 4 x base ... at most
    `cap`."""
    doublings = min(max(retries, 0), _MAX_DOUBLINGS)
    return int(min(base * 2**doublings, cap))
