"""District and state admins' reporting pages: staff progress, exports, assignments; and every
educator's transcript. Anything a user may not see answers 404."""

import hashlib
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.db import replica_reads, streamed_from_replica
from common.http import request_user
from organizations.models import Organization
from organizations.selectors import educator_administered_by, schools_under
from organizations.views import get_root_for_user

from . import charts, exports, progress_cache, selectors, services
from .forms import AssignmentForm, ProgressFilterForm
from .models import Assignment
from .transcript_pdf import transcript_pdf as render_transcript_pdf

PAGE_SIZE = 25
COLUMNS = [  # key, heading, numeric
    ("name", "Name", False),
    ("school", "School", False),
    ("in_progress", "In progress", True),
    ("submitted", "Submitted", True),
    ("not_yet", "Not yet", True),
    ("earned", "Earned", True),
    ("pd_hours", "PD hours", True),
    ("last_activity", "Last activity", False),
]


def _query(request: HttpRequest, root: Organization, **changes: str | None) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params: QueryDict = request.GET.copy()
    params["org"] = str(root.public_id)
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


# --------------------------------------------------------------------------------------------
# Dashboard and exports
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    # Who may see what is read from the primary; the figures may come from a replica.
    root, roots = get_root_for_user(request)
    with replica_reads():
        return _dashboard(request, root, roots)


def _dashboard(request: HttpRequest, root: Organization, roots: list[Organization]) -> HttpResponse:
    schools = schools_under(root)
    form = ProgressFilterForm(request.GET or None, schools=schools)
    filters = form.filters()
    page = selectors.staff_progress_page(root, filters, request.GET.get("page"), PAGE_SIZE)
    credit = selectors.credit_granted_text(person.pk for person in page.object_list)
    for person in page.object_list:
        person.credit_granted = credit.get(person.pk, "")
    statistics = _statistics(request, root, filters)
    context: dict[str, Any] = {
        "root": root,
        "roots": roots,
        "form": form,
        "filters": filters,
        "page": page,
        "columns": _columns(request, root, filters.sort),
        "querystring": _query(request, root, page=None),
        "export_query": _query(request, root, page=None),
        "summary": _summary(page.paginator.count, statistics["summary"]),
        "statistics_html": statistics["html"],
        "charts_html": statistics["charts_html"],
        # Live, not in the statistics cache: approvals do not invalidate it.
        "credit_by_body": selectors.credit_granted_by_body(selectors.staff_people(root, filters)),
    }
    # A period that ends before it starts is refused: the form says why, nothing is exported.
    status = 400 if form.range_refused else 200
    return render(request, "reporting/dashboard.html", context, status=status)


def _statistics(
    request: HttpRequest, root: Organization, filters: selectors.ProgressFilters
) -> dict[str, Any]:
    """The headline numbers, the rendered charts and assignments and funnel (the same for
    every admin of this scope with these filters), from the progress cache when current."""

    def compute() -> dict[str, Any]:
        summary = selectors.dashboard_summary(root, filters)
        context = {
            "root": root,
            "funnel": summary.funnel,
            "assignments": selectors.assignment_progress(root, limit=10),
            **_charts(summary),
        }
        # Two fragments: the dashboard leads with the charts, the tables come after the staff.
        return {
            "summary": summary,
            "charts_html": render_to_string("reporting/_dashboard_charts.html", context),
            "html": render_to_string("reporting/_dashboard_statistics.html", context),
        }

    school = filters.school.pk if filters.school else None
    narrowing = (
        school,
        filters.focus_area_id,
        filters.credential_id,
        filters.status,
        filters.start,
        filters.end,
        filters.search,
    )  # fmt: skip  (not the sort)
    scope = hashlib.sha256(f"{root.pk}:{narrowing!r}".encode()).hexdigest()
    # "dashboard-2": entries of the one-fragment layout, still in a cache, are not read.
    statistics = progress_cache.cached_statistics(f"dashboard-2:{scope}", compute)
    return {
        **statistics,
        "html": mark_safe(statistics["html"]),  # noqa: S308 - our template
        "charts_html": mark_safe(statistics["charts_html"]),  # noqa: S308 - our template
    }


def _summary(educators: int, summary: selectors.DashboardSummary) -> list[tuple[str, str]]:
    pd_hours = summary.pd_hours
    hours = f"{pd_hours:.0f}" if pd_hours == pd_hours.to_integral() else f"{pd_hours:.1f}"
    return [
        ("Educators", intcomma(educators)),
        ("In progress", intcomma(summary.in_progress)),
        ("Submitted", intcomma(summary.submitted)),
        ("Earned", intcomma(summary.earned)),
        ("PD hours earned", intcomma(hours)),
    ]


def _columns(request: HttpRequest, root: Organization, sort: str) -> list[dict[str, Any]]:
    """Table headings with the link that sorts by them (again: the other way round)."""
    current, descending = sort.lstrip("-"), sort.startswith("-")
    columns = []
    for key, heading, numeric in COLUMNS:
        active = key == current
        next_sort = key if (not active and not numeric) or (active and descending) else f"-{key}"
        aria = ("descending" if descending else "ascending") if active else ""
        columns.append(
            {
                "key": key,
                "heading": heading,
                "numeric": numeric,
                "url": "?" + _query(request, root, sort=next_sort, page=None),
                "aria_sort": aria,
            }
        )
    return columns


def _charts(summary: selectors.DashboardSummary) -> dict[str, Any]:
    trend = charts.column_chart(
        "Micro-credentials earned per month",
        "Number of micro-credentials earned by the staff in each month of the period.",
        [(charts.month_label(month), count) for month, count in summary.by_month],
    )
    areas = charts.row_chart(
        "Micro-credentials earned by focus area",
        "Number of micro-credentials earned by the staff in each focus area.",
        summary.by_focus_area,
    )
    return {"trend_chart": trend, "focus_chart": areas}


@login_required
@require_GET
def export_progress(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The progress table with the dashboard's current filters, every row (streamed)."""
    root, _roots = get_root_for_user(request)
    form = ProgressFilterForm(request.GET or None, schools=schools_under(root))
    if form.range_refused:
        return _range_refused()
    rows = streamed_from_replica(
        exports.progress_rows(selectors.staff_progress(root, form.filters()))
    )
    name = f"staff-progress-{root.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        return exports.xlsx_response(name, exports.PROGRESS_HEADER, rows, "Staff progress")
    return exports.csv_response(name, exports.PROGRESS_HEADER, rows)


@login_required
@require_GET
def export_earned(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every micro-credential the staff earned (school, focus area, micro-credential, period)."""
    root, _roots = get_root_for_user(request)
    form = ProgressFilterForm(request.GET or None, schools=schools_under(root))
    if form.range_refused:
        return _range_refused()
    filters = form.filters()
    rows = streamed_from_replica(
        exports.earned_rows(root, selectors.earned_in_scope_by_educators(root, filters))
    )
    name = f"earned-credentials-{root.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        return exports.xlsx_response(name, exports.EARNED_HEADER, rows, "Earned")
    return exports.csv_response(name, exports.EARNED_HEADER, rows)


def _range_refused() -> HttpResponse:
    message = "The end date is before the start date: choose a period that ends after it starts."
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


# --------------------------------------------------------------------------------------------
# Transcripts
# --------------------------------------------------------------------------------------------


def _get_educator_for_user(request: HttpRequest, user_id: UUID | None) -> User:
    """The signed-in educator, or a staff member of an organization the admin oversees."""
    if user_id is None:
        return request_user(request)
    person = educator_administered_by(request_user(request), user_id)
    if person is None:
        raise Http404("No such educator")
    return person


@login_required
@require_GET
def transcript(request: HttpRequest, user_id: UUID | None = None) -> HttpResponse:
    educator = _get_educator_for_user(request, user_id)
    context = {
        "transcript": selectors.transcript_for(educator),
        "is_own": educator.pk == request.user.pk,
        "pdf_url": reverse("organizations:transcript_pdf", args=[user_id] if user_id else []),
    }
    return render(request, "reporting/transcript.html", context)


@login_required
@require_GET
def transcript_pdf(request: HttpRequest, user_id: UUID | None = None) -> HttpResponse:
    educator = _get_educator_for_user(request, user_id)
    pdf = render_transcript_pdf(selectors.transcript_for(educator))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = educator.email.split("@")[0].replace('"', "")
    response["Content-Disposition"] = f'inline; filename="transcript-{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest) -> HttpResponse:
    root, roots = get_root_for_user(request)
    schools = schools_under(root)
    form = AssignmentForm(request.POST or None, root=root, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.assignment_create(
            organization=root,
            by=request_user(request),
            kind=data["kind"],
            educator=data["educator"],
            school=data["school_obj"],
            credential=data["credential"],
            stack=data["stack"],
            due_on=data["due_on"],
            note=data["note"],
        )
        messages.success(request, "Saved. The educators see it on their home page.")
        return redirect(f"{reverse('organizations:assignments')}?org={root.public_id}")
    context = {
        "root": root,
        "roots": roots,
        "form": form,
        "rows": selectors.assignment_progress(root, limit=50),
    }
    return render(request, "reporting/assignments.html", context)


@login_required
@require_POST
def assignment_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assignment = (
        Assignment.objects.filter(public_id=public_id).select_related("organization").first()
    )
    user = request_user(request)
    if assignment is None or not user.has_perm(
        "organizations.administer_organization", assignment.organization
    ):
        raise Http404("No such assignment")
    services.assignment_cancel(assignment=assignment)
    messages.info(request, "The assignment was withdrawn.")
    return redirect(
        f"{reverse('organizations:assignments')}?org={assignment.organization.public_id}"
    )
