"""An XLSX workbook of one sheet, written as it streams: the zip archive goes out as its bytes
are made, so the first bytes leave after the first rows, whatever the number of rows, and memory
stays flat (issue 26).

openpyxl's write-only mode keeps memory flat too, but writes the whole file before anything can
be sent: 68 s for a state of 100,000 educators before the first byte. The parts are the
smallest set spreadsheet programs and openpyxl open: content types, relationships, the workbook,
a style sheet with a date and a date-time format, and the sheet, whose cells are inline strings,
numbers, booleans and dates (Excel's serial days).
"""

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# Rows written before the bytes so far are sent (the archive compresses as it goes).
ROWS_PER_FLUSH = 200
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk built in)
_STYLE_DATE, _STYLE_DATETIME = 1, 2
# Characters XML 1.0 cannot carry at all: dropped, as a spreadsheet could not show them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_NS = "http://schemas.openxmlformats.org"
_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{_NS}/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""  # noqa: E501
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_NS}/package/2006/relationships">
<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""  # noqa: E501
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_NS}/package/2006/relationships">
<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""  # noqa: E501
# Built-in number formats: 14 is a date, 22 a date and time.
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_NS}/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_SHEET_START = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><sheetData>"""
_SHEET_END = "</sheetData></worksheet>"


def _workbook(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" '
        f'xmlns:r="{_NS}/officeDocument/2006/relationships"><sheets>'
        f'<sheet name={quoteattr(title[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


class _Sink:
    """A write-only, unseekable file: what the archive writes waits here until it is sent."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        data, self.parts = b"".join(self.parts), []
        if data:
            yield data


def xlsx_stream(
    header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> Iterator[bytes]:
    """The workbook's bytes, the sheet first: the first ones leave once the first rows are in."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((_SHEET_START + _row(1, header)).encode())
            for number, row in enumerate(rows, start=2):
                sheet.write(_row(number, row).encode())
                if number % ROWS_PER_FLUSH == 0:
                    yield from sink.drain()
            sheet.write(_SHEET_END.encode())
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _workbook(title)),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/styles.xml", _STYLES),
        ):
            archive.writestr(name, text)
    yield from sink.drain()


def _row(number: int, values: Sequence[Any]) -> str:
    return f'<row r="{number}">' + "".join(_cell(value) for value in values) + "</row>"


def _cell(value: Any) -> str:
    """One cell; a value of another type is written as its text."""
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        return f'<c s="{_STYLE_DATETIME}"><v>{_serial(value)}</v></c>'
    if isinstance(value, date):
        return f'<c s="{_STYLE_DATE}"><v>{(value - _EPOCH).days}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _serial(moment: datetime) -> str:
    """Days since Excel's epoch, with the time of day as the fraction (as the clock shows it:
    the exports pass local times)."""
    clock = moment.time()
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    return repr((moment.date() - _EPOCH).days + seconds / 86400)
