"""Catalog API (read-only, public): focus areas, micro-credentials, stacks.

Thin views: query parameters are validated by a serializer, reads go through the selectors.
"""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from common.api.pagination import ApiPagination

from .. import selectors
from ..models import FocusArea, MicroCredentialVersion, Stack
from .serializers import (
    CatalogQuerySerializer,
    FocusAreaQuerySerializer,
    FocusAreaSerializer,
    MicroCredentialDetailSerializer,
    MicroCredentialSerializer,
    StackQuerySerializer,
    StackSerializer,
)

NOT_FOUND = OpenApiResponse(description="No published micro-credential has this id.")
BAD_QUERY = OpenApiResponse(
    description='A query parameter is invalid: {"<parameter>": ["<message>"]}.'
)


class FocusAreaList(generics.ListAPIView[FocusArea]):
    permission_classes = [AllowAny]
    serializer_class = FocusAreaSerializer

    @extend_schema(summary="Focus areas", parameters=[FocusAreaQuerySerializer], tags=["catalog"])
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[FocusArea]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return FocusArea.objects.none()
        query = FocusAreaQuerySerializer.from_request(self.request)
        return query.ordered(FocusArea.objects.order_by("name", "pk"))


class CatalogPagination(ApiPagination):
    django_paginator_class = selectors.CatalogPaginator


class MicroCredentialList(generics.ListAPIView[MicroCredentialVersion]):
    permission_classes = [AllowAny]
    serializer_class = MicroCredentialSerializer
    pagination_class = CatalogPagination

    @extend_schema(
        summary="Search the catalog",
        description="Published micro-credentials; with `search` (or `q`), full-text matches "
        "first, then titles like the query (typos forgiven), else by title.",
        parameters=[CatalogQuerySerializer],
        responses={200: MicroCredentialSerializer(many=True), 400: BAD_QUERY},
        tags=["catalog"],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        params = request.query_params
        with selectors.search_planning(str(params.get("search") or params.get("q") or "")):
            return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[MicroCredentialVersion]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return MicroCredentialVersion.objects.none()
        params = CatalogQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.ordered(selectors.catalog_search(params.catalog_filters()))


class MicroCredentialDetail(generics.RetrieveAPIView[MicroCredentialVersion]):
    permission_classes = [AllowAny]
    serializer_class = MicroCredentialDetailSerializer

    @extend_schema(
        summary="One micro-credential with its evidence requirements and rubric",
        responses={200: MicroCredentialDetailSerializer, 404: NOT_FOUND},
        tags=["catalog"],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> MicroCredentialVersion:
        public_id: UUID = self.kwargs["id"]
        credential = selectors.published_credential_by_public_id(public_id)
        if credential is None or credential.published_version_id is None:
            raise Http404
        return selectors.version_with_content(credential.published_version_id)


class StackList(generics.ListAPIView[Stack]):
    permission_classes = [AllowAny]
    serializer_class = StackSerializer

    @extend_schema(
        summary="Stacks of micro-credentials", parameters=[StackQuerySerializer], tags=["catalog"]
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Stack]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return Stack.objects.none()
        query = StackQuerySerializer.from_request(self.request)
        stacks = selectors.published_stacks().order_by("title", "pk")
        if query.validated_data.get("issuer"):
            stacks = stacks.filter(issuer__slug=query.validated_data["issuer"])
        return query.ordered(stacks)
