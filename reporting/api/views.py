"""Organization and reporting endpoints: the organizations, staff progress (JSON or CSV) and
assignments; thin views over the same selectors and services as the pages.

Every organization is looked up among those the caller administers (or, for an organization
key, the key's organization and those under it: integrations/api/permissions.py); anything
else is a 404.
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
    permission_classes,
    renderer_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.filters import ListQuery
from common.api.pagination import api_paginator, paginated_response
from credentials.models import MicroCredential, Stack
from integrations.api.permissions import (
    acting_person,
    organization_for_request,
    organizations_for_request,
    person_or_key,
)
from integrations.api_keys import Scope
from organizations.models import Organization
from organizations.selectors import educators_in
from reporting import exports, selectors, services
from reporting.models import Assignment

from .renderers import CSVRenderer
from .serializers import (
    AssignmentCreateSerializer,
    AssignmentProgressSerializer,
    AssignmentSerializer,
    OrganizationSerializer,
    ProgressQuerySerializer,
    ProgressRowSerializer,
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


@extend_schema(
    parameters=[OrganizationQuery],
    responses=OrganizationSerializer(many=True),
    summary="Organizations the caller administers (their own and everything under them)",
)
@api_view(["GET"])
@permission_classes(person_or_key(GET=Scope.PROGRESS_READ))
def organization_list(request: Request) -> Response:
    query = OrganizationQuery.from_request(request)
    organizations = (
        organizations_for_request(request).select_related("parent").order_by("path", "pk")
    )
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
    organization = organization_for_request(request, public_id)
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
@permission_classes(person_or_key(GET=Scope.PROGRESS_READ, POST=Scope.ASSIGNMENTS_WRITE))
def assignment_list(request: Request, public_id: UUID) -> Response:
    organization = organization_for_request(request, public_id)
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
        found["educator"] = educators_in(organization).filter(public_id=data["educator"]).first()
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
        by=acting_person(request),
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
    organization = organization_for_request(request, public_id)
    assignment = Assignment.objects.filter(
        organization=organization, public_id=assignment_id
    ).first()
    if assignment is None:
        raise Http404("No such assignment")
    assignment = services.assignment_cancel(assignment=assignment)
    return Response({"id": str(assignment.public_id), "cancelled_at": assignment.cancelled_at})
