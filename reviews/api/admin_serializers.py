"""Reviewer administration shapes: reviewers and their designations, the review policy, the
quality figures, a reviewer's own preferences."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from common.api.fields import FiniteFloatField

from ..models import ReviewerDesignation, ReviewerPreference, ReviewPolicy


class DesignationSerializer(serializers.ModelSerializer[ReviewerDesignation]):
    """A micro-credential the reviewer is designated (qualified) for."""

    id = serializers.UUIDField(source="credential.public_id", read_only=True)
    slug = serializers.SlugField(source="credential.slug", read_only=True)
    title = serializers.SerializerMethodField()
    designated_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = ReviewerDesignation
        fields = ("id", "slug", "title", "designated_at")

    def get_title(self, designation: ReviewerDesignation) -> str:
        version = designation.credential.published_version
        return version.title if version else designation.credential.slug


class ReviewerSerializer(serializers.ModelSerializer[User]):
    """A reviewer of the issuer and the micro-credentials of this issuer they are designated
    for (earning a micro-credential also qualifies a reviewer for it)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)
    micro_credentials = DesignationSerializer(source="designations_here", many=True, read_only=True)

    class Meta:
        model = User
        fields = ("id", "name", "email", "micro_credentials")


class ReviewPolicySerializer(serializers.ModelSerializer[ReviewPolicy]):
    """The issuer's review policy; an issuer that never set one has the defaults."""

    second_review_rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        min_value=0,
        max_value=1,
        coerce_to_string=False,
        help_text="Share of submissions that get an independent second review (0 to 1).",
    )

    class Meta:
        model = ReviewPolicy
        fields = (
            "conflict_of_interest",
            "claim_hours",
            "second_review_rate",
            "blind_review",
            "turnaround_target_days",
            "updated_at",
        )
        read_only_fields = ("updated_at",)
        extra_kwargs = {"turnaround_target_days": {"min_value": 1, "max_value": 365}}


class QualityRowSerializer(serializers.Serializer[Any]):
    """Figures for one reviewer, one micro-credential or all (turnaround in days)."""

    label = serializers.CharField()  # type: ignore[assignment]
    reviews = serializers.IntegerField()
    passed = serializers.IntegerField()
    pass_rate = FiniteFloatField(allow_null=True)
    median_days = FiniteFloatField(allow_null=True)
    p90_days = FiniteFloatField(allow_null=True)
    second_reviews = serializers.SerializerMethodField(
        help_text="First/second review pairs behind the agreement figures."
    )
    percent_agreement = FiniteFloatField(allow_null=True)
    kappa = FiniteFloatField(allow_null=True, help_text="Cohen's kappa; null: undefined.")

    @extend_schema_field(OpenApiTypes.INT)
    def get_second_reviews(self, row: Any) -> int:
        return len(row.pairs)


class OverdueSerializer(serializers.Serializer[Any]):
    submission = serializers.UUIDField(source="public_id")
    micro_credential = serializers.SerializerMethodField()
    issuer = serializers.CharField(source="credential.issuer.name")
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    waiting_days = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}
    )
    def get_micro_credential(self, submission: Any) -> dict[str, str]:
        return {"id": str(submission.credential.public_id), "title": submission.version.title}

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_waiting_days(self, submission: Any) -> float:
        return round(submission.waiting.total_seconds() / 86400, 1)


class QualityReportSerializer(serializers.Serializer[Any]):
    """The quality page as JSON: the last year of completed reviews."""

    overall = QualityRowSerializer()
    by_reviewer = QualityRowSerializer(many=True)
    by_credential = QualityRowSerializer(many=True)
    overdue = OverdueSerializer(many=True, help_text="Waiting past the turnaround target.")


class PreferenceSerializer(serializers.ModelSerializer[ReviewerPreference]):
    class Meta:
        model = ReviewerPreference
        fields = ("daily_digest",)
        extra_kwargs = {"daily_digest": {"required": True}}
