"""Lookups of the authoring pages: the object, the permission and the 404 in one place."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import User
from common.http import request_user
from organizations.models import Organization

from .. import selectors
from ..models import MicroCredential, MicroCredentialVersion, RubricCriterion, Stack

AUTHOR_PERM = "credentials.author_for_issuer"
GET_POST = ["GET", "POST"]


def authored_issuers(user: Any) -> QuerySet[Organization]:
    """The issuing organizations this user writes for (every one, for platform staff)."""
    return selectors.issuers_authored_by(user)


def signed_in_user(request: HttpRequest) -> User:
    # login_required has run: the user is a signed-in account, never AnonymousUser.
    return request_user(request)


def require_author(request: HttpRequest) -> None:
    if not request.user.has_perm(AUTHOR_PERM):
        raise Http404


def get_credential_for_user(request: HttpRequest, credential_id: UUID) -> MicroCredential:
    credential = (
        MicroCredential.objects.select_related("issuer", "published_version")
        .filter(public_id=credential_id)
        .first()
    )
    if credential is None or not request.user.has_perm(AUTHOR_PERM, credential.issuer):
        raise Http404
    return credential


def get_version_for_user(request: HttpRequest, version_id: UUID) -> MicroCredentialVersion:
    version = (
        MicroCredentialVersion.objects.select_related("credential__issuer")
        .filter(public_id=version_id)
        .first()
    )
    if version is None or not request.user.has_perm(AUTHOR_PERM, version.credential.issuer):
        raise Http404
    return version


def get_criterion_for_user(
    request: HttpRequest, version_id: UUID, criterion_id: UUID
) -> RubricCriterion:
    version = get_version_for_user(request, version_id)
    criterion = version.criteria.filter(public_id=criterion_id).first()
    if criterion is None:
        raise Http404
    criterion.version = version
    return criterion


def get_stack_for_user(request: HttpRequest, stack_id: UUID) -> Stack:
    stack = Stack.objects.select_related("issuer").filter(public_id=stack_id).first()
    if stack is None or not request.user.has_perm(AUTHOR_PERM, stack.issuer):
        raise Http404
    return stack


def overview_url(credential: MicroCredential) -> str:
    return reverse("credentials:authoring_credential", args=[credential.public_id])


def unless_editable(request: HttpRequest, version: MicroCredentialVersion) -> HttpResponse | None:
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
    return redirect(overview_url(credential))
