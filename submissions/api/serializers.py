from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from common.api.filters import ListQuery
from submissions.models import Artifact, Response, Submission

_DECIDED = (Submission.Status.PASSED, Submission.Status.NOT_YET)


class SubmissionQuerySerializer(ListQuery):
    """`GET /submissions/` filters (combined with AND); newest first without `ordering`."""

    status = serializers.ChoiceField(choices=Submission.Status.choices, required=False)
    micro_credential = serializers.UUIDField(required=False, help_text="A micro-credential's id.")
    ordering_fields = {
        "created": ("created_at",),
        "submitted": ("submitted_at",),
        "decided": ("decided_at",),
        "attempt": ("attempt",),
    }


class StartSubmissionSerializer(serializers.Serializer[Any]):
    micro_credential = serializers.UUIDField(help_text="The micro-credential's id.")


class ResponseTextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(allow_blank=True, max_length=100_000, trim_whitespace=False)


class ChecklistItemSerializer(serializers.Serializer[Any]):
    requirement = serializers.UUIDField(help_text="The evidence requirement's id.")
    title = serializers.CharField()
    problem = serializers.CharField(help_text="What is missing, in words.")


class ChecklistSerializer(serializers.Serializer[Any]):
    """What still keeps a draft from being submitted: the check `POST .../submit/` runs."""

    submission = serializers.UUIDField()
    status = serializers.CharField(
        help_text="The submission's status, as in `GET /submissions/{id}/`."
    )
    can_submit = serializers.BooleanField(
        help_text="True exactly when `POST /submissions/{id}/submit/` would accept it now."
    )
    items = ChecklistItemSerializer(many=True, help_text="Empty when nothing is missing.")


class ResponseOutSerializer(serializers.ModelSerializer[Response]):
    requirement = serializers.UUIDField(source="requirement.public_id")
    updated_at = serializers.DateTimeField()

    class Meta:
        model = Response
        fields = ["requirement", "text", "revision", "updated_at"]


class ArtifactSummarySerializer(serializers.ModelSerializer[Artifact]):
    id = serializers.UUIDField(source="public_id")
    requirement = serializers.UUIDField(source="requirement.public_id")

    class Meta:
        model = Artifact
        fields = ["id", "requirement", "status", "filename", "size", "content_type"]


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    """A submission; `responses` and `artifacts` only for those who may see the evidence."""

    id = serializers.UUIDField(source="public_id")
    micro_credential = serializers.UUIDField(source="credential.public_id")
    responses = serializers.SerializerMethodField()
    artifacts = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "micro_credential",
            "status",
            "attempt",
            "is_renewal",
            "created_at",
            "submitted_at",
            "decided_at",
            "responses",
            "artifacts",
            "review",
        ]

    def _evidence_visible(self, submission: Submission) -> bool:
        request = self.context["request"]
        return bool(request.user.has_perm("submissions.view_evidence", submission))

    def get_responses(self, submission: Submission) -> list[dict[str, Any]]:
        if not self._evidence_visible(submission):
            return []
        return list(ResponseOutSerializer(submission.responses.all(), many=True).data)

    def get_artifacts(self, submission: Submission) -> list[dict[str, Any]]:
        if not self._evidence_visible(submission):
            return []
        live = [a for a in submission.artifacts.all() if a.deleted_at is None]
        return list(ArtifactSummarySerializer(live, many=True).data)

    def get_review(self, submission: Submission) -> dict[str, Any] | None:
        """The decision, and for those who may see the evidence the feedback too (an admin
        sees outcomes, not the reviewer's comments on someone's teaching)."""
        # Submission pk -> review summary, from the caller: reviews serves the endpoints that
        # can show a decided submission (reviews/api/submission_views.py); the others answer
        # an open or withdrawn attempt, which has none.
        summaries = self.context.get("review_summaries")
        if summaries is None:
            if submission.status in _DECIDED:
                raise ImproperlyConfigured("A decided submission needs its review_summaries.")
            return None
        summary = summaries.get(submission.pk)
        if summary is None or self._evidence_visible(submission):
            return summary
        return {"decision": summary["decision"], "decided_at": summary["decided_at"]}
