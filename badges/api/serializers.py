"""Badge API: output for the caller's badges, input for a revocation."""

from typing import Any

from rest_framework import serializers

from badges import documents
from badges.models import Badge
from common.api.filters import ListQuery


class BadgeQuerySerializer(ListQuery):
    """`GET /badges/` filters (combined with AND); newest first without `ordering`."""

    revoked = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: only revoked badges."
    )
    kind = serializers.ChoiceField(choices=Badge.Kind.choices, required=False)
    micro_credential = serializers.UUIDField(required=False, help_text="A micro-credential's id.")
    ordering_fields = {"issued": ("issued_at",), "expires": ("expires_at",), "title": ("title",)}


class BadgeSerializer(serializers.ModelSerializer[Badge]):
    """A badge with the URLs that verify, show and carry it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    micro_credential = serializers.SerializerMethodField(
        help_text="The micro-credential's id (null for a stack badge)."
    )
    stack = serializers.SerializerMethodField(help_text="The stack's id, for a stack badge.")
    issued_on = serializers.DateTimeField(source="issued_at", read_only=True)
    expires = serializers.DateTimeField(source="expires_at", read_only=True, allow_null=True)
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    status = serializers.CharField(read_only=True, help_text="valid, expired or revoked")
    assertion_url = serializers.SerializerMethodField(
        help_text="Open Badges 2.0 hosted assertion (JSON-LD)."
    )
    credential_url = serializers.SerializerMethodField(
        help_text="Signed Open Badges 3.0 credential (JSON)."
    )
    image_url = serializers.SerializerMethodField(help_text="Baked PNG.")
    public_url = serializers.SerializerMethodField(help_text="A page anyone can open to verify it.")

    class Meta:
        model = Badge
        fields = [
            "id",
            "kind",
            "title",
            "micro_credential",
            "stack",
            "issued_on",
            "expires",
            "revoked",
            "revocation_reason",
            "status",
            "assertion_url",
            "credential_url",
            "image_url",
            "public_url",
        ]
        read_only_fields = fields

    def get_micro_credential(self, badge: Badge) -> str | None:
        return str(badge.credential.public_id) if badge.credential else None

    def get_stack(self, badge: Badge) -> str | None:
        return str(badge.stack.public_id) if badge.stack else None

    def get_assertion_url(self, badge: Badge) -> str:
        return documents.assertion_url(badge)

    def get_credential_url(self, badge: Badge) -> str:
        return documents.credential_url(badge)

    def get_image_url(self, badge: Badge) -> str:
        return documents.png_url(badge)

    def get_public_url(self, badge: Badge) -> str:
        return documents.public_url(badge)


class RevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=1000, help_text="Published with the revoked badge and emailed to the educator."
    )


class SharingSerializer(serializers.ModelSerializer[Badge]):
    """The earner's sharing choices, as on the badge page."""

    class Meta:
        model = Badge
        fields = ["is_public", "evidence_summary", "evidence_published"]
        extra_kwargs = {  # every field is required on PUT: the page always posts all three
            "is_public": {"required": True},
            "evidence_summary": {"required": True, "allow_blank": True},
            "evidence_published": {"required": True},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["evidence_published"] and not attrs["evidence_summary"].strip():
            raise serializers.ValidationError(
                {"evidence_summary": "Write the summary before publishing it."}
            )
        return attrs


class VerifyInSerializer(serializers.Serializer[Any]):
    """What the verification page takes: a badge link, or the badge data itself."""

    url = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="The badge's page, its Open Badges 2.0 link or its 3.0 credential link.",
    )
    badge = serializers.JSONField(
        required=False,
        help_text="An Open Badges 3.0 credential or an Open Badges 2.0 assertion (JSON object).",
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Checked against the badge's hashed recipient; never shown.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("url", "").strip()) == ("badge" in attrs):
            raise serializers.ValidationError(
                {"detail": "Give either a badge link (url) or the badge data (badge)."}
            )
        return attrs


class VerifyIssuerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="issuer_name")
    url = serializers.CharField(source="issuer_url")


class VerifyReportSerializer(serializers.Serializer[Any]):
    """The verdict the verification page shows."""

    valid = serializers.BooleanField()
    status = serializers.ChoiceField(
        choices=["valid", "expired", "revoked", "invalid", "not_yet_valid"]
    )
    source = serializers.CharField(help_text="What was checked, in words.")  # type: ignore[assignment]
    problems = serializers.ListField(child=serializers.CharField())
    badge = serializers.UUIDField(
        source="badge.public_id", allow_null=True, help_text="Our badge's id, when it is ours."
    )
    title = serializers.CharField()
    issuer = VerifyIssuerSerializer(source="*")
    issued_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    recipient_matches = serializers.BooleanField(
        allow_null=True, help_text="Whether `email` is the earner's; null when none was given."
    )
    earner_name = serializers.CharField(help_text="Empty unless the earner made the badge public.")
