"""Authoring pages: authors of an issuing organization write, publish and retire micro-credentials
and stacks. Every page asks `credentials.author_for_issuer`; whatever someone may not author
answers 404. Writes go through credentials.services; a frozen (published) version is never
edited here: the pages send the author to "Start a new version" instead.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from organizations.models import Organization

from . import authoring_services, selectors, services
from .content_forms import (
    CriterionForm,
    CriterionFormSet,
    LevelForm,
    LevelFormSet,
    RequirementForm,
    RequirementFormSet,
)
from .forms import ConfirmForm, CredentialDetailsForm
from .models import (
    CatalogAuditEntry,
    EvidenceRequirement,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
)
from .services import CatalogError
from .stack_forms import StackForm, StackItemFormSet

AUTHOR_PERM = "credentials.author_for_issuer"
GET_POST = ["GET", "POST"]


# --- Lookups: the object, the permission and the 404 in one place -----------------------------


def _authored_issuers(user: Any) -> QuerySet[Organization]:
    """The issuing organizations this user writes for (every one, for platform staff)."""
    return selectors.issuers_authored_by(user)


def _user(request: HttpRequest) -> User:
    # login_required has run: the user is a signed-in account, never AnonymousUser.
    return cast(User, request.user)


def _require_author(request: HttpRequest) -> None:
    if not request.user.has_perm(AUTHOR_PERM):
        raise Http404


def _get_credential_for_user(request: HttpRequest, credential_id: UUID) -> MicroCredential:
    credential = (
        MicroCredential.objects.select_related("issuer", "published_version")
        .filter(public_id=credential_id)
        .first()
    )
    if credential is None or not request.user.has_perm(AUTHOR_PERM, credential.issuer):
        raise Http404
    return credential


def _get_version_for_user(request: HttpRequest, version_id: UUID) -> MicroCredentialVersion:
    version = (
        MicroCredentialVersion.objects.select_related("credential__issuer")
        .filter(public_id=version_id)
        .first()
    )
    if version is None or not request.user.has_perm(AUTHOR_PERM, version.credential.issuer):
        raise Http404
    return version


def _get_criterion_for_user(
    request: HttpRequest, version_id: UUID, criterion_id: UUID
) -> RubricCriterion:
    version = _get_version_for_user(request, version_id)
    criterion = version.criteria.filter(public_id=criterion_id).first()
    if criterion is None:
        raise Http404
    criterion.version = version
    return criterion


def _get_stack_for_user(request: HttpRequest, stack_id: UUID) -> Stack:
    stack = Stack.objects.select_related("issuer").filter(public_id=stack_id).first()
    if stack is None or not request.user.has_perm(AUTHOR_PERM, stack.issuer):
        raise Http404
    return stack


def _overview_url(credential: MicroCredential) -> str:
    return reverse("credentials:authoring_credential", args=[credential.public_id])


def _unless_editable(request: HttpRequest, version: MicroCredentialVersion) -> HttpResponse | None:
    """A redirect with an explanation when the version may not change, else None."""
    credential = version.credential
    if credential.status == MicroCredential.Status.RETIRED:
        messages.error(
            request, "This micro-credential is retired; its content can no longer change."
        )
    elif not version.is_editable:
        messages.error(
            request,
            f"Version {version.number} is {version.get_status_display().lower()} and frozen. "
            "Start a new version to make changes.",
        )
    else:
        return None
    return redirect(_overview_url(credential))


# --- The list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialRow:
    credential: MicroCredential
    title: str
    published_number: int | None
    draft: MicroCredentialVersion | None
    last_change: datetime


def _credential_row(credential: Any) -> CredentialRow:
    versions = list(credential.versions.all())  # prefetched, newest first
    draft = next((v for v in versions if v.status == MicroCredentialVersion.Status.DRAFT), None)
    published = credential.published_version
    latest = draft or published or (versions[0] if versions else None)
    return CredentialRow(
        credential=credential,
        title=latest.title if latest else credential.slug,
        published_number=published.number if published else None,
        draft=draft,
        last_change=credential.last_change,
    )


@login_required
@require_http_methods(["GET"])
def authoring_list(request: HttpRequest) -> HttpResponse:
    """The author's issuers' micro-credentials (every status) and stacks."""
    _require_author(request)
    issuers = list(_authored_issuers(request.user))
    credentials = selectors.credentials_for_issuers(issuers).annotate(
        last_change=Coalesce(Max("audit__created_at"), "updated_at")
    )
    stacks = (
        Stack.objects.filter(issuer__in=issuers)
        .select_related("issuer")
        .annotate(item_count=Count("items"))
        .order_by("title")
    )
    context = {
        "rows": [_credential_row(c) for c in credentials],
        "stacks": list(stacks),
        "show_issuer": len(issuers) > 1,
    }
    return render(request, "credentials/authoring/list.html", context)


# --- One micro-credential: versions, publishing, history -------------------------------------

_AUDIT_LABELS = {
    "created": "Created the micro-credential",
    "edited": "Edited the {note}",
    "published": "Published {note}",
    "new_version": "Started a new draft version",
    "retired": "Retired the micro-credential",
}

# Each publish message of services.version_publish_errors, mapped to the page that fixes it.
_PUBLISH_ERROR_TARGETS = [
    (re.compile(r"^Criterion “(?P<criterion>.*)”(:| needs)"), "levels"),
    (re.compile(r"^Required requirement “.*” is not scored by any rubric criterion"), "rubric"),
    (re.compile(r"^The rubric needs"), "rubric"),
    (re.compile(r"^Describe the key method"), "details"),
]
_TARGET_LABELS = {
    "levels": "Edit the levels",
    "rubric": "Edit the rubric",
    "details": "Edit the details",
    "requirements": "Edit the requirements",
}


def _publish_error_links(
    errors: list[str], version: MicroCredentialVersion
) -> list[dict[str, str]]:
    """Each message with a link to the page where the author can fix it."""
    criteria: dict[str, RubricCriterion] = {}
    for criterion in version.criteria.all():
        criteria.setdefault(criterion.title, criterion)
    links = []
    for message in errors:
        target, url = "requirements", ""
        for pattern, name in _PUBLISH_ERROR_TARGETS:
            match = pattern.match(message)
            if match:
                target = name
                title = match.groupdict().get("criterion")
                if title is not None and title in criteria:
                    url = reverse(
                        "credentials:authoring_levels",
                        args=[version.public_id, criteria[title].public_id],
                    )
                break
        if not url:
            page = "rubric" if target == "levels" else target
            url = reverse(f"credentials:authoring_{page}", args=[version.public_id])
        links.append({"message": message, "url": url, "label": _TARGET_LABELS[target]})
    return links


def _audit_rows(credential: MicroCredential) -> list[dict[str, Any]]:
    # Changes made together can share a timestamp; the id keeps them in the order they happened.
    entries = (
        CatalogAuditEntry.objects.filter(credential=credential)
        .select_related("actor", "version")
        .order_by("-created_at", "-id")[:100]
    )
    return [
        {
            "entry": entry,
            "what": _audit_label(entry),
            "who": entry.actor.get_full_name() if entry.actor else "System",
        }
        for entry in entries
    ]


def _audit_label(entry: CatalogAuditEntry) -> str:
    label = _AUDIT_LABELS.get(entry.action)
    if label is None:  # an action recorded by code this page does not know yet
        return f"{entry.action.replace('_', ' ').capitalize()} {entry.note}".strip()
    return label.format(note=entry.note)


def _draft_summary(draft: MicroCredentialVersion) -> dict[str, Any]:
    by_part = dict(
        draft.requirements.values_list("part").annotate(count=Count("id")).order_by("part")
    )
    return {
        "parts": [(part, by_part.get(part.value, 0)) for part in EvidenceRequirement.Part],
        "criteria_count": draft.criteria.count(),
    }


def _render_overview(
    request: HttpRequest,
    credential: MicroCredential,
    *,
    publish_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = list(credential.versions.order_by("-number"))
    draft = next((v for v in versions if v.is_editable), None)
    retired = credential.status == MicroCredential.Status.RETIRED
    attempted = publish_errors is not None
    if draft is not None and not retired and publish_errors is None:
        publish_errors = services.version_publish_errors(draft)
    context = {
        "credential": credential,
        "versions": versions,
        "draft": draft,
        "current": draft or credential.published_version or (versions[0] if versions else None),
        "retired": retired,
        "summary": _draft_summary(draft) if draft else None,
        "publish_errors": _publish_error_links(publish_errors, draft)
        if draft and publish_errors
        else [],
        "publish_attempted": attempted,
        "audit": _audit_rows(credential),
    }
    return render(request, "credentials/authoring/credential.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def authoring_credential(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    """A micro-credential's home: its draft's sections, publishing, versions and history."""
    credential = _get_credential_for_user(request, credential_id)
    return _render_overview(request, credential)


@login_required
@require_POST
def authoring_publish(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """Publish a draft; on failure show every reason, each linked to where it is fixed."""
    version = _get_version_for_user(request, version_id)
    if (response := _unless_editable(request, version)) is not None:
        return response
    try:
        services.version_publish(version=version, by=_user(request))
    except CatalogError as error:
        return _render_overview(
            request, version.credential, publish_errors=error.errors, status=400
        )
    messages.success(
        request,
        f"Version {version.number} of “{version.title}” is published: educators now see it in "
        "the catalog.",
    )
    return redirect(_overview_url(version.credential))


@login_required
@require_POST
def authoring_new_version(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    """Start (or return to) the draft that edits a published micro-credential."""
    credential = _get_credential_for_user(request, credential_id)
    if credential.status == MicroCredential.Status.RETIRED:
        messages.error(request, "This micro-credential is retired; it cannot get a new version.")
        return redirect(_overview_url(credential))
    try:
        draft = services.credential_start_new_version(credential=credential, by=_user(request))
    except CatalogError as error:
        messages.error(request, str(error))
        return redirect(_overview_url(credential))
    messages.success(
        request,
        f"Version {draft.number} is a draft: edit it, preview it and publish it when it is ready. "
        "Educators keep seeing the published version until then.",
    )
    return redirect(_overview_url(credential))


@login_required
@require_http_methods(GET_POST)
def authoring_retire(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    """Take a micro-credential out of the catalog, after an explicit confirmation."""
    credential = _get_credential_for_user(request, credential_id)
    if credential.status == MicroCredential.Status.RETIRED:
        messages.info(request, "This micro-credential is already retired.")
        return redirect(_overview_url(credential))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.credential_retire(credential=credential, by=_user(request))
        messages.success(request, "The micro-credential is retired and no longer in the catalog.")
        return redirect(_overview_url(credential))
    current = credential.published_version or credential.versions.order_by("-number").first()
    return render(
        request,
        "credentials/authoring/retire.html",
        {"credential": credential, "current": current, "form": form},
    )


# --- Draft content: details, requirements, rubric, levels, preview ---------------------------


def _bound(request: HttpRequest) -> tuple[QueryDict | None, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@login_required
@require_http_methods(GET_POST)
def authoring_create(request: HttpRequest) -> HttpResponse:
    """A new micro-credential: its address and the details of its first draft."""
    _require_author(request)
    data, files = _bound(request)
    form = CredentialDetailsForm(
        data, files, issuers=_authored_issuers(request.user), creating=True
    )
    if data is not None and form.is_valid():
        try:
            version = authoring_services.credential_draft_create(
                issuer=form.cleaned_data["issuer"],
                slug=form.cleaned_data["slug"],
                by=_user(request),
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
    version = _get_version_for_user(request, version_id)
    if (response := _unless_editable(request, version)) is not None:
        return response
    data, files = _bound(request)
    form = CredentialDetailsForm(data, files, initial=CredentialDetailsForm.initial_for(version))
    if data is not None and form.is_valid():
        try:
            authoring_services.version_details_save(
                version=version,
                by=_user(request),
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


def _formset(
    formset_class: type[BaseFormSet],
    request: HttpRequest,
    *,
    prefix: str,
    initial: list[dict[str, Any]],
    extra_when_empty: int = 1,
    **form_kwargs: Any,
) -> BaseFormSet:
    """The formset of a page; "Add" without JavaScript posts back and gets one more blank row."""
    if request.method != "POST":
        formset = formset_class(prefix=prefix, initial=initial, form_kwargs=form_kwargs)
        formset.extra = 0 if initial else extra_when_empty
        return formset
    data: QueryDict = request.POST
    if "add_row" in data:
        data = data.copy()
        total = f"{prefix}-TOTAL_FORMS"
        data[total] = str(int(data.get(total) or 0) + 1)
    return formset_class(data, prefix=prefix, initial=initial, form_kwargs=form_kwargs)


def _save_rows(request: HttpRequest, formset: BaseFormSet, save: Any, success: str) -> bool:
    """Validate a posted formset and hand its rows to `save`; True when it was saved."""
    if request.method != "POST" or "add_row" in request.POST or not formset.is_valid():
        return False
    try:
        save([form.as_input() for form in formset.kept_forms()])  # type: ignore[attr-defined]
    except CatalogError as error:
        for message in error.errors:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(GET_POST)
def authoring_requirements(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """A draft's evidence requirements, Part 1 to 3, as one formset."""
    version = _get_version_for_user(request, version_id)
    if (response := _unless_editable(request, version)) is not None:
        return response
    requirements = list(version.requirements.all())
    formset = _formset(
        RequirementFormSet,
        request,
        prefix="requirements",
        initial=[RequirementForm.initial_for(r) for r in requirements],
    )

    def save(rows: list[authoring_services.RequirementInput]) -> None:
        authoring_services.version_requirements_save(
            version=version, requirements=rows, by=_user(request)
        )

    if _save_rows(request, formset, save, "Requirements saved."):
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
def authoring_rubric(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """A draft's rubric criteria and which requirements each one scores."""
    version = _get_version_for_user(request, version_id)
    if (response := _unless_editable(request, version)) is not None:
        return response
    criteria = list(version.criteria.prefetch_related("levels", "requirements"))
    formset = _formset(
        CriterionFormSet,
        request,
        prefix="criteria",
        initial=[CriterionForm.initial_for(c) for c in criteria],
        requirements=version.requirements.all(),
    )

    def save(rows: list[authoring_services.CriterionInput]) -> None:
        authoring_services.version_criteria_save(version=version, criteria=rows, by=_user(request))

    if _save_rows(request, formset, save, "Rubric saved."):
        return redirect("credentials:authoring_rubric", version.public_id)
    saved = {c.public_id: c for c in criteria}
    rows = [(form, saved.get(form.initial.get("public_id"))) for form in formset.forms]
    context = {
        "formset": formset,
        "rows": rows,
        "version": version,
        "credential": version.credential,
        "step": "rubric",
        "has_requirements": version.requirements.exists(),
    }
    return render(request, "credentials/authoring/rubric.html", context)


@login_required
@require_http_methods(GET_POST)
def authoring_levels(request: HttpRequest, version_id: UUID, criterion_id: UUID) -> HttpResponse:
    """One criterion's performance levels, lowest first."""
    criterion = _get_criterion_for_user(request, version_id, criterion_id)
    version = criterion.version
    if (response := _unless_editable(request, version)) is not None:
        return response
    formset = _formset(
        LevelFormSet,
        request,
        prefix="levels",
        initial=[LevelForm.initial_for(level) for level in criterion.levels.all()],
        extra_when_empty=3,
    )

    def save(rows: list[authoring_services.LevelInput]) -> None:
        authoring_services.criterion_levels_save(
            criterion=criterion, levels=rows, by=_user(request)
        )

    if _save_rows(request, formset, save, f"Levels of “{criterion.title}” saved."):
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
    version = _get_version_for_user(request, version_id)
    full = selectors.version_with_content(version.pk)
    context = {
        "version": full,
        "requirement_groups": selectors.requirements_by_part(full),
        "credential": version.credential,
        "authoring_version": version,
        "step": "preview",
    }
    return render(request, "credentials/authoring/preview.html", context)


# --- Stacks -------------------------------------------------------------------------------------


def _stack_candidates(issuers: QuerySet[Organization]) -> QuerySet[MicroCredential]:
    return (
        MicroCredential.objects.filter(issuer__in=issuers)
        .exclude(status=MicroCredential.Status.RETIRED)
        .select_related("published_version")
        .prefetch_related("versions")
        .order_by("slug")
    )


def _stack_page(request: HttpRequest, stack: Stack | None) -> HttpResponse:
    issuers = _authored_issuers(request.user)
    if stack is not None:
        issuers = Organization.objects.filter(pk=stack.issuer_id)
    data = request.POST if request.method == "POST" else None
    initial = (
        {"slug": stack.slug, "title": stack.title, "description": stack.description}
        if stack
        else None
    )
    form = StackForm(data, issuers=issuers, stack=stack, initial=initial)
    items = list(stack.items.select_related("credential")) if stack else []
    formset = _formset(
        StackItemFormSet,
        request,
        prefix="items",
        initial=[{"credential": item.credential.public_id} for item in items],
        extra_when_empty=2,
        credentials=_stack_candidates(issuers),
    )
    if data is not None and "add_row" not in data and form.is_valid() and formset.is_valid():
        publish = "publish" in data
        try:
            saved = services.stack_save(
                issuer=form.cleaned_data["issuer"],
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                credentials=[f.cleaned_data["credential"] for f in formset.kept_forms()],  # type: ignore[attr-defined]
                publish=publish,
                stack=stack,
            )
        except CatalogError as error:
            form.add_error(None, error.errors)
        else:
            messages.success(request, "Stack published." if publish else "Stack saved.")
            return redirect("credentials:authoring_stack_edit", saved.public_id)
    context = {"form": form, "formset": formset, "stack": stack}
    return render(request, "credentials/authoring/stack.html", context)


@login_required
@require_http_methods(GET_POST)
def authoring_stack_create(request: HttpRequest) -> HttpResponse:
    """A new stack of the author's micro-credentials."""
    _require_author(request)
    return _stack_page(request, None)


@login_required
@require_http_methods(GET_POST)
def authoring_stack_edit(request: HttpRequest, stack_id: UUID) -> HttpResponse:
    """Edit (and publish) a stack."""
    return _stack_page(request, _get_stack_for_user(request, stack_id))
