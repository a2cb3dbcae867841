"""`manage.py rebuild_progress_rollup` repairs what a write around the saves left stale (ADR
0038, 0040): a status changed with QuerySet.update() is in the educator's row and in the
organizations' statistics after the command."""

import io

import pytest
from django.core.management import CommandError, call_command

from reporting.models import EducatorProgress
from reporting.selectors import ProgressFilters, dashboard_summary
from submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_the_command_recomputes_a_row_a_bulk_update_left_stale(cast, activity):
    educator = cast.educator
    earned_before = EducatorProgress.objects.get(educator_id=educator.pk).earned
    drafts = Submission.objects.filter(educator=educator, status=Submission.Status.DRAFT)
    assert drafts.exists()
    drafts.update(status=Submission.Status.SUBMITTED)  # no save(): the rollup does not see it
    stale = EducatorProgress.objects.get(educator_id=educator.pk)
    assert stale.in_progress > 0
    live = dashboard_summary(cast.state, ProgressFilters(), live=True)
    assert dashboard_summary(cast.state, ProgressFilters()) != live  # the cells are stale

    out = io.StringIO()
    call_command("rebuild_progress_rollup", "--chunk", "2", stdout=out)

    row = EducatorProgress.objects.get(educator_id=educator.pk)
    assert row.in_progress == 0
    assert row.submitted == stale.submitted + stale.in_progress
    assert row.earned == earned_before
    assert dashboard_summary(cast.state, ProgressFilters()) == live
    assert "Progress rollup rebuilt:" in out.getvalue()


def test_a_chunk_below_one_is_refused_with_a_message():
    with pytest.raises(CommandError, match=r"--chunk must be at least 1\."):
        call_command("rebuild_progress_rollup", "--chunk", "0")
    with pytest.raises(CommandError):
        call_command("rebuild_progress_rollup", "--chunk", "many")
