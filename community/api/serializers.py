"""Cohort endpoints' serializers: input validated here, written by community's services."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from credentials.models import Stack

from ..models import Cohort, CohortMembership, Milestone


class CohortOrganizationSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class CohortPersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="user.public_id", read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, membership: CohortMembership) -> str:
        return str(membership.user.get_full_name() or membership.user.email)


class CohortCredentialSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    slug = serializers.SlugField(read_only=True)
    title = serializers.SerializerMethodField()

    def get_title(self, credential: Any) -> str:
        version = credential.published_version
        return str(version.title if version is not None else credential.slug)


class CohortMilestoneSerializer(serializers.ModelSerializer[Milestone]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    micro_credential = serializers.UUIDField(
        source="micro_credential.public_id", read_only=True, allow_null=True
    )

    class Meta:
        model = Milestone
        fields = ("id", "title", "description", "due_on", "micro_credential")


class CohortSerializer(serializers.ModelSerializer[Cohort]):
    """A cohort in a list, with the caller's place in it (member, facilitator or manager)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    organization = CohortOrganizationSerializer(read_only=True)
    stack: "serializers.SlugRelatedField[Stack]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    role = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields: tuple[str, ...] = (
            "id", "name", "description", "organization", "starts_on", "ends_on", "stack", "role",
        )  # fmt: skip

    def get_role(self, cohort: Cohort) -> str:
        """member | facilitator | manager: what the caller does in the cohort."""
        roles: dict[int, str] = self.context.get("roles", {})
        return roles.get(cohort.pk, "manager")


class CohortDetailSerializer(CohortSerializer):
    members = serializers.SerializerMethodField()
    facilitators = serializers.SerializerMethodField()
    micro_credentials = serializers.SerializerMethodField()
    milestones = CohortMilestoneSerializer(many=True, read_only=True)
    join_code = serializers.SerializerMethodField()

    class Meta(CohortSerializer.Meta):
        fields = (*CohortSerializer.Meta.fields, "members", "facilitators", "micro_credentials",
                  "milestones", "join_code")  # fmt: skip

    def _active(self, role: str) -> list[CohortMembership]:
        people: list[CohortMembership] = self.context["people"]
        return [m for m in people if m.role == role and m.status == CohortMembership.Status.ACTIVE]

    @extend_schema_field(CohortPersonSerializer(many=True))
    def get_members(self, cohort: Cohort) -> list[dict[str, Any]]:
        rows = self._active(CohortMembership.Role.MEMBER)
        return list(CohortPersonSerializer(rows, many=True).data)

    @extend_schema_field(CohortPersonSerializer(many=True))
    def get_facilitators(self, cohort: Cohort) -> list[dict[str, Any]]:
        rows = self._active(CohortMembership.Role.FACILITATOR)
        return list(CohortPersonSerializer(rows, many=True).data)

    @extend_schema_field(CohortCredentialSerializer(many=True))
    def get_micro_credentials(self, cohort: Cohort) -> list[dict[str, Any]]:
        return list(CohortCredentialSerializer(self.context["credentials"], many=True).data)

    def get_join_code(self, cohort: Cohort) -> str | None:
        """The join code, for the cohort's managers only (null for everyone else)."""
        return cohort.join_code if self.context.get("manages") else None


class CohortInSerializer(serializers.Serializer[Any]):
    organization = serializers.UUIDField(help_text="The organization that runs the cohort.")
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    stack = serializers.SlugField(required=False, allow_null=True, help_text="A stack's slug.")
    micro_credentials = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=50
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give the cohort a name.")
        return value.strip()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError(
                {"ends_on": "The cohort must end on or after the day it starts."}
            )
        if not attrs.get("stack") and not attrs.get("micro_credentials"):
            raise serializers.ValidationError(
                {"micro_credentials": "Choose a stack or at least one micro-credential."}
            )
        return attrs
