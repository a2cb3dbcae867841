"""Review API shapes: input serializers validate, output serializers describe."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import FiniteFloatField
from common.api.filters import ListQuery
from credentials.api.serializers import RubricCriterionSerializer
from submissions.models import Submission

from ..models import Review, ReviewComment


class QueueQuerySerializer(ListQuery):
    """`GET /review-queue/` parameters; oldest first without `ordering`."""

    stage = serializers.ChoiceField(
        choices=["review", "adjudication"],
        required=False,
        default="review",
        help_text="adjudication: the disagreements issuer staff settle.",
    )
    micro_credential = serializers.UUIDField(required=False, help_text="A micro-credential's id.")
    ordering_fields = {"submitted": ("submitted_at",), "attempt": ("attempt",)}


class QueueItemSerializer(serializers.ModelSerializer[Submission]):
    """A submission waiting for review; `educator` is null under blind review."""

    submission = serializers.UUIDField(source="public_id")
    micro_credential = serializers.SerializerMethodField()
    stage = serializers.CharField(help_text="first | second")
    waiting_seconds = serializers.SerializerMethodField()
    educator = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "submission",
            "micro_credential",
            "attempt",
            "stage",
            "submitted_at",
            "waiting_seconds",
            "educator",
        ]

    @extend_schema_field(
        {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}
    )
    def get_micro_credential(self, submission: Submission) -> dict[str, str]:
        return {"id": str(submission.credential.public_id), "title": submission.version.title}

    @extend_schema_field(OpenApiTypes.INT)
    def get_waiting_seconds(self, submission: Any) -> int:
        return int(submission.waiting.total_seconds())

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"name": {"type": "string"}, "school": {"type": "string"}},
        }
    )
    def get_educator(self, submission: Any) -> dict[str, str] | None:
        if submission.blind:
            return None
        school = submission.school
        return {
            "name": submission.educator.get_full_name(),
            "school": school.name if school else "",
        }


class ClaimInSerializer(serializers.Serializer[Any]):
    submission = serializers.UUIDField(help_text="The submission's id.")


class ClaimOutSerializer(serializers.ModelSerializer[Review]):
    id = serializers.UUIDField(source="public_id")
    submission = serializers.UUIDField(source="submission.public_id")
    claimed_until = serializers.DateTimeField(source="claim_expires_at")
    stage = serializers.CharField(source="kind")

    class Meta:
        model = Review
        fields = ["id", "submission", "claimed_until", "stage"]


class ScoreInSerializer(serializers.Serializer[Any]):
    criterion = serializers.UUIDField()
    level = serializers.UUIDField(allow_null=True, required=False)
    feedback = serializers.CharField(allow_blank=True, required=False, max_length=20_000)
    member = serializers.UUIDField(
        allow_null=True,
        required=False,
        help_text="A team's review only: the member's submission id this score is for, on "
        "every criterion that is not shared (shared ones are scored once, without it).",
    )


class CompleteInSerializer(serializers.Serializer[Any]):
    scores = ScoreInSerializer(many=True)
    feedback = serializers.CharField(allow_blank=True, required=False, max_length=20_000)


class CompletedConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    decision = serializers.ChoiceField(
        choices=Review.Decision.choices,
        required=False,
        help_text="The decision that stands (absent when the claim ended without one).",
    )


class TeamDecisionSerializer(serializers.Serializer[Any]):
    submission = serializers.UUIDField()
    decision = serializers.ChoiceField(choices=Review.Decision.choices)


class CompleteOutSerializer(serializers.ModelSerializer[Review]):
    id = serializers.UUIDField(source="public_id")
    submission = serializers.UUIDField(source="submission.public_id")
    released = serializers.SerializerMethodField(
        help_text="Whether the educator has the decision now (false while a second review or "
        "an adjudication is pending)."
    )

    team = serializers.SerializerMethodField(
        help_text="A team's review: each member's decision (the lead first); else null."
    )

    class Meta:
        model = Review
        fields = ["id", "submission", "decision", "released", "team"]

    @extend_schema_field(TeamDecisionSerializer(many=True, allow_null=True))
    def get_team(self, review: Review) -> list[dict[str, str]] | None:
        members = self.context.get("team")
        if members is None:
            return None
        return [
            {"submission": str(r.submission.public_id), "decision": r.decision} for r in members
        ]

    def get_released(self, review: Review) -> bool:
        return review.submission.status in (
            Submission.Status.PASSED,
            Submission.Status.NOT_YET,
        )


class EvidenceFileSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="artifact.public_id")
    filename = serializers.CharField(source="artifact.filename")
    status = serializers.CharField(source="artifact.status")
    kind = serializers.CharField()
    duration_seconds = FiniteFloatField(source="artifact.duration_seconds", allow_null=True)
    download_url = serializers.CharField(help_text="Short-lived link to the original file.")
    stream_url = serializers.CharField(help_text="Short-lived link to a playable MP4/M4A copy.")
    poster_url = serializers.CharField()
    preview_url = serializers.CharField()


class EvidenceRequirementOutSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="requirement.public_id")
    part = serializers.IntegerField(source="requirement.part")
    kind = serializers.CharField(source="requirement.kind")
    title = serializers.CharField(source="requirement.title")
    prompt = serializers.CharField(source="requirement.prompt")
    text = serializers.CharField()
    files = EvidenceFileSerializer(many=True)


class DraftScoreSerializer(serializers.Serializer[Any]):
    criterion = serializers.UUIDField(source="criterion.public_id")
    level = serializers.UUIDField(source="level.public_id", allow_null=True, default=None)
    feedback = serializers.CharField()


class TeamMemberEvidenceSerializer(serializers.Serializer[Any]):
    submission = serializers.UUIDField()
    educator = serializers.DictField(child=serializers.CharField(), allow_null=True)
    evidence = EvidenceRequirementOutSerializer(many=True)


class ReviewDetailSerializer(serializers.Serializer[Any]):
    """The claim holder's view: evidence, rubric and drafts (built by the view)."""

    id = serializers.UUIDField()
    submission = serializers.UUIDField()
    stage = serializers.CharField()
    claimed_until = serializers.DateTimeField()
    micro_credential = serializers.DictField(child=serializers.CharField())
    attempt = serializers.IntegerField()
    educator = serializers.DictField(child=serializers.CharField(), allow_null=True)
    evidence = EvidenceRequirementOutSerializer(many=True)
    rubric = RubricCriterionSerializer(many=True)
    scores = DraftScoreSerializer(many=True)
    feedback = serializers.CharField()
    team = TeamMemberEvidenceSerializer(
        many=True,
        allow_null=True,
        help_text="A team's review: each member (the lead first) with their own evidence; "
        "`evidence` above holds the shared evidence then. Null for one educator.",
    )


class DraftInSerializer(serializers.Serializer[Any]):
    """Draft scores (any subset of the criteria) and the overall feedback, as the page saves."""

    scores = ScoreInSerializer(many=True)
    feedback = serializers.CharField(allow_blank=True, required=False, max_length=20_000)


class DraftOutSerializer(serializers.Serializer[Any]):
    saved_at = serializers.DateTimeField()
    problems = serializers.DictField(
        child=serializers.CharField(),
        help_text="criterion id -> what completion still needs (empty: ready to complete).",
    )


class CommentInSerializer(serializers.Serializer[Any]):
    requirement = serializers.UUIDField(help_text="The evidence requirement commented on.")
    artifact = serializers.UUIDField(
        required=False, allow_null=True, help_text="One of the requirement's files."
    )
    time_seconds = FiniteFloatField(
        required=False, allow_null=True, min_value=0, help_text="A moment of that recording."
    )
    text = serializers.CharField(max_length=5000)


class CommentSerializer(serializers.ModelSerializer[ReviewComment]):
    id = serializers.UUIDField(source="public_id")
    requirement = serializers.UUIDField(source="requirement.public_id")
    artifact = serializers.UUIDField(source="artifact.public_id", allow_null=True, default=None)
    time_seconds = FiniteFloatField(
        allow_null=True, required=False, min_value=0, help_text="Moment in the media."
    )
    time_code = serializers.CharField(help_text='"m:ss" (or "h:mm:ss"); empty without a time.')

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "requirement",
            "artifact",
            "time_seconds",
            "time_code",
            "text",
            "created_at",
        ]
