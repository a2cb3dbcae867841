"""Reordering a draft's rubric criteria or requirements from the page, one move at a time.

The rubric and requirements pages move a row (by drag or by its Up/Down buttons) and POST the
new order here as JSON, `{"order": [public id, ...]}`, naming every saved row exactly once. The
answer is JSON: 200 with the order saved, 400 with a message for anything else (not JSON, not a
list, not ids, a row missing, twice or of another version), 409 once the version is frozen, and
404 for anyone who may not author it.
"""

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from accounts.models import User

from .. import authoring_services
from ..models import MicroCredential, MicroCredentialVersion
from ..services import CatalogError
from .lookups import get_version_for_user, signed_in_user

MAX_BODY_BYTES = 64 * 1024
ORDER_SHAPE = 'Send the order as JSON: {"order": [the ids of the rows, in their new order]}.'

Reorder = Callable[..., Sequence[Any]]


class OrderError(ValueError):
    """A request body that is not an order this endpoint can read."""


def _parse_order(request: HttpRequest) -> list[uuid.UUID]:
    if len(request.body) > MAX_BODY_BYTES:
        raise OrderError("The order is too long.")
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise OrderError(ORDER_SHAPE) from error
    order = data.get("order") if isinstance(data, dict) else None
    if not isinstance(order, list):
        raise OrderError(ORDER_SHAPE)
    if len(order) > authoring_services.MAX_ORDER_LENGTH:
        raise OrderError("The order is too long.")
    if not all(isinstance(item, str) for item in order):
        raise OrderError("The order must list the rows' ids.")
    try:
        return [uuid.UUID(item) for item in order]
    except ValueError as error:
        raise OrderError("The order must list the rows' ids.") from error


def _frozen_message(version: MicroCredentialVersion) -> str | None:
    if version.credential.status == MicroCredential.Status.RETIRED:
        return "This micro-credential is retired; its content can no longer change."
    if not version.is_editable:
        return f"Version {version.number} is frozen. Start a new version to make changes."
    return None


def _reorder(request: HttpRequest, version_id: UUID, reorder: Reorder) -> JsonResponse:
    version = get_version_for_user(request, version_id)
    if (frozen := _frozen_message(version)) is not None:
        return JsonResponse({"error": frozen}, status=409)
    try:
        order = _parse_order(request)
        by: User = signed_in_user(request)
        saved = reorder(version=version, order=order, by=by)
    except (OrderError, CatalogError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"order": [str(row.public_id) for row in saved], "message": "Order saved."})


@login_required
@require_POST
def authoring_criteria_order(request: HttpRequest, version_id: UUID) -> JsonResponse:
    """Save a new order of a draft's rubric criteria."""
    return _reorder(request, version_id, authoring_services.version_criteria_reorder)


@login_required
@require_POST
def authoring_requirements_order(request: HttpRequest, version_id: UUID) -> JsonResponse:
    """Save a new order of a draft's requirements (each is numbered within its part)."""
    return _reorder(request, version_id, authoring_services.version_requirements_reorder)
