"""Roster import endpoints: thin views over the same services as the pages.

Open to the organization's admins and to its keys with `roster:write`; the organization is
looked up among those the caller may act on (integrations/api/permissions.py), else 404.
"""

from uuid import UUID

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from integrations.api.permissions import acting_person, organization_for_request, person_or_key
from integrations.api_keys import Scope
from rosters import services
from rosters.models import RosterImport, RosterImportRow
from rosters.planning import RosterFileError

from .serializers import (
    RosterImportSerializer,
    RosterRowSerializer,
    RosterUploadSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not an organization the caller administers")


class RosterRowQuery(ListQuery):
    """`GET .../roster-imports/{id}/rows/`: in processing order without `ordering`."""

    action = serializers.ChoiceField(choices=RosterImportRow.Action.choices, required=False)
    has_errors = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: only rows in error."
    )
    kind = serializers.ChoiceField(choices=RosterImportRow.Kind.choices, required=False)
    ordering_fields = {"position": ("position",), "action": ("action",), "label": ("label",)}


def _get_import(request: Request, public_id: UUID, import_id: UUID) -> RosterImport:
    organization = organization_for_request(request, public_id)
    roster_import = RosterImport.objects.filter(
        organization=organization, public_id=import_id
    ).first()
    if roster_import is None:
        raise Http404("No such import")
    return roster_import


@extend_schema(
    request={"multipart/form-data": RosterUploadSerializer},
    responses={
        201: RosterImportSerializer,
        400: OpenApiResponse(description="The file cannot be read: size, encoding or headers"),
        404: NOT_FOUND,
    },
    summary="Upload a roster: answers the preview (nothing is written until confirmed)",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
@permission_classes(person_or_key(POST=Scope.ROSTER_WRITE))
def roster_import_create(request: Request, public_id: UUID) -> Response:
    organization = organization_for_request(request, public_id)
    upload = RosterUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    data = upload.validated_data
    orgs_file = data.get("orgs_file")
    try:
        roster_import = services.roster_import_preview(
            organization=organization,
            by=acting_person(request),
            users_file=data["users_file"].read(),
            orgs_file=orgs_file.read() if orgs_file else None,
            filename=data["users_file"].name,
            deactivate_missing=data["deactivate_missing"],
        )
    except RosterFileError as error:
        return Response({"users_file": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
    return Response(RosterImportSerializer(roster_import).data, status=status.HTTP_201_CREATED)


@extend_schema(
    responses={200: RosterImportSerializer, 404: NOT_FOUND},
    summary="A roster import: status, summary and rows with errors",
)
@api_view(["GET"])
@permission_classes(person_or_key(GET=Scope.ROSTER_WRITE))
def roster_import_detail(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    return Response(RosterImportSerializer(roster_import).data)


@extend_schema(
    parameters=[RosterRowQuery],
    responses={200: RosterRowSerializer(many=True), 404: NOT_FOUND},
    summary="Every planned row of a roster import (paginated)",
)
@api_view(["GET"])
@permission_classes(person_or_key(GET=Scope.ROSTER_WRITE))
def roster_import_rows(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    query = RosterRowQuery.from_request(request)
    filters = query.validated_data
    rows = roster_import.rows.order_by("position", "pk")
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("has_errors") is not None:
        error = Q(action=RosterImportRow.Action.ERROR)
        rows = rows.filter(error) if filters["has_errors"] else rows.exclude(error)
    return paginated_response(request, query.ordered(rows), RosterRowSerializer)


@extend_schema(
    request=None,
    responses={
        200: RosterImportSerializer,
        400: OpenApiResponse(description="Rows with errors, or already confirmed or discarded"),
        404: NOT_FOUND,
    },
    summary="Apply a previewed import, all rows in one transaction",
)
@api_view(["POST"])
@permission_classes(person_or_key(POST=Scope.ROSTER_WRITE))
def roster_import_confirm(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    try:
        roster_import = services.roster_import_confirm(
            roster_import=roster_import, by=acting_person(request)
        )
    except services.RosterImportError as error:
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(RosterImportSerializer(roster_import).data)


@extend_schema(
    request=None,
    responses={
        200: RosterImportSerializer,
        404: NOT_FOUND,
        409: OpenApiResponse(description="{detail}: already confirmed (applying or applied)"),
    },
    summary="Discard a previewed import: nothing is changed (again: no effect)",
)
@api_view(["POST"])
@permission_classes(person_or_key(POST=Scope.ROSTER_WRITE))
def roster_import_discard(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    services.roster_import_discard(roster_import=roster_import)
    roster_import.refresh_from_db()
    if roster_import.status != RosterImport.Status.DISCARDED:
        return Response(
            {"detail": f"This import is {roster_import.get_status_display().lower()}."},
            status=status.HTTP_409_CONFLICT,
        )
    return Response(RosterImportSerializer(roster_import).data)
