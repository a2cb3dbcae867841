"""The author's list, and one micro-credential's home: versions, publishing, history."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import ConfirmForm
from ..models import (
    CatalogAuditEntry,
    EvidenceRequirement,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
)
from ..services import CatalogError
from .lookups import (
    GET_POST,
    authored_issuers,
    get_credential_for_user,
    get_version_for_user,
    overview_url,
    require_author,
    signed_in_user,
    unless_editable,
)

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
    require_author(request)
    issuers = list(authored_issuers(request.user))
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
    credential = get_credential_for_user(request, credential_id)
    return _render_overview(request, credential)


@login_required
@require_POST
def authoring_publish(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """Publish a draft; on failure show every reason, each linked to where it is fixed."""
    version = get_version_for_user(request, version_id)
    if (response := unless_editable(request, version)) is not None:
        return response
    if not request.POST.get("confirm"):
        # Publishing freezes the version for every educator: a page of its own asks first.
        return _confirm_publish(request, version)
    try:
        services.version_publish(version=version, by=signed_in_user(request))
    except CatalogError as error:
        return _render_overview(
            request, version.credential, publish_errors=error.errors, status=400
        )
    messages.success(
        request,
        f"Version {version.number} of “{version.title}” is published: educators now see it in "
        "the catalog.",
    )
    return redirect(overview_url(version.credential))


def _confirm_publish(request: HttpRequest, version: MicroCredentialVersion) -> HttpResponse:
    """The confirmation step, or every reason it cannot be published yet."""
    errors = services.version_publish_errors(version)
    if errors:
        return _render_overview(request, version.credential, publish_errors=errors, status=400)
    credential = version.credential
    context = {
        "credential": credential,
        "version": version,
        "replaces": credential.published_version,
        "summary": _draft_summary(version),
    }
    return render(request, "credentials/authoring/confirm_publish.html", context)


@login_required
@require_POST
def authoring_new_version(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    """Start (or return to) the draft that edits a published micro-credential."""
    credential = get_credential_for_user(request, credential_id)
    if credential.status == MicroCredential.Status.RETIRED:
        messages.error(request, "This micro-credential is retired; it cannot get a new version.")
        return redirect(overview_url(credential))
    try:
        draft = services.credential_start_new_version(
            credential=credential, by=signed_in_user(request)
        )
    except CatalogError as error:
        messages.error(request, str(error))
        return redirect(overview_url(credential))
    messages.success(
        request,
        f"Version {draft.number} is a draft: edit it, preview it and publish it when it is ready. "
        "Educators keep seeing the published version until then.",
    )
    return redirect(overview_url(credential))


@login_required
@require_http_methods(GET_POST)
def authoring_retire(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    """Take a micro-credential out of the catalog, after an explicit confirmation."""
    credential = get_credential_for_user(request, credential_id)
    if credential.status == MicroCredential.Status.RETIRED:
        messages.info(request, "This micro-credential is already retired.")
        return redirect(overview_url(credential))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.credential_retire(credential=credential, by=signed_in_user(request))
        messages.success(request, "The micro-credential is retired and no longer in the catalog.")
        return redirect(overview_url(credential))
    current = credential.published_version or credential.versions.order_by("-number").first()
    return render(
        request,
        "credentials/authoring/retire.html",
        {"credential": credential, "current": current, "form": form},
    )
