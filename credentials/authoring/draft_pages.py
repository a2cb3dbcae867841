"""A draft's content: its details, requirements and one criterion's levels, and the preview
(the rubric, with its levels inline, is rubric_pages.py)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import authoring_services, selectors
from ..content_forms import (
    LevelForm,
    LevelFormSet,
    RequirementForm,
    RequirementFormSet,
)
from ..forms import CredentialDetailsForm
from ..models import EvidenceRequirement
from ..services import CatalogError
from .formsets import bound_data, page_formset, save_rows
from .lookups import (
    GET_POST,
    authored_issuers,
    get_criterion_for_user,
    get_version_for_user,
    require_author,
    signed_in_user,
    unless_editable,
)


@login_required
@require_http_methods(GET_POST)
def authoring_create(request: HttpRequest) -> HttpResponse:
    """A new micro-credential: its address and the details of its first draft."""
    require_author(request)
    data, files = bound_data(request)
    form = CredentialDetailsForm(data, files, issuers=authored_issuers(request.user), creating=True)
    if data is not None and form.is_valid():
        try:
            version = authoring_services.credential_draft_create(
                issuer=form.cleaned_data["issuer"],
                slug=form.cleaned_data["slug"],
                by=signed_in_user(request),
                **form.service_fields(),
            )
        except CatalogError as error:
            form.add_error(None, error.errors)
        else:
            messages.success(request, "Draft created. Next, add the evidence requirements.")
            return redirect("credentials:authoring_requirements", version.public_id)
    return render(request, "credentials/authoring/details.html", {"form": form, "creating": True})


@login_required
@require_http_methods(GET_POST)
def authoring_details(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """Edit a draft's details."""
    version = get_version_for_user(request, version_id)
    if (response := unless_editable(request, version)) is not None:
        return response
    data, files = bound_data(request)
    form = CredentialDetailsForm(data, files, initial=CredentialDetailsForm.initial_for(version))
    if data is not None and form.is_valid():
        try:
            authoring_services.version_details_save(
                version=version,
                by=signed_in_user(request),
                **form.service_fields(),
            )
        except CatalogError as error:
            form.add_error(None, error.errors)
        else:
            messages.success(request, "Details saved.")
            return redirect("credentials:authoring_details", version.public_id)
    context = {
        "form": form,
        "version": version,
        "credential": version.credential,
        "step": "details",
    }
    return render(request, "credentials/authoring/details.html", context)


@login_required
@require_http_methods(GET_POST)
def authoring_requirements(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """A draft's evidence requirements, Part 1 to 3, as one formset."""
    version = get_version_for_user(request, version_id)
    if (response := unless_editable(request, version)) is not None:
        return response
    requirements = list(version.requirements.all())
    formset = page_formset(
        RequirementFormSet,
        request,
        prefix="requirements",
        initial=[RequirementForm.initial_for(r) for r in requirements],
    )

    def save(rows: list[authoring_services.RequirementInput]) -> None:
        authoring_services.version_requirements_save(
            version=version, requirements=rows, by=signed_in_user(request)
        )

    if save_rows(request, formset, save, "Requirements saved."):
        return redirect("credentials:authoring_requirements", version.public_id)
    counts = {
        part: sum(1 for r in requirements if r.part == part) for part in EvidenceRequirement.Part
    }
    context = {
        "formset": formset,
        "version": version,
        "credential": version.credential,
        "step": "requirements",
        "part_counts": list(counts.items()),
    }
    return render(request, "credentials/authoring/requirements.html", context)


@login_required
@require_http_methods(GET_POST)
def authoring_levels(request: HttpRequest, version_id: UUID, criterion_id: UUID) -> HttpResponse:
    """One criterion's performance levels, lowest first."""
    criterion = get_criterion_for_user(request, version_id, criterion_id)
    version = criterion.version
    if (response := unless_editable(request, version)) is not None:
        return response
    formset = page_formset(
        LevelFormSet,
        request,
        prefix="levels",
        initial=[LevelForm.initial_for(level) for level in criterion.levels.all()],
        extra_when_empty=3,
    )

    def save(rows: list[authoring_services.LevelInput]) -> None:
        authoring_services.criterion_levels_save(
            criterion=criterion, levels=rows, by=signed_in_user(request)
        )

    if save_rows(request, formset, save, f"Levels of “{criterion.title}” saved."):
        return redirect("credentials:authoring_rubric", version.public_id)
    context = {
        "formset": formset,
        "criterion": criterion,
        "version": version,
        "credential": version.credential,
        "step": "rubric",
    }
    return render(request, "credentials/authoring/levels.html", context)


@login_required
@require_http_methods(["GET"])
def authoring_preview(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """A version exactly as an educator sees it on the catalog detail page."""
    version = get_version_for_user(request, version_id)
    full = selectors.version_with_content(version.pk)
    context = {
        "version": full,
        "requirement_groups": selectors.requirements_by_part(full),
        "credential": version.credential,
        "authoring_version": version,
        "step": "preview",
    }
    return render(request, "credentials/authoring/preview.html", context)
