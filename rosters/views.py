"""A district or state admin's roster imports: upload (the preview), confirm, discard. Anything
a user may not see answers 404."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import request_user
from organizations.selectors import invitations_waiting_under
from organizations.views import get_root_for_user

from . import services
from .forms import RosterUploadForm
from .models import RosterImport, RosterImportRow
from .planning import RosterFileError


def _get_import_for_user(request: HttpRequest, public_id: UUID) -> RosterImport:
    roster_import = (
        RosterImport.objects.filter(public_id=public_id).select_related("organization").first()
    )
    user = request_user(request)
    if (
        roster_import is None
        or not user.has_perm("organizations.view_staff_progress")
        or not user.has_perm("organizations.administer_organization", roster_import.organization)
    ):
        raise Http404("No such import")
    return roster_import


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    root, roots = get_root_for_user(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roster_import = services.roster_import_preview(
                organization=root,
                by=request_user(request),
                users_file=data["users_file"].read(),
                orgs_file=data["orgs_file"].read() if data["orgs_file"] else None,
                filename=data["users_file"].name,
                deactivate_missing=data["deactivate_missing"],
            )
        except RosterFileError as error:
            form.add_error(None, str(error))
        else:
            return redirect("organizations:roster_preview", public_id=roster_import.public_id)
    recent = RosterImport.objects.filter(organization=root).select_related("created_by")[:10]
    invited = invitations_waiting_under(root)[:100]
    context = {"root": root, "roots": roots, "form": form, "recent": recent, "invited": invited}
    return render(request, "rosters/roster_upload.html", context, status=200)


@login_required
@require_GET
def roster_preview(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Every planned row with its action and reason; errors first when asked."""
    roster_import = _get_import_for_user(request, public_id)
    show = request.GET.get("show", "")
    rows = roster_import.rows.all()
    if show == "errors":
        rows = rows.filter(action=RosterImportRow.Action.ERROR)
    elif show == "changes":
        rows = rows.exclude(
            action__in=[RosterImportRow.Action.UNCHANGED, RosterImportRow.Action.SKIP]
        )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    summary = [
        (label, roster_import.summary.get(value, 0))
        for value, label in RosterImportRow.Action.choices
    ]
    context = {
        "roster_import": roster_import,
        "page": page,
        "show": show,
        "summary": summary,
        "querystring": f"show={show}" if show else "",
    }
    return render(request, "rosters/roster_preview.html", context)


@login_required
@require_POST
def roster_confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    roster_import = _get_import_for_user(request, public_id)
    try:
        roster_import = services.roster_import_confirm(
            roster_import=roster_import, by=request_user(request)
        )
    except services.RosterImportError as error:
        messages.error(request, str(error))
    else:
        if roster_import.status == RosterImport.Status.APPLIED:
            messages.success(request, "The roster was imported.")
        else:
            messages.info(request, "The roster is being imported; this page shows when it is.")
    return redirect("organizations:roster_preview", public_id=roster_import.public_id)


@login_required
@require_POST
def roster_discard(request: HttpRequest, public_id: UUID) -> HttpResponse:
    roster_import = _get_import_for_user(request, public_id)
    services.roster_import_discard(roster_import=roster_import)
    messages.info(request, "The import was discarded; nothing was changed.")
    url = reverse("organizations:roster_upload")
    return redirect(f"{url}?org={roster_import.organization.public_id}")
