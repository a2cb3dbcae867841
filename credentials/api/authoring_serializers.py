"""Authoring API shapes: input serializers validate and resolve references (slugs, codes, ids,
keys) into what credentials.services takes; output serializers describe drafts, versions and
stacks whatever their status. The services write."""

from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Organization

from ..authoring_services import LevelInput, NewCompetency, RequirementInput, RubricCriterionInput
from ..forms import BADGE_IMAGE_FORMATS, BADGE_IMAGE_MAX_BYTES
from ..models import (
    Competency,
    EvidenceRequirement,
    FocusArea,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    Stack,
    StackItem,
    Subject,
)
from .serializers import (
    CompetencySerializer,
    EvidenceRequirementSerializer,
    IssuerSerializer,
    RubricCriterionSerializer,
)

# --- Input: a draft's details ------------------------------------------------------------------


class ResourceSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    url = serializers.URLField(max_length=500)


class CompetencyInSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(
        max_length=200, help_text="An existing competency of the focus area, or a new one."
    )
    statement = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Required for a new competency; ignored for an existing one.",
    )


class DetailsInSerializer(serializers.Serializer[Any]):
    """A draft's details. On update (PATCH) every field is optional and the rest stay."""

    title = serializers.CharField(max_length=200)
    focus_area = serializers.SlugField(help_text="A focus area's slug (see /focus-areas/).")
    competency = CompetencyInSerializer()
    key_method = serializers.CharField()
    method_components = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False
    )
    research = serializers.CharField(required=False, allow_blank=True)
    resources = ResourceSerializer(many=True, required=False)
    grade_bands = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        help_text='Codes: "K-2", "3-5", "6-8", "9-12".',
    )
    subjects = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Subject slugs."
    )
    pd_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(0), max_value=Decimal(500)
    )
    ceus = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), required=False, allow_null=True
    )
    validity_years = serializers.IntegerField(
        min_value=1, max_value=50, required=False, allow_null=True
    )
    attempt_limit = serializers.IntegerField(
        min_value=1,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Attempts per educator; null: unlimited. Applies to the micro-credential.",
    )

    def validate_focus_area(self, slug: str) -> FocusArea:
        focus_area = FocusArea.objects.filter(slug=slug).first()
        if focus_area is None:
            raise serializers.ValidationError(f"No focus area has the slug “{slug}”.")
        return focus_area

    def validate_grade_bands(self, codes: list[str]) -> list[GradeBand]:
        found = {band.code: band for band in GradeBand.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise serializers.ValidationError(f"Unknown grade bands: {', '.join(unknown)}.")
        return [found[code] for code in dict.fromkeys(codes)]

    def validate_subjects(self, slugs: list[str]) -> list[Subject]:
        found = {subject.slug: subject for subject in Subject.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(f"Unknown subjects: {', '.join(unknown)}.")
        return [found[slug] for slug in dict.fromkeys(slugs)]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "competency" in attrs or "focus_area" in attrs:
            focus_area = attrs.get("focus_area") or self._current("focus_area")
            given = attrs.get("competency") or {"name": self._current("competency").name}
            attrs["competency"] = _competency_for(focus_area, given)
            attrs["focus_area"] = focus_area
        return attrs

    def _current(self, name: str) -> Any:
        version: MicroCredentialVersion | None = self.context.get("version")
        if version is None:  # creating: both fields are required and present
            raise serializers.ValidationError({name: "This field is required."})
        return getattr(version, name)

    def service_fields(self) -> dict[str, Any]:
        """The validated data as `version_details_save` takes it, current values filling in
        what a PATCH left out."""
        data = dict(self.validated_data)
        version: MicroCredentialVersion | None = self.context.get("version")
        if version is not None:
            data.setdefault("focus_area", version.focus_area)
            data.setdefault("competency", version.competency)
            data.setdefault("attempt_limit", version.credential.attempt_limit)
        if "resources" in data:
            data["resources"] = [dict(resource) for resource in data["resources"]]
        return data


def _competency_for(focus_area: FocusArea, given: dict[str, Any]) -> Competency | NewCompetency:
    name = given["name"].strip()
    existing = Competency.objects.filter(focus_area=focus_area, name__iexact=name).first()
    if existing is not None:
        return existing
    statement = given.get("statement", "").strip()
    if not statement:
        raise serializers.ValidationError(
            {
                "competency": f"{focus_area.name} has no competency named “{name}”: give a "
                "statement to create it."
            }
        )
    return NewCompetency(name=name, statement=statement)


class CreateInSerializer(DetailsInSerializer):
    """A new micro-credential: its address, its issuer and its first draft's details."""

    issuer = serializers.UUIDField(
        required=False,
        help_text="The issuing organization's id; optional when the caller authors for one.",
    )
    slug = serializers.SlugField(
        max_length=120, help_text="Its address in the catalog; it cannot change later."
    )

    def validate_issuer(self, public_id: Any) -> Organization:
        issuer = self.context["issuers"].filter(public_id=public_id).first()
        if issuer is None:
            raise serializers.ValidationError("Not an issuing organization you author for.")
        return issuer

    def validate_slug(self, slug: str) -> str:
        if MicroCredential.objects.filter(slug=slug).exists():
            raise serializers.ValidationError("Another micro-credential already uses this address.")
        return slug

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "issuer" not in attrs:
            issuers = list(self.context["issuers"][:2])
            if len(issuers) != 1:
                raise serializers.ValidationError({"issuer": "Choose the issuing organization."})
            attrs["issuer"] = issuers[0]
        return super().validate(attrs)

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        del data["issuer"], data["slug"]
        return data


# --- Input: requirements and the rubric in one nested document ---------------------------------


class RequirementInSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(
        required=False, allow_null=True, help_text="An existing requirement's id; absent: new."
    )
    key = serializers.CharField(
        required=False,
        max_length=60,
        help_text="A name of your choosing for a new requirement, so criteria can refer to it.",
    )
    part = serializers.ChoiceField(
        choices=EvidenceRequirement.Part.choices,
        help_text="1: overview questions, 2: artifacts, 3: reflection.",
    )
    title = serializers.CharField(max_length=200)
    prompt = serializers.CharField()
    kind = serializers.ChoiceField(choices=EvidenceRequirement.Kind.choices)
    word_limit = serializers.IntegerField(
        min_value=1, max_value=10000, required=False, allow_null=True
    )
    accepted_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EvidenceRequirement.FileType.choices),
        required=False,
    )
    max_size_mb = serializers.IntegerField(
        min_value=1, max_value=5000, required=False, allow_null=True
    )
    required = serializers.BooleanField(default=True)  # type: ignore[assignment]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The rules of the requirements page (RequirementForm.clean)."""
        kind, types = attrs["kind"], attrs.get("accepted_types") or []
        errors: dict[str, str] = {}
        if kind == EvidenceRequirement.Kind.ARTIFACT:
            if not types:
                errors["accepted_types"] = "Choose at least one file type for an upload."
            if attrs.get("word_limit"):
                errors["word_limit"] = "A word limit applies to written responses only."
        else:
            if types:
                errors["accepted_types"] = "A written response does not accept files."
            if attrs.get("max_size_mb"):
                errors["max_size_mb"] = "A file size applies to uploads only."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class LevelInSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(required=False, allow_null=True)
    name = serializers.CharField(max_length=80)
    description = serializers.CharField()
    passing = serializers.BooleanField(default=False)


class CriterionInSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(
        required=False, allow_null=True, help_text="An existing criterion's id; absent: new."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    requirements = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text="The requirements it scores: each the id or the key of one in `requirements`.",
    )
    levels = LevelInSerializer(many=True, help_text="Lowest first.")


def _normal_ref(ref: str) -> str:
    """An id in its canonical spelling (any case, with or without hyphens); a key as given."""
    try:
        return str(UUID(ref))
    except ValueError:
        return ref


class ContentInSerializer(serializers.Serializer[Any]):
    """A draft's whole evidence and rubric: what is listed is kept (matched by id), what is new
    is added, what is left out is deleted. Publishing checks completeness, not this."""

    requirements = RequirementInSerializer(many=True)
    criteria = CriterionInSerializer(many=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        refs: dict[str, int] = {}
        for index, row in enumerate(attrs["requirements"]):
            for ref in (row.get("id"), row.get("key")):
                if ref is None:
                    continue
                name = _normal_ref(str(ref))
                if name in refs:
                    raise serializers.ValidationError(
                        {"requirements": f"“{ref}” names two requirements."}
                    )
                refs[name] = index
        for row in attrs["criteria"]:
            row["requirements"] = [_normal_ref(ref) for ref in row.get("requirements", [])]
        problems = [
            f"Criterion “{row['title']}”: “{ref}” is neither the id nor the key of a "
            "requirement in this document."
            for row in attrs["criteria"]
            for ref in row["requirements"]
            if ref not in refs
        ]
        if problems:
            raise serializers.ValidationError({"criteria": problems})
        attrs["requirement_refs"] = refs
        return attrs

    def requirement_inputs(self) -> list[RequirementInput]:
        return [
            RequirementInput(
                public_id=row.get("id"),
                part=int(row["part"]),
                title=row["title"],
                prompt=row["prompt"],
                kind=row["kind"],
                word_limit=row.get("word_limit"),
                accepted_types=tuple(row.get("accepted_types") or ()),
                max_size_mb=row.get("max_size_mb"),
                required=row["required"],
            )
            for row in self.validated_data["requirements"]
        ]

    def criterion_inputs(self) -> list[RubricCriterionInput]:
        refs = self.validated_data["requirement_refs"]
        return [
            RubricCriterionInput(
                public_id=row.get("id"),
                title=row["title"],
                description=row.get("description", ""),
                requirement_indexes=tuple(
                    dict.fromkeys(refs[ref] for ref in row.get("requirements", []))
                ),
                levels=tuple(
                    LevelInput(
                        public_id=level.get("id"),
                        name=level["name"],
                        description=level["description"],
                        passing=level["passing"],
                    )
                    for level in row["levels"]
                ),
            )
            for row in self.validated_data["criteria"]
        ]


# --- Output: micro-credentials and versions of every status ------------------------------------


class VersionSummarySerializer(serializers.ModelSerializer[MicroCredentialVersion]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = MicroCredentialVersion
        fields = ("id", "number", "status", "title", "created_at", "published_at")


class AuthoredCredentialSerializer(serializers.ModelSerializer[MicroCredential]):
    """A micro-credential as its author sees it: every version, the draft being edited."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    issuer = IssuerSerializer(read_only=True)
    title = serializers.SerializerMethodField(help_text="The draft's, else the latest version's.")
    published_version = VersionSummarySerializer(read_only=True, allow_null=True)
    draft = serializers.SerializerMethodField(help_text="The version being edited, or null.")
    versions = serializers.SerializerMethodField(help_text="Newest first.")

    class Meta:
        model = MicroCredential
        fields = (
            "id",
            "slug",
            "status",
            "issuer",
            "title",
            "attempt_limit",
            "published_version",
            "draft",
            "versions",
            "created_at",
            "updated_at",
        )

    def _versions(self, credential: MicroCredential) -> list[MicroCredentialVersion]:
        # Prefetched by the list's selector; sorted here so the prefetch serves every row.
        return sorted(credential.versions.all(), key=lambda v: -v.number)

    def get_title(self, credential: MicroCredential) -> str:
        versions = self._versions(credential)
        return versions[0].title if versions else credential.slug

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_draft(self, credential: MicroCredential) -> dict[str, Any] | None:
        draft = next((v for v in self._versions(credential) if v.is_editable), None)
        return dict(VersionSummarySerializer(draft).data) if draft else None

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, credential: MicroCredential) -> list[dict[str, Any]]:
        return list(VersionSummarySerializer(self._versions(credential), many=True).data)


class CredentialRefSerializer(serializers.ModelSerializer[MicroCredential]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = MicroCredential
        fields = ("id", "slug", "status", "attempt_limit")


class AuthoringVersionSerializer(serializers.ModelSerializer[MicroCredentialVersion]):
    """One version with all its content, as the preview shows it; a draft also lists what
    still keeps it from being published."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    micro_credential = CredentialRefSerializer(source="credential", read_only=True)
    focus_area = serializers.SlugField(source="focus_area.slug", read_only=True)
    competency = CompetencySerializer(read_only=True)
    pd_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True
    )
    ceus = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    grade_bands: serializers.SlugRelatedField[GradeBand] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    subjects: serializers.SlugRelatedField[Subject] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    requirements = EvidenceRequirementSerializer(many=True, read_only=True)
    criteria = RubricCriterionSerializer(many=True, read_only=True)
    publish_errors = serializers.SerializerMethodField(
        help_text="What keeps this draft from being published (empty: ready); [] when frozen."
    )

    class Meta:
        model = MicroCredentialVersion
        fields = (
            "id",
            "micro_credential",
            "number",
            "status",
            "title",
            "focus_area",
            "competency",
            "key_method",
            "method_components",
            "research",
            "resources",
            "grade_bands",
            "subjects",
            "pd_hours",
            "ceus",
            "validity_years",
            "created_at",
            "published_at",
            "requirements",
            "criteria",
            "publish_errors",
        )

    def get_publish_errors(self, version: MicroCredentialVersion) -> list[str]:
        errors: list[str] = self.context.get("publish_errors", [])
        return errors


# --- Stacks ------------------------------------------------------------------------------------


class StackInSerializer(serializers.Serializer[Any]):
    """A stack's fields and its micro-credentials, in order. `publish` makes it public (it then
    needs at least two); a published stack stays published."""

    issuer = serializers.UUIDField(
        required=False, help_text="On create, optional when the caller authors for one issuer."
    )
    slug = serializers.SlugField(max_length=120)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    micro_credentials = serializers.ListField(
        child=serializers.UUIDField(), help_text="Micro-credential ids of the issuer, in order."
    )
    publish = serializers.BooleanField(default=False)

    def validate_slug(self, slug: str) -> str:
        stack: Stack | None = self.context.get("stack")
        others = Stack.objects.filter(slug=slug)
        if stack is not None:
            others = others.exclude(pk=stack.pk)
        if others.exists():
            raise serializers.ValidationError("Another stack already uses this address.")
        return slug

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["issuer"] = self._issuer(attrs.get("issuer"))
        ids = attrs["micro_credentials"]
        found = {
            c.public_id: c
            for c in MicroCredential.objects.filter(public_id__in=ids, issuer=attrs["issuer"])
            .exclude(status=MicroCredential.Status.RETIRED)
            .select_related("issuer")
        }
        unknown = [str(i) for i in ids if i not in found]
        if unknown:
            raise serializers.ValidationError(
                {
                    "micro_credentials": "Not micro-credentials of this issuer on offer: "
                    + ", ".join(unknown)
                }
            )
        attrs["micro_credentials"] = [found[i] for i in ids]
        return attrs

    def _issuer(self, public_id: Any) -> Organization:
        stack: Stack | None = self.context.get("stack")
        if stack is not None:
            if public_id is not None and public_id != stack.issuer.public_id:
                raise serializers.ValidationError(
                    {"issuer": "A stack cannot move to another issuing organization."}
                )
            return stack.issuer
        issuers = self.context["issuers"]
        if public_id is not None:
            issuer = issuers.filter(public_id=public_id).first()
            if issuer is None:
                raise serializers.ValidationError(
                    {"issuer": "Not an issuing organization you author for."}
                )
            return issuer
        candidates = list(issuers[:2])
        if len(candidates) != 1:
            raise serializers.ValidationError({"issuer": "Choose the issuing organization."})
        return candidates[0]


class AuthoredStackItemSerializer(serializers.ModelSerializer[StackItem]):
    id = serializers.UUIDField(source="credential.public_id", read_only=True)
    slug = serializers.SlugField(source="credential.slug", read_only=True)
    status = serializers.CharField(source="credential.status", read_only=True)

    class Meta:
        model = StackItem
        fields = ("id", "slug", "status", "position")


class AuthoredStackSerializer(serializers.ModelSerializer[Stack]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    issuer = IssuerSerializer(read_only=True)
    micro_credentials = AuthoredStackItemSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = Stack
        fields = (
            "id",
            "slug",
            "title",
            "description",
            "status",
            "issuer",
            "micro_credentials",
            "created_at",
        )


class BadgeImageInSerializer(serializers.Serializer[Any]):
    """The badge image of a draft, as the details page takes it: PNG or JPEG, at most 2 MB."""

    image = serializers.ImageField(help_text="PNG or JPEG, at most 2 MB; square works best.")

    def validate_image(self, upload: Any) -> Any:
        if upload.size is not None and upload.size > BADGE_IMAGE_MAX_BYTES:
            raise serializers.ValidationError("The badge image must be at most 2 MB.")
        # ImageField has already opened and verified the file with Pillow.
        image_format = getattr(getattr(upload, "image", None), "format", None)
        if image_format not in BADGE_IMAGE_FORMATS:
            raise serializers.ValidationError("The badge image must be a PNG or JPEG file.")
        upload.name = f"{uuid4().hex}.{BADGE_IMAGE_FORMATS[image_format]}"
        return upload


class BadgeImageSerializer(serializers.ModelSerializer[MicroCredentialVersion]):
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = MicroCredentialVersion
        fields = ("image_url",)

    def get_image_url(self, version: MicroCredentialVersion) -> str | None:
        return version.image.url if version.image else None
