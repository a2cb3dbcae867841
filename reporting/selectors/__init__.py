"""Every non-trivial read of district reporting, one module per part: staff progress
(progress.py), the dashboard's statistics and the earned export (dashboard.py), transcripts
(transcripts.py), assignments (assignments.py), credit granted by recognition bodies
(credit.py)."""

from .assignments import (
    assignment_progress,
    assignment_rows,
    assignments_for_educator,
    assignments_in,
)
from .credit import BodyCreditRow, credit_granted_by_body, credit_granted_text
from .dashboard import (
    DashboardSummary,
    EpochSeconds,
    Median,
    dashboard_summary,
    earned_in_scope,
    earned_in_scope_by_educators,
    median_days_to_earn,
    scoped_submissions,
)
from .progress import (
    NUMBERS,
    SORTS,
    STATUS_FILTERS,
    CountedPaginator,
    ProgressFilters,
    first_earned,
    staff_people,
    staff_progress,
    staff_progress_for,
    staff_progress_ids,
    staff_progress_page,
)
from .transcripts import Transcript, TranscriptEntry, transcript_for, verification_links

__all__ = [
    "NUMBERS",
    "SORTS",
    "STATUS_FILTERS",
    "BodyCreditRow",
    "CountedPaginator",
    "DashboardSummary",
    "EpochSeconds",
    "Median",
    "ProgressFilters",
    "Transcript",
    "TranscriptEntry",
    "assignment_progress",
    "assignment_rows",
    "assignments_for_educator",
    "assignments_in",
    "credit_granted_by_body",
    "credit_granted_text",
    "dashboard_summary",
    "earned_in_scope",
    "earned_in_scope_by_educators",
    "first_earned",
    "median_days_to_earn",
    "scoped_submissions",
    "staff_people",
    "staff_progress",
    "staff_progress_for",
    "staff_progress_ids",
    "staff_progress_page",
    "transcript_for",
    "verification_links",
]
