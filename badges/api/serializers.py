"""Badge API: output for the caller's badges, input for a revocation."""

from typing import Any

from rest_framework import serializers

from badges import documents
from badges.models import Badge


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
