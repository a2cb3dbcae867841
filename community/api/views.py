"""Cohort endpoints: the caller's cohorts (and starting one), and a cohort with its people,
micro-credentials and milestones. A cohort the caller is not active in and does not manage
answers 404, as one that does not exist."""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.http import request_user
from credentials.models import MicroCredential, Stack

from .. import selectors, services
from ..models import Cohort, CohortMembership
from .serializers import CohortDetailSerializer, CohortInSerializer, CohortSerializer

TAGS = ["Community"]


def _my_roles(user: Any) -> dict[int, str]:
    rows = CohortMembership.objects.filter(user=user, status=CohortMembership.Status.ACTIVE)
    return dict(rows.values_list("cohort_id", "role"))


class CohortList(generics.GenericAPIView[Cohort]):
    serializer_class = CohortSerializer

    @extend_schema(
        responses=CohortSerializer(many=True),
        summary="The cohorts the caller is in (member or facilitator) or runs (manager)",
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        roles = _my_roles(user)
        cohorts = (
            selectors.cohorts_in_or_managed_by(user)
            .select_related("organization", "stack")
            .order_by("-starts_on", "name", "pk")
        )
        page = self.paginate_queryset(cohorts)
        data = CohortSerializer(page, many=True, context={"roles": roles}).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=CohortInSerializer,
        responses={
            201: CohortDetailSerializer,
            400: OpenApiResponse(description="A message per field"),
        },
        summary="Start a cohort (administrators of a state or district, issuer staff)",
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = CohortInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request_user(request)
        errors: dict[str, list[str]] = {}
        organization = next(
            (
                org
                for org in selectors.organizations_running_cohorts_for(user)
                if org.public_id == data["organization"]
            ),
            None,
        )
        if organization is None:
            errors["organization"] = [
                "You can start cohorts only for an organization you administer."
            ]
        stack = None
        if data.get("stack"):
            stack = Stack.objects.filter(slug=data["stack"], status=Stack.Status.PUBLISHED).first()
            if stack is None:
                errors["stack"] = ["No published stack has this slug."]
        wanted = set(data["micro_credentials"])
        credentials = list(
            MicroCredential.objects.filter(
                public_id__in=wanted, status=MicroCredential.Status.PUBLISHED
            )
        )
        if len(credentials) < len(wanted):
            errors["micro_credentials"] = ["Choose published micro-credentials only."]
        if errors or organization is None:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            cohort = services.cohort_create(
                by=user,
                organization=organization,
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                stack=stack,
                micro_credentials=credentials,
                description=data["description"],
            )
        except services.CommunityError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(_detail(request, cohort.public_id), status=status.HTTP_201_CREATED)


cohort_list = CohortList.as_view()


def _detail(request: Request, public_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    cohort = selectors.cohort_visible_to(user, public_id)
    if cohort is None:
        raise Http404("No such cohort.")
    context = {
        "roles": _my_roles(user),
        "people": list(selectors.cohort_people(cohort)),
        "credentials": selectors.cohort_credentials(cohort),
        "manages": selectors.user_manages_cohort(user, cohort),
    }
    cohort = Cohort.objects.prefetch_related("milestones__micro_credential").get(pk=cohort.pk)
    return dict(CohortDetailSerializer(cohort, context=context).data)


class CohortDetail(generics.GenericAPIView[Cohort]):
    serializer_class = CohortDetailSerializer

    @extend_schema(
        responses={200: CohortDetailSerializer, 404: OpenApiResponse(description="No such cohort")},
        summary="A cohort: its members, facilitators, micro-credentials and milestones",
        tags=TAGS,
    )
    def get(self, request: Request, id: UUID) -> Response:
        return Response(_detail(request, id))


cohort_detail = CohortDetail.as_view()
