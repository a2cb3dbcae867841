"""Authoring API: the authoring pages' actions for API clients. Thin views over the same
services, selectors and permission (`credentials.author_for_issuer`) as credentials/authoring/.

Whatever the caller may not author answers 404. A change the version's state does not allow
(a frozen or retired micro-credential) answers 409; invalid content and refused publishing
answer 400 with every problem named.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user
from organizations.models import Organization

from .. import authoring_services, selectors, services
from ..models import MicroCredential, MicroCredentialVersion, Stack
from ..services import CatalogError
from .authoring_serializers import (
    AuthoredCredentialSerializer,
    AuthoredStackSerializer,
    AuthoringVersionSerializer,
    BadgeImageInSerializer,
    BadgeImageSerializer,
    ContentInSerializer,
    CreateInSerializer,
    DetailsInSerializer,
    StackInSerializer,
)

AUTHOR_PERM = "credentials.author_for_issuer"
TAGS = ["authoring"]
NOT_FOUND = OpenApiResponse(description="No such object, or not one the caller authors")
INVALID = OpenApiResponse(description='Invalid input: {"<field>": ["<message>"]}')
REFUSED = OpenApiResponse(
    description='The catalog refused the change: {"detail", "errors": ["<message>", ...]}'
)
FROZEN = OpenApiResponse(
    description="The version is published (frozen) or the micro-credential retired: {detail}"
)


class AuthoredCredentialQuery(ListQuery):
    """`GET /authoring/micro-credentials/`: by slug without `ordering`."""

    status = serializers.ChoiceField(choices=MicroCredential.Status.choices, required=False)
    ordering_fields = {
        "slug": ["slug"],
        "updated_at": ["updated_at"],
        "created_at": ["created_at"],
    }


class AuthoredStackQuery(ListQuery):
    """`GET /authoring/stacks/`: by title without `ordering`."""

    status = serializers.ChoiceField(choices=Stack.Status.choices, required=False)
    ordering_fields = {
        "title": ["title"],
        "slug": ["slug"],
        "created_at": ["created_at"],
    }


# --- Lookups: the object, the permission and the 404 in one place -----------------------------


def _require_author(request: Request) -> QuerySet[Organization]:
    """The issuers the caller authors for; 404 for someone who authors for none."""
    if not request.user.has_perm(AUTHOR_PERM):
        raise Http404
    return selectors.issuers_authored_by(request.user)


def _credential_for(request: Request, public_id: UUID) -> MicroCredential:
    credential = (
        MicroCredential.objects.select_related("issuer", "published_version")
        .prefetch_related("versions")
        .filter(public_id=public_id)
        .first()
    )
    if credential is None or not request.user.has_perm(AUTHOR_PERM, credential.issuer):
        raise Http404
    return credential


def _version_for(request: Request, public_id: UUID) -> MicroCredentialVersion:
    version = (
        MicroCredentialVersion.objects.select_related("credential__issuer")
        .filter(public_id=public_id)
        .first()
    )
    if version is None or not request.user.has_perm(AUTHOR_PERM, version.credential.issuer):
        raise Http404
    return version


def _stack_for(request: Request, public_id: UUID) -> Stack:
    stack = Stack.objects.select_related("issuer").filter(public_id=public_id).first()
    if stack is None or not request.user.has_perm(AUTHOR_PERM, stack.issuer):
        raise Http404
    return stack


def _frozen(version: MicroCredentialVersion) -> Response | None:
    """409 with the reason when the version may not change, else None."""
    if version.credential.status == MicroCredential.Status.RETIRED:
        detail = "This micro-credential is retired; its content can no longer change."
    elif not version.is_editable:
        detail = (
            f"Version {version.number} is {version.status} and frozen: start a new version "
            "to make changes."
        )
    else:
        return None
    return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)


def _refused(error: CatalogError) -> Response:
    return Response(
        {"detail": str(error), "errors": error.errors}, status=status.HTTP_400_BAD_REQUEST
    )


def _version_response(version: MicroCredentialVersion, code: int = status.HTTP_200_OK) -> Response:
    full = selectors.version_with_content(version.pk)
    errors = services.version_publish_errors(full) if full.is_editable else []
    data = AuthoringVersionSerializer(full, context={"publish_errors": errors}).data
    return Response(data, status=code)


def _credential_response(public_id: UUID, code: int = status.HTTP_200_OK) -> Response:
    credential = (
        MicroCredential.objects.select_related("issuer", "published_version")
        .prefetch_related("versions")
        .get(public_id=public_id)
    )
    return Response(AuthoredCredentialSerializer(credential).data, status=code)


# --- Micro-credentials -------------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    summary="The micro-credentials the caller authors (every status)",
    parameters=[AuthoredCredentialQuery],
    responses={200: AuthoredCredentialSerializer(many=True), 404: NOT_FOUND},
    tags=TAGS,
)
@extend_schema(
    methods=["POST"],
    summary="Create a micro-credential with its first draft version",
    request=CreateInSerializer,
    responses={201: AuthoringVersionSerializer, 400: INVALID, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["GET", "POST"])
def authored_credentials(request: Request) -> Response:
    issuers = _require_author(request)
    if request.method == "POST":
        return _credential_create(request, issuers)
    query = AuthoredCredentialQuery.from_request(request)
    queryset = selectors.credentials_for_issuers(list(issuers)).order_by("slug", "pk")
    if query.validated_data.get("status"):
        queryset = queryset.filter(status=query.validated_data["status"])
    return paginated_response(request, query.ordered(queryset), AuthoredCredentialSerializer)


def _credential_create(request: Request, issuers: QuerySet[Organization]) -> Response:
    serializer = CreateInSerializer(data=request.data, context={"issuers": issuers})
    serializer.is_valid(raise_exception=True)
    try:
        version = authoring_services.credential_draft_create(
            issuer=serializer.validated_data["issuer"],
            slug=serializer.validated_data["slug"],
            by=request_user(request),
            **serializer.service_fields(),
        )
    except CatalogError as error:
        return _refused(error)
    return _version_response(version, status.HTTP_201_CREATED)


@extend_schema(
    summary="One micro-credential: its versions and the draft being edited",
    responses={200: AuthoredCredentialSerializer, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["GET"])
def authored_credential(request: Request, public_id: UUID) -> Response:
    credential = _credential_for(request, public_id)
    return Response(AuthoredCredentialSerializer(credential).data)


@extend_schema(
    summary="Start (or return to) the draft version that edits a published micro-credential",
    request=None,
    responses={
        201: AuthoringVersionSerializer,
        200: OpenApiResponse(AuthoringVersionSerializer, description="The existing draft"),
        404: NOT_FOUND,
        409: FROZEN,
    },
    tags=TAGS,
)
@api_view(["POST"])
def credential_new_version(request: Request, public_id: UUID) -> Response:
    credential = _credential_for(request, public_id)
    had_draft = any(v.is_editable for v in credential.versions.all())
    try:
        draft = services.credential_start_new_version(
            credential=credential, by=request_user(request)
        )
    except CatalogError as error:
        return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    return _version_response(draft, status.HTTP_200_OK if had_draft else status.HTTP_201_CREATED)


@extend_schema(
    summary="Retire a micro-credential: out of the catalog; submissions and badges stay",
    request=None,
    responses={200: AuthoredCredentialSerializer, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["POST"])
def credential_retire(request: Request, public_id: UUID) -> Response:
    credential = _credential_for(request, public_id)
    services.credential_retire(credential=credential, by=request_user(request))
    return _credential_response(credential.public_id)


# --- Versions: details, content, publishing ------------------------------------------------------


@extend_schema(
    methods=["GET"],
    summary="One version with all its content (the preview) and what blocks publishing",
    responses={200: AuthoringVersionSerializer, 404: NOT_FOUND},
    tags=TAGS,
)
@extend_schema(
    methods=["PATCH"],
    summary="Edit a draft's details (fields left out stay as they are)",
    request=DetailsInSerializer,
    responses={
        200: AuthoringVersionSerializer,
        400: INVALID,
        404: NOT_FOUND,
        409: FROZEN,
    },
    tags=TAGS,
)
@api_view(["GET", "PATCH"])
def authoring_version(request: Request, public_id: UUID) -> Response:
    version = _version_for(request, public_id)
    if request.method == "GET":
        return _version_response(version)
    if (conflict := _frozen(version)) is not None:
        return conflict
    serializer = DetailsInSerializer(data=request.data, partial=True, context={"version": version})
    serializer.is_valid(raise_exception=True)
    try:
        authoring_services.version_details_save(
            version=version, by=request_user(request), **serializer.service_fields()
        )
    except CatalogError as error:
        return _refused(error)
    return _version_response(version)


@extend_schema(
    summary="Replace a draft's evidence requirements and rubric (criteria with levels) at once",
    description=(
        "Listed requirements, criteria and levels with an `id` are updated, those without are "
        "added, those left out are deleted; order is kept (requirements within each part, "
        "levels lowest first). A criterion names the requirements it scores by `id`, or by the "
        "`key` given to a new requirement in the same document. All or nothing."
    ),
    request=ContentInSerializer,
    responses={
        200: AuthoringVersionSerializer,
        400: OpenApiResponse(
            description='Invalid: {"<field>": [...]}, or refused: {"detail", "errors": [...]}'
        ),
        404: NOT_FOUND,
        409: FROZEN,
    },
    tags=TAGS,
)
@api_view(["PUT"])
def version_content(request: Request, public_id: UUID) -> Response:
    version = _version_for(request, public_id)
    if (conflict := _frozen(version)) is not None:
        return conflict
    serializer = ContentInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        authoring_services.version_content_save(
            version=version,
            requirements=serializer.requirement_inputs(),
            criteria=serializer.criterion_inputs(),
            by=request_user(request),
        )
    except CatalogError as error:
        return _refused(error)
    return _version_response(version)


@extend_schema(
    summary="Publish a draft: it becomes the catalog's version, the previous one is superseded",
    request=None,
    responses={
        200: AuthoringVersionSerializer,
        400: OpenApiResponse(
            description='Not ready: {"detail", "errors": ["<each problem, in words>", ...]}'
        ),
        404: NOT_FOUND,
        409: FROZEN,
    },
    tags=TAGS,
)
@api_view(["POST"])
def version_publish(request: Request, public_id: UUID) -> Response:
    version = _version_for(request, public_id)
    if (conflict := _frozen(version)) is not None:
        return conflict
    try:
        services.version_publish(version=version, by=request_user(request))
    except CatalogError as error:
        return _refused(error)
    return _version_response(version)


@extend_schema(
    methods=["PUT"],
    summary="Upload a draft's badge image (multipart `image`: PNG or JPEG, at most 2 MB)",
    request={"multipart/form-data": BadgeImageInSerializer},
    responses={200: BadgeImageSerializer, 400: INVALID, 404: NOT_FOUND, 409: FROZEN},
    tags=TAGS,
)
@extend_schema(
    methods=["DELETE"],
    summary="Remove a draft's badge image",
    request=None,
    responses={200: BadgeImageSerializer, 404: NOT_FOUND, 409: FROZEN},
    tags=TAGS,
)
@api_view(["PUT", "DELETE"])
@parser_classes([MultiPartParser, FormParser])
def version_image(request: Request, public_id: UUID) -> Response:
    version = _version_for(request, public_id)
    if (conflict := _frozen(version)) is not None:
        return conflict
    image: object = ""
    if request.method == "PUT":
        serializer = BadgeImageInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        image = serializer.validated_data["image"]
    authoring_services.version_details_save(
        version=version,
        by=request_user(request),
        focus_area=version.focus_area,
        competency=version.competency,
        attempt_limit=version.credential.attempt_limit,
        image=image,
    )
    version.refresh_from_db()
    return Response(BadgeImageSerializer(version).data)


# --- Stacks --------------------------------------------------------------------------------------


def _stack_response(stack: Stack, code: int = status.HTTP_200_OK) -> Response:
    stack = (
        Stack.objects.select_related("issuer")
        .prefetch_related("items__credential")
        .get(pk=stack.pk)
    )
    return Response(AuthoredStackSerializer(stack).data, status=code)


def _stack_save(request: Request, serializer: StackInSerializer, stack: Stack | None) -> Stack:
    data = serializer.validated_data
    return services.stack_save(
        issuer=data["issuer"],
        slug=data["slug"],
        title=data["title"],
        description=data["description"],
        credentials=data["micro_credentials"],
        publish=data["publish"],
        stack=stack,
    )


@extend_schema(
    methods=["GET"],
    summary="The stacks of the caller's issuers (every status)",
    parameters=[AuthoredStackQuery],
    responses={200: AuthoredStackSerializer(many=True), 404: NOT_FOUND},
    tags=TAGS,
)
@extend_schema(
    methods=["POST"],
    summary="Create a stack (publish: true makes it public; it then needs two or more)",
    request=StackInSerializer,
    responses={201: AuthoredStackSerializer, 400: INVALID, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["GET", "POST"])
def authored_stacks(request: Request) -> Response:
    issuers = _require_author(request)
    if request.method == "POST":
        serializer = StackInSerializer(data=request.data, context={"issuers": issuers})
        serializer.is_valid(raise_exception=True)
        try:
            stack = _stack_save(request, serializer, None)
        except CatalogError as error:
            return _refused(error)
        return _stack_response(stack, status.HTTP_201_CREATED)
    query = AuthoredStackQuery.from_request(request)
    queryset = (
        Stack.objects.filter(issuer__in=issuers)
        .select_related("issuer")
        .prefetch_related("items__credential")
        .order_by("title", "pk")
    )
    if query.validated_data.get("status"):
        queryset = queryset.filter(status=query.validated_data["status"])
    return paginated_response(request, query.ordered(queryset), AuthoredStackSerializer)


@extend_schema(
    methods=["GET"],
    summary="One stack",
    responses={200: AuthoredStackSerializer, 404: NOT_FOUND},
    tags=TAGS,
)
@extend_schema(
    methods=["PUT"],
    summary="Replace a stack's fields and micro-credentials",
    request=StackInSerializer,
    responses={200: AuthoredStackSerializer, 400: INVALID, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["GET", "PUT"])
def authored_stack(request: Request, public_id: UUID) -> Response:
    stack = _stack_for(request, public_id)
    if request.method == "GET":
        return _stack_response(stack)
    serializer = StackInSerializer(data=request.data, context={"stack": stack})
    serializer.is_valid(raise_exception=True)
    try:
        stack = _stack_save(request, serializer, stack)
    except CatalogError as error:
        return _refused(error)
    return _stack_response(stack)
