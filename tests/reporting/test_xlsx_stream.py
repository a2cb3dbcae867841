"""The streamed XLSX workbook (reporting/xlsx_stream.py): a spreadsheet program's reader opens it
with every value and type, and its first bytes leave before the rows run out."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from reporting.xlsx_stream import ROWS_PER_FLUSH, xlsx_stream

HEADER = ["Name", "Count", "Hours", "Last activity", "Earned on", "Empty", "Renewal"]
ROW = [
    "Ann & <Bob>",
    3,
    2.5,
    datetime(2026, 12, 7, 13, 30),
    date(2026, 1, 2),
    None,
    True,
]  # local clock times, as the exports pass them


def test_a_reader_opens_it_with_every_value_and_type():
    rows = [ROW, ["'=cmd|' /c calc'!A1", 0, Decimal("17.5"), None, None, "", False]]
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_stream(HEADER, rows, "Staff progress"))))
    sheet = workbook.active
    assert sheet.title == "Staff progress"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(HEADER)
    assert values[1] == (
        "Ann & <Bob>", 3, 2.5, datetime(2026, 12, 7, 13, 30), datetime(2026, 1, 2), None, True,
    )  # fmt: skip
    assert values[2] == ("'=cmd|' /c calc'!A1", 0, 17.5, None, None, None, False)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    chunks = xlsx_stream(["Name"], [["bell\x07 and\x1f unit"]], "Sheet")
    sheet = load_workbook(io.BytesIO(b"".join(chunks))).active
    assert sheet["A2"].value == "bell and unit"


def test_the_first_bytes_leave_before_the_rows_run_out():
    pulled = 0

    def rows():
        nonlocal pulled
        for _ in range(ROWS_PER_FLUSH * 10):
            pulled += 1
            yield ROW

    stream = xlsx_stream(HEADER, rows(), "Sheet")
    first = next(stream)
    assert first.startswith(b"PK") and pulled <= ROWS_PER_FLUSH
    rest = b"".join(stream)
    assert pulled == ROWS_PER_FLUSH * 10
    assert load_workbook(io.BytesIO(first + rest)).active.max_row == ROWS_PER_FLUSH * 10 + 1
