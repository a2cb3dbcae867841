"""Artifact API serializers: the simple upload in, an artifact with short-lived links out."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import FiniteFloatField
from submissions import artifact_processing, evidence_links
from submissions.models import Artifact


class ArtifactUploadSerializer(serializers.Serializer[Any]):
    """Form fields of `POST /submissions/{id}/artifacts/` (multipart/form-data)."""

    requirement = serializers.UUIDField(help_text="The artifact requirement's id.")
    file = serializers.FileField(
        help_text="The file; it is stored, then checked and processed in the background."
    )


class ArtifactSerializer(serializers.ModelSerializer[Artifact]):
    """An artifact; the links open the file for `EVIDENCE_LINK_SECONDS` and are logged."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    poster_url = serializers.SerializerMethodField(
        help_text="A personal link for EVIDENCE_LINK_SECONDS: open it with the same token or "
        "session as this call (anyone else, or no credentials, gets 404)."
    )
    download_url = serializers.SerializerMethodField(
        help_text="A personal link for EVIDENCE_LINK_SECONDS: open it with the same token or "
        "session as this call (anyone else, or no credentials, gets 404)."
    )
    retry_allowed = serializers.SerializerMethodField(
        help_text="Processing failed for a reason that is not the file's (storage away, a worker "
        "that kept crashing), or stopped because the server doing it went away: "
        "`POST /artifacts/{id}/retry/` processes it again (the owner's draft only). False for "
        "a file that can never succeed (wrong type, too large): remove it instead."
    )
    duration_seconds = FiniteFloatField(read_only=True, allow_null=True)

    class Meta:
        model = Artifact
        fields = [
            "id",
            "status",
            "filename",
            "size",
            "sha256",
            "content_type",
            "duration_seconds",
            "poster_url",
            "download_url",
            "failure_reason",
            "retry_allowed",
        ]
        read_only_fields = fields

    def _link(self, artifact: Artifact, variant: str) -> str | None:
        if artifact.status != Artifact.Status.READY or not evidence_links.variant_key(
            artifact, variant
        ):
            return None
        request = self.context["request"]
        path = evidence_links.evidence_link(artifact=artifact, user=request.user, variant=variant)
        return str(request.build_absolute_uri(path))

    @extend_schema_field(OpenApiTypes.URI)
    def get_poster_url(self, artifact: Artifact) -> str | None:
        return self._link(artifact, "poster")

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, artifact: Artifact) -> str | None:
        return self._link(artifact, "original")

    def get_retry_allowed(self, artifact: Artifact) -> bool:
        return artifact_processing.retry_can_help(artifact)
