"""Organization endpoints: thin views over the same selectors and services as the pages.

Every organization is looked up among those the caller administers; anything else is a 404.
"""

from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes, renderer_classes
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from credentials.models import MicroCredential, Stack
from organizations import exports, selectors, services
from organizations.models import Organization, RosterImport
from organizations.roster import RosterFileError

from .renderers import CSVRenderer
from .serializers import (
    AssignmentCreateSerializer,
    AssignmentProgressSerializer,
    AssignmentSerializer,
    OrganizationSerializer,
    ProgressQuerySerializer,
    ProgressRowSerializer,
    RosterImportSerializer,
    RosterRowSerializer,
    RosterUploadSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not an organization the caller administers")


def _user(request: Request) -> User:
    return cast(User, request.user)


def _get_organization(request: Request, public_id: UUID) -> Organization:
    organization = (
        selectors.organizations_administered_by(_user(request))
        .filter(public_id=public_id)
        .select_related("parent")
        .first()
    )
    if organization is None:
        raise Http404("No such organization")
    return organization


def _get_import(request: Request, public_id: UUID, import_id: UUID) -> RosterImport:
    organization = _get_organization(request, public_id)
    roster_import = RosterImport.objects.filter(
        organization=organization, public_id=import_id
    ).first()
    if roster_import is None:
        raise Http404("No such import")
    return roster_import


@extend_schema(
    responses=OrganizationSerializer(many=True),
    summary="Organizations the caller administers (their own and everything under them)",
)
@api_view(["GET"])
def organization_list(request: Request) -> Response:
    paginator = PageNumberPagination()
    organizations = (
        selectors.organizations_administered_by(_user(request))
        .select_related("parent")
        .order_by("path")
    )
    page = paginator.paginate_queryset(organizations, request)
    return paginator.get_paginated_response(OrganizationSerializer(page, many=True).data)


@extend_schema(
    parameters=[
        ProgressQuerySerializer,
        OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=["json", "csv"],
            description="csv: every row as a CSV file (not paginated, streamed)",
        ),
    ],
    responses={
        200: OpenApiResponse(
            ProgressRowSerializer(many=True),
            description="Paginated JSON rows, or text/csv with ?format=csv",
        ),
        404: NOT_FOUND,
    },
    summary="One row per educator in the organization and its schools",
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, CSVRenderer])
def organization_progress(request: Request, public_id: UUID) -> HttpResponseBase:
    organization = _get_organization(request, public_id)
    query = ProgressQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    filters = selectors.ProgressFilters(
        status=params.get("status", ""),
        search=params.get("search", "").strip(),
        start=params.get("start"),
        end=params.get("end"),
    )
    if request.accepted_renderer.format == "csv":
        people = selectors.staff_progress(organization, filters)
        name = f"staff-progress-{organization.slug}-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(name, exports.PROGRESS_HEADER, exports.progress_rows(people))
    paginator = PageNumberPagination()
    paginator.request = request
    page_size = int(settings.REST_FRAMEWORK["PAGE_SIZE"])  # type: ignore[call-overload]
    number = request.query_params.get("page")
    paginator.page = selectors.staff_progress_page(organization, filters, number, page_size)
    rows: Any = paginator.page.object_list
    return paginator.get_paginated_response(ProgressRowSerializer(rows, many=True).data)


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
def roster_import_create(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    upload = RosterUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    data = upload.validated_data
    orgs_file = data.get("orgs_file")
    try:
        roster_import = services.roster_import_preview(
            organization=organization,
            by=_user(request),
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
def roster_import_detail(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    return Response(RosterImportSerializer(roster_import).data)


@extend_schema(
    responses={200: RosterRowSerializer(many=True), 404: NOT_FOUND},
    summary="Every planned row of a roster import (paginated)",
)
@api_view(["GET"])
def roster_import_rows(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(roster_import.rows.all(), request)
    return paginator.get_paginated_response(RosterRowSerializer(page, many=True).data)


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
def roster_import_confirm(request: Request, public_id: UUID, import_id: UUID) -> Response:
    roster_import = _get_import(request, public_id, import_id)
    try:
        roster_import = services.roster_import_confirm(
            roster_import=roster_import, by=_user(request)
        )
    except services.RosterImportError as error:
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(RosterImportSerializer(roster_import).data)


@extend_schema(
    methods=["GET"],
    responses={200: AssignmentProgressSerializer(many=True), 404: NOT_FOUND},
    summary="Recommendations and assignments, with completion and who is overdue",
)
@extend_schema(
    methods=["POST"],
    request=AssignmentCreateSerializer,
    responses={
        201: AssignmentSerializer,
        400: OpenApiResponse(description="Invalid target or item"),
        404: NOT_FOUND,
    },
    summary="Recommend or assign a micro-credential or stack to an educator or a school",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser, FormParser, MultiPartParser])
def assignment_list(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    if request.method == "POST":
        return _assignment_create(request, organization)
    rows = selectors.assignment_progress(organization, limit=100)
    data = AssignmentProgressSerializer(rows, many=True).data
    return Response({"count": len(rows), "next": None, "previous": None, "results": data})


def _assignment_create(request: Request, organization: Organization) -> Response:
    serializer = AssignmentCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    found: dict[str, Any] = {
        "credential": _published(MicroCredential, data.get("micro_credential")),
        "stack": _published(Stack, data.get("stack")),
        "educator": None,
        "school": None,
    }
    if data.get("educator"):
        found["educator"] = (
            selectors.educators_in(organization).filter(public_id=data["educator"]).first()
        )
    if data.get("school"):
        found["school"] = Organization.objects.filter(
            public_id=data["school"],
            kind=Organization.Kind.SCHOOL,
            path__startswith=organization.path,
        ).first()
    missing = [
        key
        for key, wanted in (
            ("micro_credential", "credential"),
            ("stack", "stack"),
            ("educator", "educator"),
            ("school", "school"),
        )
        if data.get(key) and found[wanted] is None
    ]
    if missing:
        return Response(
            {key: ["Not found in this organization or catalog."] for key in missing},
            status=status.HTTP_400_BAD_REQUEST,
        )
    assignment = services.assignment_create(
        organization=organization,
        by=_user(request),
        kind=data["kind"],
        due_on=data.get("due_on"),
        note=data.get("note", ""),
        **found,
    )
    return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


def _published(model: type[MicroCredential] | type[Stack], public_id: UUID | None) -> Any:
    if public_id is None:
        return None
    return model.objects.filter(public_id=public_id, status="published").first()
