"""The catalog: focus areas, competencies, micro-credentials (versioned), requirements, rubrics,
stacks.

A `MicroCredential` is the stable identity (slug, issuer, public URL). Its content lives in
`MicroCredentialVersion`s: publishing freezes a version; editing a published one starts a new
draft version. Submissions bind to a version, so an edit never changes the rules under anyone.
"""

import uuid
from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.templatetags.static import static

from common.storage import public_storage
from organizations.models import Organization

# Shown for a version whose badge art is not drawn yet (credentials/art.py drew it too).
DEFAULT_BADGE_IMAGE = "img/badge-default.png"
TEAM_SIZE_MIN = 2
TEAM_SIZE_MAX = 5


class FocusArea(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="competencies")
    name = models.CharField(max_length=200)
    statement = models.TextField()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "competencies"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["focus_area", "name"], name="credentials_competency_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GradeBand(models.Model):
    code = models.CharField(max_length=10, unique=True)  # "K-2", "3-5", "6-8", "9-12"
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position"]

    def __str__(self) -> str:
        return self.code


class Subject(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class MicroCredential(models.Model):
    """The stable identity of a micro-credential across its versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"  # never published
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="micro_credentials",
        limit_choices_to={"kind": Organization.Kind.ISSUER},
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_version = models.OneToOneField(
        "MicroCredentialVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version the catalog shows and new submissions bind to.",
    )
    attempt_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Maximum attempts per educator; empty means unlimited."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["slug"]
        indexes: ClassVar = [models.Index(fields=["status", "issuer"])]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_offered(self) -> bool:
        """Whether educators may start (or renew) it: published, with a published version."""
        return self.status == self.Status.PUBLISHED and self.published_version_id is not None


class MicroCredentialVersion(models.Model):
    """One frozen (published) or editable (draft) edition of a micro-credential's content."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=200)
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    key_method = models.TextField()
    method_components = models.JSONField(default=list, blank=True)  # list[str]
    research = models.TextField(blank=True)
    resources = models.JSONField(default=list, blank=True)  # list[{"title", "url"}]
    grade_bands = models.ManyToManyField(GradeBand, blank=True, related_name="+")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+")
    pd_hours = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    ceus = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Badges expire after this many years; empty: never."
    )
    image = models.ImageField(upload_to="credential-images/", blank=True, storage=public_storage)
    # The generated badge art (credentials/art.py), used where no image was uploaded; named by
    # `art_key`, the digest of what it was drawn from (a title change draws it anew).
    art = models.ImageField(
        upload_to="credential-art/", blank=True, editable=False, storage=public_storage
    )
    art_key = models.CharField(max_length=64, blank=True, editable=False)
    # Team submissions (ADR 0032): a lead and 1-4 colleagues attempt it together.
    teams_allowed = models.BooleanField(default=False, db_default=False)
    team_min_size = models.PositiveSmallIntegerField(
        default=TEAM_SIZE_MIN,
        db_default=TEAM_SIZE_MIN,
        validators=[MinValueValidator(TEAM_SIZE_MIN), MaxValueValidator(TEAM_SIZE_MAX)],
        help_text="Fewest members (the lead included) a team submits with.",
    )
    team_max_size = models.PositiveSmallIntegerField(
        default=TEAM_SIZE_MAX,
        db_default=TEAM_SIZE_MAX,
        validators=[MinValueValidator(TEAM_SIZE_MIN), MaxValueValidator(TEAM_SIZE_MAX)],
        help_text="Most members (the lead included) a team may have.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Full-text search: a weighted vector on PostgreSQL, plain text for the SQLite fallback.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["credential", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["credential", "number"], name="credentials_version_number_unique"
            ),
            # At most one draft and one published version per credential at a time.
            models.UniqueConstraint(
                fields=["credential"],
                condition=Q(status="draft"),
                name="credentials_one_draft_version",
            ),
            models.UniqueConstraint(
                fields=["credential"],
                condition=Q(status="published"),
                name="credentials_one_published_version",
            ),
            models.CheckConstraint(
                condition=Q(team_min_size__gte=TEAM_SIZE_MIN)
                & Q(team_max_size__lte=TEAM_SIZE_MAX)
                & Q(team_min_size__lte=models.F("team_max_size")),
                name="credentials_team_sizes",
            ),
        ]
        # The GIN index on search_vector is created by migration 0002 on PostgreSQL only.

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def badge_image_url(self) -> str:
        """The badge image: the author's upload, else the generated art, else (while the art is
        being drawn) the default image. No query: the names are on the row."""
        if self.image:
            return str(self.image.url)
        if self.art:
            return str(self.art.url)
        return static(DEFAULT_BADGE_IMAGE)


class EvidenceRequirement(models.Model):
    """One thing an educator must (or may) provide, in Part 1, 2 or 3."""

    class Part(models.IntegerChoices):
        OVERVIEW = 1, "Part 1: Overview questions"
        ARTIFACTS = 2, "Part 2: Artifacts"
        REFLECTION = 3, "Part 3: Reflection"

    class Kind(models.TextChoices):
        TEXT = "text", "Written response"
        ARTIFACT = "artifact", "File upload"

    class FileType(models.TextChoices):
        VIDEO = "video", "Video"
        AUDIO = "audio", "Audio"
        DOCUMENT = "document", "Document (PDF, Word, slides)"
        IMAGE = "image", "Image"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    part = models.PositiveSmallIntegerField(choices=Part.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    prompt = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    accepted_types = models.JSONField(default=list, blank=True)  # list of FileType values
    max_size_mb = models.PositiveIntegerField(null=True, blank=True)
    required = models.BooleanField(default=True)
    # In a team attempt: one response or upload for the whole team (kept on the lead's
    # submission), or each member's own (ADR 0032). Alone, an educator answers every one.
    shared = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Team attempts answer it once for the team (else each member answers).",
    )

    class Meta:
        ordering: ClassVar = ["part", "position", "id"]

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    requirements = models.ManyToManyField(EvidenceRequirement, blank=True, related_name="criteria")

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name_plural = "rubric criteria"

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        """Derived (ADR 0032): a criterion is scored once for a team when every requirement it
        scores is shared; one that scores any member's own work is scored per member.
        Reads `requirements.all()`, so prefetch them on lists."""
        requirements = list(self.requirements.all())
        return bool(requirements) and all(r.shared for r in requirements)


class RubricLevel(models.Model):
    """A level of a criterion, ordered lowest first; `passing` drives the decision rule."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=80)
    description = models.TextField()
    passing = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Stack(models.Model):
    """An ordered set of micro-credentials that earns a stack badge when all are earned."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="stacks")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    image = models.ImageField(upload_to="stack-images/", blank=True, storage=public_storage)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["title"]

    def __str__(self) -> str:
        return self.title


class StackItem(models.Model):
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="items")
    credential = models.ForeignKey(MicroCredential, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["stack", "credential"], name="credentials_stack_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stack_id}:{self.position}"


class CatalogAuditEntry(models.Model):
    """Who changed the catalog, when and how (publish, new draft, retire)."""

    credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="audit")
    version = models.ForeignKey(
        MicroCredentialVersion, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.credential_id} at {self.created_at:%Y-%m-%d %H:%M}"
