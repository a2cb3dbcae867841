from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from organizations.models import Organization
from reporting.models import Assignment


# Inline enums: several models have a `kind`, and named enum components would collide.
@extend_schema_field({"type": "string", "enum": Organization.Kind.values})
class OrganizationKindField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": Assignment.Kind.values})
class AssignmentKindField(serializers.ChoiceField):
    pass


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    id = serializers.UUIDField(source="public_id")
    kind = OrganizationKindField(read_only=True)
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "parent", "external_id"]

    def get_parent(self, organization: Organization) -> str | None:
        parent = organization.parent
        return str(parent.public_id) if parent else None


class EducatorSummarySerializer(serializers.Serializer[User]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()
    school = serializers.CharField(source="school_name", allow_null=True)


class ProgressRowSerializer(serializers.Serializer[User]):
    """One educator's counts (statuses and outcomes only, never evidence)."""

    educator = EducatorSummarySerializer(source="*")
    in_progress = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="Submitted or in review.")
    not_yet = serializers.IntegerField()
    earned = serializers.IntegerField()
    pd_hours = serializers.DecimalField(max_digits=9, decimal_places=1, coerce_to_string=False)
    last_activity = serializers.DateTimeField(
        source="last_activity_at",
        allow_null=True,
        help_text="When the educator last used the platform (to the quarter hour); null: never.",
    )


class ProgressQuerySerializer(serializers.Serializer[Any]):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)
    status = serializers.ChoiceField(
        required=False,
        choices=["", "in_progress", "submitted", "not_yet", "earned", "not_started"],
    )
    start = serializers.DateField(required=False, help_text="Outcomes decided on or after.")
    end = serializers.DateField(required=False, help_text="Outcomes decided on or before.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError({"end": "The end date is before the start date."})
        return attrs


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    id = serializers.UUIDField(source="public_id")
    # A plain string here: the same enum in two components would get a hashed name.
    kind = serializers.CharField(read_only=True, help_text="recommended or required")
    micro_credential = serializers.SerializerMethodField()
    stack = serializers.SerializerMethodField()
    educator = serializers.SerializerMethodField()
    school = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "kind",
            "micro_credential",
            "stack",
            "educator",
            "school",
            "due_on",
            "note",
            "created_at",
        ]

    def get_micro_credential(self, assignment: Assignment) -> str | None:
        return str(assignment.credential.public_id) if assignment.credential else None

    def get_stack(self, assignment: Assignment) -> str | None:
        return str(assignment.stack.public_id) if assignment.stack else None

    def get_educator(self, assignment: Assignment) -> str | None:
        return str(assignment.educator.public_id) if assignment.educator else None

    def get_school(self, assignment: Assignment) -> str | None:
        return str(assignment.school.public_id) if assignment.school else None


class AssignmentProgressSerializer(serializers.Serializer[Any]):
    assignment = AssignmentSerializer()
    targeted = serializers.IntegerField()
    completed = serializers.IntegerField()
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, row: dict[str, Any]) -> list[str]:
        """Emails of the educators past the due date without having earned it."""
        return [user.email for user in row["overdue"]]


class AssignmentCreateSerializer(serializers.Serializer[Any]):
    kind = AssignmentKindField(choices=Assignment.Kind.choices)
    micro_credential = serializers.UUIDField(required=False)
    stack = serializers.UUIDField(required=False)
    educator = serializers.UUIDField(required=False, help_text="One educator's id...")
    school = serializers.UUIDField(required=False, help_text="...or a whole school's id.")
    due_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("micro_credential")) == bool(attrs.get("stack")):
            raise serializers.ValidationError("Give either micro_credential or stack.")
        if bool(attrs.get("educator")) == bool(attrs.get("school")):
            raise serializers.ValidationError("Give either educator or school.")
        return attrs
