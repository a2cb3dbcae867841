"""Catalog API serializers: query parameters in, catalog entries out. Read-only.

Every `id` is a public UUID, never an integer primary key. A listed micro-credential is serialized
from its published `MicroCredentialVersion` (its content) and that version's `credential` (its
stable identity: id and slug).
"""

from decimal import Decimal
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.filters import ListQuery
from organizations.models import Organization

from ..models import (
    Competency,
    EvidenceRequirement,
    FocusArea,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    RubricLevel,
    Stack,
    StackItem,
    Subject,
)
from ..selectors import CatalogFilters, stack_public_items


def _pd_hours_bound(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(500),
        required=False,
        help_text=help_text,
    )


class CatalogQuerySerializer(ListQuery):
    """The list endpoint's query parameters; every one is optional and they combine with AND.
    Without `ordering`: best match first when searching, else by title."""

    ordering_fields = {
        "title": ("title",),
        "pd_hours": ("pd_hours",),
        "published": ("published_at",),
    }

    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Full-text search, best match first, then titles like it (typos are "
        'forgiven: "exit tikets" finds "Exit Tickets"). Supports "quoted phrases" and '
        "-exclusions.",
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The same as `search` (the catalog page's name for it); `search` wins if both.",
    )
    focus_area = serializers.SlugField(
        required=False, allow_blank=True, help_text="A focus area's slug (see /focus-areas/)."
    )
    grade_band = serializers.CharField(
        required=False, allow_blank=True, max_length=10, help_text='"K-2", "3-5", "6-8" or "9-12".'
    )
    subject = serializers.SlugField(
        required=False, allow_blank=True, help_text='A subject\'s slug, e.g. "mathematics".'
    )
    issuer = serializers.SlugField(
        required=False, allow_blank=True, help_text="The issuing organization's slug."
    )
    pd_hours_min = _pd_hours_bound("At least this many PD hours.")
    pd_hours_max = _pd_hours_bound("At most this many PD hours.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("pd_hours_min"), attrs.get("pd_hours_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"pd_hours_max": "Must be at least pd_hours_min."}, code="invalid"
            )
        return attrs

    def catalog_filters(self) -> CatalogFilters:
        data = self.validated_data
        return CatalogFilters(
            query=data.get("search") or data.get("q") or "",
            focus_area=data.get("focus_area", ""),
            grade_band=data.get("grade_band", ""),
            subject=data.get("subject", ""),
            issuer=data.get("issuer", ""),
            pd_hours_min=data.get("pd_hours_min"),
            pd_hours_max=data.get("pd_hours_max"),
        )


class FocusAreaQuerySerializer(ListQuery):
    ordering_fields = {"name": ("name",), "slug": ("slug",)}


class StackQuerySerializer(ListQuery):
    issuer = serializers.SlugField(
        required=False, allow_blank=True, help_text="The issuing organization's slug."
    )
    ordering_fields = {"title": ("title",), "slug": ("slug",)}


class FocusAreaSerializer(serializers.ModelSerializer[FocusArea]):
    class Meta:
        model = FocusArea
        fields = ("slug", "name", "description")


class FocusAreaRefSerializer(serializers.ModelSerializer[FocusArea]):
    class Meta:
        model = FocusArea
        fields = ("slug", "name")


class IssuerSerializer(serializers.ModelSerializer[Organization]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Organization
        fields = ("id", "slug", "name", "url")


class CompetencySerializer(serializers.ModelSerializer[Competency]):
    class Meta:
        model = Competency
        fields = ("name", "statement")


class MicroCredentialSerializer(serializers.ModelSerializer[MicroCredentialVersion]):
    """One catalog entry: a published micro-credential as its current version describes it."""

    id = serializers.UUIDField(source="credential.public_id", read_only=True)
    slug = serializers.SlugField(source="credential.slug", read_only=True)
    competency = CompetencySerializer(read_only=True)
    focus_area = FocusAreaRefSerializer(read_only=True)
    issuer = IssuerSerializer(source="credential.issuer", read_only=True)
    pd_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True
    )
    grade_bands: serializers.SlugRelatedField[GradeBand] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    subjects: serializers.SlugRelatedField[Subject] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    url = serializers.SerializerMethodField(help_text="The catalog page of this micro-credential.")
    image_url = serializers.SerializerMethodField(
        help_text="The badge image (PNG): the author's upload, else the generated badge art "
        "(a default image for the moment it is being drawn)."
    )

    class Meta:
        model = MicroCredentialVersion
        fields: tuple[str, ...] = (
            "id",
            "slug",
            "title",
            "competency",
            "key_method",
            "focus_area",
            "issuer",
            "pd_hours",
            "grade_bands",
            "subjects",
            "url",
            "image_url",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, version: MicroCredentialVersion) -> str:
        path = reverse("credentials:detail", args=[version.credential.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_image_url(self, version: MicroCredentialVersion) -> str:
        request = self.context.get("request")
        url = version.badge_image_url
        return request.build_absolute_uri(url) if request is not None else url


class EvidenceRequirementSerializer(serializers.ModelSerializer[EvidenceRequirement]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    part = serializers.ChoiceField(
        choices=EvidenceRequirement.Part.choices,
        read_only=True,
        help_text="1: overview questions, 2: artifacts, 3: reflection.",
    )
    accepted_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EvidenceRequirement.FileType.choices),
        read_only=True,
        help_text="File kinds an artifact accepts; empty for a written response.",
    )

    class Meta:
        model = EvidenceRequirement
        fields = (
            "id",
            "part",
            "kind",
            "title",
            "prompt",
            "required",
            "word_limit",
            "accepted_types",
            "max_size_mb",
            "shared",
        )


class RubricLevelSerializer(serializers.ModelSerializer[RubricLevel]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = RubricLevel
        fields = ("id", "name", "description", "passing")


class RubricCriterionSerializer(serializers.ModelSerializer[RubricCriterion]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    levels = RubricLevelSerializer(many=True, read_only=True, help_text="Lowest first.")
    requirements: serializers.SlugRelatedField[EvidenceRequirement] = serializers.SlugRelatedField(
        slug_field="public_id",
        many=True,
        read_only=True,
        help_text="Ids of the evidence requirements this criterion scores.",
    )

    shared = serializers.BooleanField(
        source="is_shared",
        read_only=True,
        help_text="In a team attempt: scored once for the team (it scores only shared "
        "requirements), else per member.",
    )

    class Meta:
        model = RubricCriterion
        fields = ("id", "title", "description", "requirements", "shared", "levels")


class RubricSerializer(serializers.Serializer[MicroCredentialVersion]):
    decision_rule = serializers.SerializerMethodField()
    criteria = RubricCriterionSerializer(many=True, read_only=True)

    def get_decision_rule(self, version: MicroCredentialVersion) -> str:
        return "passed when every criterion is scored at a passing level, else not_yet"


class VersionRefSerializer(serializers.ModelSerializer[MicroCredentialVersion]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = MicroCredentialVersion
        fields = ("id", "number", "published_at")


class MicroCredentialDetailSerializer(MicroCredentialSerializer):
    """A catalog entry with everything needed before starting: evidence and the full rubric."""

    method_components = serializers.ListField(child=serializers.CharField(), read_only=True)
    resources = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        read_only=True,
        help_text='Each {"title", "url"}.',
    )
    ceus = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    evidence_requirements = EvidenceRequirementSerializer(
        source="requirements", many=True, read_only=True
    )
    rubric = RubricSerializer(source="*", read_only=True)
    version = VersionRefSerializer(source="*", read_only=True)

    class Meta(MicroCredentialSerializer.Meta):
        fields = (
            *MicroCredentialSerializer.Meta.fields,
            "method_components",
            "research",
            "resources",
            "ceus",
            "validity_years",
            "evidence_requirements",
            "rubric",
            "version",
            "teams_allowed",
            "team_min_size",
            "team_max_size",
        )


class StackMicroCredentialSerializer(serializers.ModelSerializer[StackItem]):
    id = serializers.UUIDField(source="credential.public_id", read_only=True)
    slug = serializers.SlugField(source="credential.slug", read_only=True)
    title = serializers.CharField(
        source="credential.published_version.title", read_only=True, allow_null=True
    )
    status = serializers.ChoiceField(
        source="credential.status",
        choices=MicroCredential.Status.choices,
        read_only=True,
        help_text="A retired micro-credential is no longer offered.",
    )

    class Meta:
        model = StackItem
        fields = ("id", "slug", "title", "status", "position")


class StackSerializer(serializers.ModelSerializer[Stack]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    issuer = IssuerSerializer(read_only=True)
    micro_credentials = serializers.SerializerMethodField(help_text="In the stack's order.")

    class Meta:
        model = Stack
        fields = ("id", "slug", "title", "description", "issuer", "micro_credentials")

    @extend_schema_field(StackMicroCredentialSerializer(many=True))
    def get_micro_credentials(self, stack: Stack) -> list[dict[str, Any]]:
        items = stack_public_items(stack)
        return list(StackMicroCredentialSerializer(items, many=True, context=self.context).data)
