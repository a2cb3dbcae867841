"""Organization endpoints: thin views over the same selectors and services as the pages.

Every organization is looked up among those the caller administers (or, for an organization
key, the key's organization and those under it); anything else is a 404.
"""

from datetime import date
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    parser_classes,
    permission_classes,
    renderer_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from common.api.filters import ListQuery
from common.api.pagination import api_paginator, paginated_response
from credentials.models import MicroCredential, Stack
from organizations import exports, selectors, services
from organizations.api_keys import Scope, organizations_in_key_scope
from organizations.models import Assignment, Organization, RosterImport, RosterImportRow
from organizations.roster import RosterFileError

from .permissions import organization_key, person_or_key
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


class OrganizationQuery(ListQuery):
    """`GET /organizations/`: by place in the hierarchy (state, its districts, their schools)
    without `ordering`."""

    kind = serializers.ChoiceField(
        choices=[k for k in Organization.Kind.values if k != Organization.Kind.ISSUER],
        required=False,
    )
    parent = serializers.UUIDField(  # type: ignore[assignment]
        required=False, help_text="Only the children of this one."
    )
    ordering_fields = {"name": ("name",), "kind": ("kind", "name")}


class RosterRowQuery(ListQuery):
    """`GET .../roster-imports/{id}/rows/`: in processing order without `ordering`."""

    action = serializers.ChoiceField(choices=RosterImportRow.Action.choices, required=False)
    has_errors = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: only rows in error."
    )
    kind = serializers.ChoiceField(choices=RosterImportRow.Kind.choices, required=False)
    ordering_fields = {"position": ("position",), "action": ("action",), "label": ("label",)}


class AssignmentQuery(ListQuery):
    """`GET .../assignments/` filters (combined with AND); newest first without `ordering`."""

    kind = serializers.ChoiceField(choices=Assignment.Kind.choices, required=False)
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: the due date has passed; false: no due date, or not passed yet.",
    )
    micro_credential = serializers.UUIDField(required=False, help_text="A micro-credential's id.")
    stack = serializers.UUIDField(required=False, help_text="A stack's id.")
    ordering_fields = {"created": ("created_at",), "due": ("due_on",)}

    def filtered(self, assignments: QuerySet[Assignment], today: date) -> QuerySet[Assignment]:
        filters = self.validated_data
        if filters.get("kind"):
            assignments = assignments.filter(kind=filters["kind"])
        if filters.get("micro_credential"):
            assignments = assignments.filter(credential__public_id=filters["micro_credential"])
        if filters.get("stack"):
            assignments = assignments.filter(stack__public_id=filters["stack"])
        past_due = Q(due_on__lt=today)
        if filters.get("overdue") is True:
            assignments = assignments.filter(past_due)
        elif filters.get("overdue") is False:
            assignments = assignments.exclude(past_due)
        return self.ordered(assignments)


class ProgressQuery(ListQuery, ProgressQuerySerializer):
    """`GET .../progress/`: the dashboard's filters and sorts; by name without `ordering`."""

    ordering_fields = selectors.SORTS


def _user(request: Request) -> User:
    return cast(User, request.user)


def _person(request: Request) -> User | None:
    """Who acts: the signed-in person, or nobody for an organization key."""
    return None if organization_key(request) else _user(request)


def _organizations(request: Request) -> QuerySet[Organization]:
    key = organization_key(request)
    if key is not None:
        return organizations_in_key_scope(key)
    return selectors.organizations_administered_by(_user(request))


def _get_organization(request: Request, public_id: UUID) -> Organization:
    organization = (
        _organizations(request).filter(public_id=public_id).select_related("parent").first()
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
    parameters=[OrganizationQuery],
    responses=OrganizationSerializer(many=True),
    summary="Organizations the caller administers (their own and everything under them)",
)
@api_view(["GET"])
@permission_classes(person_or_key(GET=Scope.PROGRESS_READ))
def organization_list(request: Request) -> Response:
    query = OrganizationQuery.from_request(request)
    organizations = _organizations(request).select_related("parent").order_by("path", "pk")
    if query.validated_data.get("kind"):
        organizations = organizations.filter(kind=query.validated_data["kind"])
    if query.validated_data.get("parent"):
        organizations = organizations.filter(parent__public_id=query.validated_data["parent"])
    return paginated_response(request, query.ordered(organizations), OrganizationSerializer)


@extend_schema(
    parameters=[
        ProgressQuery,
        OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=["json", "csv"],
            description="csv: every row as a CSV file (not paginated, streamed)",
        ),
    ],
    # The serializer itself (not wrapped in a description), so the schema documents `page`.
    responses={200: ProgressRowSerializer(many=True), 404: NOT_FOUND},
    summary="One row per educator in the organization and its schools",
    description="Paginated JSON rows, or every row as text/csv with ?format=csv.",
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, CSVRenderer])
@permission_classes(person_or_key(GET=Scope.PROGRESS_READ))
def organization_progress(request: Request, public_id: UUID) -> HttpResponseBase:
    organization = _get_organization(request, public_id)
    params = ProgressQuery.from_request(request).validated_data
    filters = selectors.ProgressFilters(
        status=params.get("status", ""),
        search=params.get("search", "").strip(),
        start=params.get("start"),
        end=params.get("end"),
        sort=params.get("ordering") or "name",  # the selector orders (and aggregates for it)
    )
    if request.accepted_renderer.format == "csv":
        people = selectors.staff_progress(organization, filters)
        name = f"staff-progress-{organization.slug}-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(name, exports.PROGRESS_HEADER, exports.progress_rows(people))
    paginator = cast(PageNumberPagination, api_paginator())
    paginator.request = request
    page_size = paginator.get_page_size(request) or settings.REST_FRAMEWORK["PAGE_SIZE"]
    number = request.query_params.get("page")
    paginator.page = selectors.staff_progress_page(organization, filters, number, page_size)
    if number is not None and number != str(paginator.page.number):
        # The selector's page falls back to the nearest one; the API answers 404 like every list.
        raise NotFound(paginator.invalid_page_message.format(page_number=number, message=""))
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
@permission_classes(person_or_key(POST=Scope.ROSTER_WRITE))
def roster_import_create(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    upload = RosterUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    data = upload.validated_data
    orgs_file = data.get("orgs_file")
    try:
        roster_import = services.roster_import_preview(
            organization=organization,
            by=_person(request),
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
            roster_import=roster_import, by=_person(request)
        )
    except services.RosterImportError as error:
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(RosterImportSerializer(roster_import).data)


@extend_schema(
    methods=["GET"],
    parameters=[AssignmentQuery],
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
@permission_classes(person_or_key(GET=Scope.PROGRESS_READ, POST=Scope.ASSIGNMENTS_WRITE))
def assignment_list(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    if request.method == "POST":
        return _assignment_create(request, organization)
    query = cast(AssignmentQuery, AssignmentQuery.from_request(request))
    assignments = query.filtered(selectors.assignments_in(organization), timezone.localdate())
    paginator = api_paginator()
    page = paginator.paginate_queryset(assignments, request) or []
    rows = selectors.assignment_rows(list(page))
    return paginator.get_paginated_response(AssignmentProgressSerializer(rows, many=True).data)


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
        by=_person(request),
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


@extend_schema(
    request=None,
    responses={
        200: inline_serializer(
            "CancelledAssignment",
            {"id": serializers.UUIDField(), "cancelled_at": serializers.DateTimeField()},
        ),
        404: OpenApiResponse(description="No such assignment in an organization you administer"),
    },
    summary="Withdraw a recommendation or assignment (again: no effect)",
)
@api_view(["POST"])
@permission_classes(person_or_key(POST=Scope.ASSIGNMENTS_WRITE))
def assignment_cancel(request: Request, public_id: UUID, assignment_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    assignment = Assignment.objects.filter(
        organization=organization, public_id=assignment_id
    ).first()
    if assignment is None:
        raise Http404("No such assignment")
    assignment = services.assignment_cancel(assignment=assignment)
    return Response({"id": str(assignment.public_id), "cancelled_at": assignment.cancelled_at})
