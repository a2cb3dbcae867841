"""CSV and XLSX exports that stay flat in memory whatever the number of rows.

Both stream: rows come from `.iterator(chunk_size=2000)` (a server-side cursor on PostgreSQL)
and go out as they are written, CSV line by line, XLSX as its zip archive is made
(xlsx_stream.py). Every text cell is guarded against formula injection.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import StreamingHttpResponse
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization, Role
from submissions.models import Submission

from .selectors import credit_granted_text, verification_links
from .xlsx_stream import xlsx_stream

CHUNK = 2000
FIRST_CHUNK = 100
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

PROGRESS_HEADER = [
    "Name",
    "Email",
    "School",
    "In progress",
    "Submitted",
    "Not yet",
    "Earned",
    "PD hours",
    "Last activity",
    "Credit granted",  # last, so columns that imports already read keep their places
]
PROGRESS_FIELDS = (
    "display_name",
    "email",
    "school_name",
    "in_progress",
    "submitted",
    "not_yet",
    "earned",
    "pd_hours",
    "last_activity_at",
)
EARNED_HEADER = [
    "Name",
    "Email",
    "School",
    "Micro-credential",
    "Focus area",
    "Issuer",
    "Earned on",
    "PD hours",
    "CEUs",
    "Verification URL",
    "Renewal",  # last, so columns that imports already read keep their places
]


def safe_cell(value: Any) -> Any:
    """A cell value a spreadsheet will show, never run: text starting like a formula gets a
    leading apostrophe. Numbers and dates pass through (a negative number is not text)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so spreadsheet programs read the file as UTF-8
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str
) -> StreamingHttpResponse:
    values = ([_xlsx_value(value) for value in row] for row in rows)
    response = StreamingHttpResponse(
        xlsx_stream(header, values, title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    return value


# --------------------------------------------------------------------------------------------
# The rows
# --------------------------------------------------------------------------------------------


def progress_rows(people: QuerySet[User]) -> Iterator[tuple[Any, ...]]:
    """The progress table's rows (the dashboard's queryset, with its filters), streamed, with
    each educator's credit granted (looked up once per chunk of rows, never per row)."""
    values = people.values_list("pk", *PROGRESS_FIELDS)
    chunk: list[tuple[Any, ...]] = []
    # A short first chunk: the first rows leave without waiting for a whole chunk of a state.
    size = min(FIRST_CHUNK, CHUNK)
    for row in values.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == size:
            yield from _with_credit(chunk)
            chunk, size = [], CHUNK
    yield from _with_credit(chunk)


def _with_credit(chunk: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    if not chunk:
        return
    credit = credit_granted_text(row[0] for row in chunk)
    for row in chunk:
        yield (*row[1:], credit.get(row[0], ""))


def earned_rows(
    root: Organization, chunks: Iterable[QuerySet[Submission]]
) -> Iterator[tuple[Any, ...]]:
    """Every earned micro-credential, chunk after chunk (selectors.earned_in_scope_by_educators),
    with the verification link when the badges app has one (looked up once per chunk of rows,
    never per row)."""
    for earned in chunks:
        yield from _earned_chunk_rows(root, earned)


def _earned_chunk_rows(
    root: Organization, earned: QuerySet[Submission]
) -> Iterator[tuple[Any, ...]]:
    school = Membership.objects.filter(
        user_id=OuterRef("educator_id"),
        is_active=True,
        role=Role.EDUCATOR,
        organization__path__startswith=root.path,
    ).order_by("pk")
    values = earned.annotate(
        school_name=Subquery(school.values("organization__name")[:1])
    ).values_list(
        "pk",
        "educator__display_name",
        "educator__email",
        "school_name",
        "version__title",
        "version__focus_area__name",
        "credential__issuer__name",
        "decided_at",
        "version__pd_hours",
        "version__ceus",
        "is_renewal",
    )
    chunk: list[tuple[Any, ...]] = []
    for row in values.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _with_links(chunk)
            chunk = []
    yield from _with_links(chunk)


def _with_links(chunk: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    links = verification_links([row[0] for row in chunk])
    for row in chunk:
        decided = row[7]
        earned_on = timezone.localtime(decided).date() if decided else None
        renewal = "yes" if row[10] else "no"
        yield (*row[1:7], earned_on, row[8], row[9], links.get(row[0], ""), renewal)
