"""Artifact endpoints: the simple upload for API clients, one artifact with its links, and
Retry for processing that failed or stopped.

Browsers use the resumable upload (submissions/artifact_views.py); this path streams the request
to a temporary file (Django's upload handlers), then to storage, then processes it the same way.
"""

from typing import Any, cast
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.http import request_user
from credentials.models import EvidenceRequirement
from submissions import artifact_processing, artifacts, media
from submissions.models import Artifact, Submission

from .artifact_serializers import ArtifactSerializer, ArtifactUploadSerializer

NOT_FOUND = OpenApiResponse(description="No such artifact or submission for this caller.")
# Multipart framing around the file: boundaries, headers and the requirement field.
FORM_OVERHEAD = 64 * 1024


class _SizeCap(FileUploadHandler):
    """Stop reading a request body whose file outgrows `limit` (bodies without a length)."""

    def __init__(self, request: Any, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _largest_limit(submission: Submission) -> int:
    requirements = submission.version.requirements.filter(kind=EvidenceRequirement.Kind.ARTIFACT)
    return max((artifacts.max_upload_bytes(r) for r in requirements), default=0)


def _field_errors(errors: dict[str, str]) -> dict[str, list[str]]:
    """Service problems (size, filename, type, requirement) as the form's fields."""
    fields: dict[str, list[str]] = {}
    for name, message in errors.items():
        fields.setdefault("requirement" if name == "requirement" else "file", []).append(message)
    return fields


@extend_schema(
    request={"multipart/form-data": ArtifactUploadSerializer},
    responses={
        201: ArtifactSerializer,
        400: OpenApiResponse(description='Invalid form: {"requirement"|"file": ["<message>"]}'),
        404: NOT_FOUND,
        409: OpenApiResponse(description="The submission is no longer a draft."),
        503: OpenApiResponse(description="Storage is unavailable; send the file again later."),
    },
    summary="Upload a file for an artifact requirement (simple, non-resumable)",
    description="The file is checked and processed in the background: poll the artifact until "
    "its status is `ready` or `failed` (`failure_reason` says why).",
    tags=["submissions"],
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def artifact_upload(request: Request, public_id: UUID) -> ApiResponse:
    submission = Submission.objects.filter(public_id=public_id).first()
    if submission is None or submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    if not submission.is_editable:
        return ApiResponse({"detail": artifacts.NOT_DRAFT}, status=status.HTTP_409_CONFLICT)
    # Refuse what cannot fit before reading a byte of it.
    limit = _largest_limit(submission)
    if not limit:
        return ApiResponse({"requirement": ["This attempt takes no files."]}, status=400)
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + FORM_OVERHEAD:
        message = f"The file is larger than this attempt accepts ({artifacts.human_size(limit)})."
        return ApiResponse({"file": [message]}, status=status.HTTP_400_BAD_REQUEST)
    handlers = request.upload_handlers
    if isinstance(handlers, list):  # still a plain list: the body has not been read yet
        handlers.insert(0, _SizeCap(request, limit))
    form = ArtifactUploadSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    return _store(request, submission, form.validated_data)


def _store(request: Request, submission: Submission, data: dict[str, Any]) -> ApiResponse:
    requirement = EvidenceRequirement.objects.filter(
        public_id=data["requirement"], version_id=submission.version_id
    ).first()
    if requirement is None:
        return ApiResponse({"requirement": ["Not a requirement of this submission."]}, status=400)
    upload = cast(UploadedFile, data["file"])
    try:
        artifact = artifacts.artifact_create(
            submission=submission,
            requirement=requirement,
            filename=upload.name or "",
            size=upload.size,
            content_type=upload.content_type or "",
            by=request_user(request),
        )
        artifact = artifacts.artifact_receive_file(artifact=artifact, file=upload)
    except artifacts.ArtifactInvalid as invalid:
        return ApiResponse(_field_errors(invalid.errors), status=status.HTTP_400_BAD_REQUEST)
    except artifacts.ArtifactError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    except media.StorageUnavailable:
        return ApiResponse({"detail": "Storage is unavailable; try again later."}, status=503)
    body = ArtifactSerializer(artifact, context={"request": request}).data
    return ApiResponse(body, status=status.HTTP_201_CREATED)


@extend_schema(
    responses={200: ArtifactSerializer, 404: NOT_FOUND},
    summary="One artifact: its processing status and short-lived links",
    tags=["submissions"],
)
@api_view(["GET"])
def artifact_detail(request: Request, public_id: UUID) -> ApiResponse:
    artifact = (
        Artifact.objects.select_related("submission", "source")
        .filter(public_id=public_id, deleted_at=None)
        .first()
    )
    if artifact is None or not request.user.has_perm(
        "submissions.view_evidence", artifact.submission
    ):
        raise Http404("No such artifact")
    return ApiResponse(ArtifactSerializer(artifact, context={"request": request}).data)


@extend_schema(
    request=None,
    responses={
        200: ArtifactSerializer,
        404: NOT_FOUND,
        409: OpenApiResponse(
            description="Nothing to retry (`retry_allowed` is false: processing is under way "
            "or done, or the file itself failed the checks), or the submission is no longer a "
            "draft."
        ),
        503: OpenApiResponse(description="Storage is unavailable; try again later."),
    },
    summary="Process an artifact again: failed, or stuck because its worker went away",
    tags=["submissions"],
)
@api_view(["POST"])
def artifact_retry(request: Request, public_id: UUID) -> ApiResponse:
    artifact = (
        Artifact.objects.select_related("submission", "source")
        .filter(public_id=public_id, deleted_at=None)
        .first()
    )
    if artifact is None or artifact.submission.educator_id != request.user.pk:
        raise Http404("No such artifact")  # only its owner retries (reviewers only look)
    if not ArtifactSerializer().get_retry_allowed(artifact):
        detail = (
            artifact_processing.NO_RETRY
            if artifact.status == Artifact.Status.FAILED
            else "Nothing to retry: this file is being processed or is done."
        )
        return ApiResponse({"detail": detail}, status=status.HTTP_409_CONFLICT)
    try:
        artifact = artifact_processing.artifact_retry(artifact=artifact, by=request_user(request))
    except artifacts.ArtifactError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    except media.StorageUnavailable:
        return ApiResponse({"detail": "Storage is unavailable; try again later."}, status=503)
    return ApiResponse(ArtifactSerializer(artifact, context={"request": request}).data)
