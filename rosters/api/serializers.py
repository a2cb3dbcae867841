from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rosters.models import RosterImport, RosterImportRow


# An inline enum: several models have a `kind`, and named enum components would collide.
@extend_schema_field({"type": "string", "enum": RosterImportRow.Kind.values})
class RosterRowKindField(serializers.CharField):
    pass


class RosterUploadSerializer(serializers.Serializer[Any]):
    users_file = serializers.FileField(
        help_text="OneRoster 1.1 users.csv, or a CSV with email, name, school, role."
    )
    orgs_file = serializers.FileField(required=False, help_text="OneRoster 1.1 orgs.csv.")
    deactivate_missing = serializers.BooleanField(
        required=False, default=False, help_text="Full roster: deactivate educators not in it."
    )


class RosterRowSerializer(serializers.ModelSerializer[RosterImportRow]):
    kind = RosterRowKindField(read_only=True)

    class Meta:
        model = RosterImportRow
        fields = ["source", "kind", "action", "label", "reason"]


class RosterImportSerializer(serializers.ModelSerializer[RosterImport]):
    id = serializers.UUIDField(source="public_id")
    organization = serializers.UUIDField(source="organization.public_id")
    error_rows = serializers.SerializerMethodField()

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "organization",
            "format",
            "status",
            "summary",
            "error_count",
            "can_confirm",
            "failure_reason",
            "created_at",
            "applied_at",
            "error_rows",
        ]

    def get_error_rows(self, roster_import: RosterImport) -> list[dict[str, str]]:
        """The first 500 rows with an error (all rows: the rows endpoint)."""
        rows = roster_import.rows.filter(action=RosterImportRow.Action.ERROR)[:500]
        return [dict(RosterRowSerializer(row).data) for row in rows]
