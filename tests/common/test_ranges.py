"""Byte ranges: which part of a file a `Range` header asks for (common/ranges.py)."""

import pytest

from common.ranges import ByteRange, Unsatisfiable, parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-", ByteRange(0, 999)),
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=500-", ByteRange(500, 999)),
        ("bytes=990-5000", ByteRange(990, 999)),  # clipped to the end of the file
        ("bytes=-100", ByteRange(900, 999)),  # the last 100 bytes
        ("bytes=-5000", ByteRange(0, 999)),
        ("BYTES = 10 - 19", ByteRange(10, 19)),
    ],
)
def test_a_single_range_is_read(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize(
    "header",
    ["", "bytes=", "bytes=-", "items=0-9", "bytes=0-9,20-29", "bytes=9-0", "bytes=a-b"],
)
def test_what_is_not_one_readable_range_answers_the_whole_file(header):
    assert parse_range(header, 1000) is None


@pytest.mark.parametrize(("header", "size"), [("bytes=1000-", 1000), ("bytes=-0", 1000)])
def test_a_range_past_the_end_is_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


def test_an_empty_file_has_no_satisfiable_range():
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-10", 0)
