"""Every change to the catalog: drafting, editing, versioning, publishing, retiring, stacks."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import ProtectedError, QuerySet, TextField, Value
from django.utils import timezone

from accounts.models import User
from organizations.models import Organization

from .models import (
    CatalogAuditEntry,
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

FILE_TYPES = set(EvidenceRequirement.FileType.values)


class CatalogError(Exception):
    """A catalog change that is not allowed (editing a frozen version, an invalid publish)."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors) or [message]


def _audit(
    *,
    credential: MicroCredential,
    version: MicroCredentialVersion | None,
    by: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> None:
    CatalogAuditEntry.objects.create(
        credential=credential,
        version=version,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


@transaction.atomic
def credential_create(
    *,
    issuer: Organization,
    slug: str,
    title: str,
    focus_area: FocusArea,
    competency: Competency,
    key_method: str,
    pd_hours: Decimal,
    by: User | None,
    **content: Any,
) -> MicroCredentialVersion:
    """A new micro-credential with its first draft version."""
    if issuer.kind != Organization.Kind.ISSUER:
        raise CatalogError("Micro-credentials belong to an issuing organization.")
    credential = MicroCredential.objects.create(issuer=issuer, slug=slug)
    grade_bands = content.pop("grade_bands", [])
    subjects = content.pop("subjects", [])
    version = MicroCredentialVersion.objects.create(
        credential=credential,
        number=1,
        title=title,
        focus_area=focus_area,
        competency=competency,
        key_method=key_method,
        pd_hours=pd_hours,
        **content,
    )
    version.grade_bands.set(grade_bands)
    version.subjects.set(subjects)
    _audit(credential=credential, version=version, by=by, action="created", to_status="draft")
    return version


def _require_not_retired(credential: MicroCredential) -> None:
    if credential.status == MicroCredential.Status.RETIRED:
        raise CatalogError("This micro-credential is retired; it can no longer change.")


def _require_draft(version: MicroCredentialVersion) -> None:
    if version.status != MicroCredentialVersion.Status.DRAFT:
        raise CatalogError(
            "A published version is frozen: start a new draft version to make changes."
        )


def version_update(*, version: MicroCredentialVersion, by: User | None, **fields: Any) -> None:
    """Edit a draft version's own fields (not its requirements or rubric)."""
    _require_draft(version)
    grade_bands = fields.pop("grade_bands", None)
    subjects = fields.pop("subjects", None)
    for name, value in fields.items():
        setattr(version, name, value)
    version.save()
    if grade_bands is not None:
        version.grade_bands.set(grade_bands)
    if subjects is not None:
        version.subjects.set(subjects)


def requirement_add(
    *, version: MicroCredentialVersion, part: int, title: str, prompt: str, kind: str, **extra: Any
) -> EvidenceRequirement:
    _require_draft(version)
    position = extra.pop("position", version.requirements.filter(part=part).count())
    return EvidenceRequirement.objects.create(
        version=version,
        part=part,
        title=title,
        prompt=prompt,
        kind=kind,
        position=position,
        **extra,
    )


def criterion_add(
    *,
    version: MicroCredentialVersion,
    title: str,
    description: str = "",
    requirements: Iterable[EvidenceRequirement] = (),
    levels: Iterable[dict[str, Any]] = (),
) -> RubricCriterion:
    """A rubric criterion with its levels, given lowest first."""
    _require_draft(version)
    criterion = RubricCriterion.objects.create(
        version=version, title=title, description=description, position=version.criteria.count()
    )
    criterion.requirements.set(list(requirements))
    RubricLevel.objects.bulk_create(
        RubricLevel(
            criterion=criterion,
            position=index,
            name=level["name"],
            description=level["description"],
            passing=bool(level["passing"]),
        )
        for index, level in enumerate(levels)
    )
    return criterion


def version_publish_errors(version: MicroCredentialVersion) -> list[str]:
    """Everything that keeps a version from being published, in words an author can act on."""
    errors: list[str] = []
    requirements = list(version.requirements.all())
    criteria = list(version.criteria.prefetch_related("levels", "requirements"))
    for part in EvidenceRequirement.Part:
        if not any(r.part == part for r in requirements):
            errors.append(f"{part.label} needs at least one evidence requirement.")
    for requirement in requirements:
        if requirement.kind == EvidenceRequirement.Kind.ARTIFACT:
            if not requirement.accepted_types:
                errors.append(f"“{requirement.title}” must say which file types it accepts.")
            elif not set(requirement.accepted_types) <= FILE_TYPES:
                errors.append(f"“{requirement.title}” lists an unknown file type.")
    covered = {r.pk for c in criteria for r in c.requirements.all()}
    for requirement in requirements:
        if requirement.required and requirement.pk not in covered:
            errors.append(
                f"Required requirement “{requirement.title}” is not scored by any rubric criterion."
            )
    if not criteria:
        errors.append("The rubric needs at least one criterion.")
    for criterion in criteria:
        errors.extend(_criterion_errors(criterion))
    if not version.key_method.strip():
        errors.append("Describe the key method.")
    return errors


def _criterion_errors(criterion: RubricCriterion) -> list[str]:
    levels = list(criterion.levels.all())
    if len(levels) < 2:
        return [f"Criterion “{criterion.title}” needs at least two levels."]
    errors = []
    if not any(level.passing for level in levels):
        errors.append(f"Criterion “{criterion.title}” needs at least one passing level.")
    if all(level.passing for level in levels):
        errors.append(f"Criterion “{criterion.title}” needs at least one level below passing.")
    # Levels run lowest first: once a level passes, every higher level must pass too.
    seen_passing = False
    for level in levels:
        if seen_passing and not level.passing:
            errors.append(
                f"Criterion “{criterion.title}”: level “{level.name}” is above a passing level "
                "but is not passing; order levels from lowest to highest."
            )
            break
        seen_passing = seen_passing or level.passing
    return errors


def _search_texts(version: MicroCredentialVersion) -> dict[str, str]:
    components = " ".join(str(c) for c in version.method_components)
    return {
        "A": f"{version.title} {version.competency.name}",
        "B": f"{version.competency.statement} {version.focus_area.name} {version.key_method}",
        "C": f"{components} {' '.join(s.name for s in version.subjects.all())}",
        "D": version.research,
    }


def version_index_for_search(*, version: MicroCredentialVersion) -> None:
    """Store the weighted search vector (PostgreSQL) and the plain text (SQLite fallback)."""
    texts = _search_texts(version)
    plain = " ".join(texts.values()).lower()
    queryset = MicroCredentialVersion.objects.filter(pk=version.pk)
    if connection.vendor == "postgresql":
        vector: Any = None
        for weight, text in texts.items():
            part = SearchVector(
                Value(text, output_field=TextField()), weight=weight, config="english"
            )
            vector = part if vector is None else vector + part
        queryset.update(search_vector=vector, search_text=plain)
    else:
        queryset.update(search_text=plain)


@transaction.atomic
def version_publish(*, version: MicroCredentialVersion, by: User | None) -> MicroCredentialVersion:
    """Freeze a draft and make it the catalog's version; the previous one is superseded.

    Submissions already bound to the previous version keep it.
    """
    credential = MicroCredential.objects.select_for_update().get(pk=version.credential_id)
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    _require_not_retired(credential)
    _require_draft(version)
    errors = version_publish_errors(version)
    if errors:
        raise CatalogError("This version cannot be published yet.", errors)
    previous = credential.published_version
    if previous is not None:
        previous.status = MicroCredentialVersion.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status = MicroCredentialVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    from_status = credential.status
    credential.published_version = version
    credential.status = MicroCredential.Status.PUBLISHED
    credential.save(update_fields=["published_version", "status", "updated_at"])
    version_index_for_search(version=version)
    _audit(
        credential=credential,
        version=version,
        by=by,
        action="published",
        from_status=from_status,
        to_status=credential.status,
        note=f"version {version.number}",
    )
    return version


@transaction.atomic
def credential_start_new_version(
    *, credential: MicroCredential, by: User | None
) -> MicroCredentialVersion:
    """The draft to edit: the existing draft, or a copy of the published version."""
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    _require_not_retired(credential)
    draft = credential.versions.filter(status=MicroCredentialVersion.Status.DRAFT).first()
    if draft is not None:
        return draft
    source = credential.published_version
    if source is None:
        raise CatalogError("There is no published version to start from.")
    draft = _copy_version(source)
    _audit(credential=credential, version=draft, by=by, action="new_version", to_status="draft")
    return draft


def _copy_version(source: MicroCredentialVersion) -> MicroCredentialVersion:
    grade_bands = list(source.grade_bands.all())
    subjects = list(source.subjects.all())
    number = source.credential.versions.count() + 1
    copy = MicroCredentialVersion.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.public_id = MicroCredentialVersion._meta.get_field("public_id").get_default()
    copy.number = number
    copy.status = MicroCredentialVersion.Status.DRAFT
    copy.published_at = None
    copy.save()
    copy.grade_bands.set(grade_bands)
    copy.subjects.set(subjects)
    mapping: dict[int, EvidenceRequirement] = {}
    for requirement in source.requirements.all():
        old_pk = requirement.pk
        requirement.pk = None
        requirement.id = None
        requirement._state.adding = True
        requirement.public_id = EvidenceRequirement._meta.get_field("public_id").get_default()
        requirement.version = copy
        requirement.save()
        mapping[old_pk] = requirement
    for criterion in source.criteria.prefetch_related("levels", "requirements"):
        criterion_add(
            version=copy,
            title=criterion.title,
            description=criterion.description,
            requirements=[mapping[r.pk] for r in criterion.requirements.all()],
            levels=[
                {"name": lv.name, "description": lv.description, "passing": lv.passing}
                for lv in criterion.levels.all()
            ],
        )
    return copy


@transaction.atomic
def credential_retire(*, credential: MicroCredential, by: User | None) -> None:
    """Take a micro-credential out of the catalog; existing submissions and badges stay."""
    credential = MicroCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == MicroCredential.Status.RETIRED:
        return
    from_status = credential.status
    credential.status = MicroCredential.Status.RETIRED
    credential.save(update_fields=["status", "updated_at"])
    _audit(
        credential=credential,
        version=credential.published_version,
        by=by,
        action="retired",
        from_status=from_status,
        to_status=credential.status,
    )


@transaction.atomic
def stack_save(
    *,
    issuer: Organization,
    slug: str,
    title: str,
    description: str,
    credentials: Sequence[MicroCredential],
    publish: bool = False,
    stack: Stack | None = None,
) -> Stack:
    """Create or update a stack with its ordered micro-credentials."""
    if len({c.pk for c in credentials}) != len(credentials):
        raise CatalogError("A micro-credential appears twice in the stack.")
    if any(c.issuer_id != issuer.pk for c in credentials):
        raise CatalogError("A stack can only contain its issuer's micro-credentials.")
    if publish and len(credentials) < 2:
        raise CatalogError("A published stack needs at least two micro-credentials.")
    if stack is None:
        stack = Stack(issuer=issuer)
    stack.slug, stack.title, stack.description = slug, title, description
    if publish:
        stack.status = Stack.Status.PUBLISHED
    stack.save()
    stack.items.all().delete()
    StackItem.objects.bulk_create(
        StackItem(stack=stack, credential=credential, position=index)
        for index, credential in enumerate(credentials)
    )
    return stack


def reference_data_ensure() -> None:
    """Grade bands and subjects the catalog filters on (idempotent)."""
    for position, code in enumerate(["K-2", "3-5", "6-8", "9-12"]):
        GradeBand.objects.get_or_create(code=code, defaults={"position": position})
    for name in SUBJECTS:
        Subject.objects.get_or_create(slug=_slug(name), defaults={"name": name})


SUBJECTS = [
    "All subjects",
    "English language arts",
    "Mathematics",
    "Science",
    "Social studies",
    "World languages",
    "Arts",
    "Physical education",
    "Special education",
    "English learners",
    "Computer science",
]


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


# --- Authoring: the writes behind the authoring pages (credentials/authoring.py) -------------


@dataclass(frozen=True)
class NewCompetency:
    """A competency the author types in instead of choosing an existing one."""

    name: str
    statement: str


@dataclass(frozen=True)
class RequirementInput:
    """One evidence requirement as the author wants it; `public_id` None means a new one."""

    public_id: uuid.UUID | None
    part: int
    title: str
    prompt: str
    kind: str
    word_limit: int | None = None
    accepted_types: tuple[str, ...] = ()
    max_size_mb: int | None = None
    required: bool = True


@dataclass(frozen=True)
class CriterionInput:
    """One rubric criterion and the requirements (by public id) it scores."""

    public_id: uuid.UUID | None
    title: str
    description: str = ""
    requirement_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class LevelInput:
    """One level of a criterion; levels are given lowest first."""

    public_id: uuid.UUID | None
    name: str
    description: str
    passing: bool = False


def competency_create(*, focus_area: FocusArea, name: str, statement: str) -> Competency:
    """A new competency of a focus area (names are unique within a focus area)."""
    name = name.strip()
    if Competency.objects.filter(focus_area=focus_area, name__iexact=name).exists():
        raise CatalogError(f"{focus_area.name} already has a competency named “{name}”.")
    return Competency.objects.create(focus_area=focus_area, name=name, statement=statement.strip())


def _competency_resolve(
    *, focus_area: FocusArea, competency: Competency | NewCompetency
) -> Competency:
    if isinstance(competency, NewCompetency):
        return competency_create(
            focus_area=focus_area, name=competency.name, statement=competency.statement
        )
    if competency.focus_area_id != focus_area.pk:
        raise CatalogError(f"“{competency.name}” is not a competency of {focus_area.name}.")
    return competency


def _delete_unused(queryset: QuerySet[Any], what: str) -> None:
    """Delete draft rows; anything a submission or review points at is refused, not lost."""
    try:
        queryset.delete()
    except ProtectedError as error:
        raise CatalogError(f"This {what} is already used by submissions or reviews.") from error


def _lock_draft(version: MicroCredentialVersion) -> MicroCredentialVersion:
    """The version's row, locked, and only if it is still a draft (publishing races an edit)."""
    locked = (
        MicroCredentialVersion.objects.select_for_update()
        .select_related("credential")
        .get(pk=version.pk)
    )
    _require_draft(locked)
    if locked.credential.status == MicroCredential.Status.RETIRED:
        raise CatalogError("This micro-credential is retired; its content can no longer change.")
    return locked


@transaction.atomic
def credential_draft_create(
    *,
    issuer: Organization,
    slug: str,
    title: str,
    focus_area: FocusArea,
    competency: Competency | NewCompetency,
    key_method: str,
    pd_hours: Decimal,
    attempt_limit: int | None = None,
    by: User | None,
    **content: Any,
) -> MicroCredentialVersion:
    """`credential_create` for the authoring pages: may add the competency and sets the attempt
    limit, all in one transaction."""
    if MicroCredential.objects.filter(slug=slug).exists():
        raise CatalogError(f"The address “{slug}” is already taken.")
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title=title,
        focus_area=focus_area,
        competency=_competency_resolve(focus_area=focus_area, competency=competency),
        key_method=key_method,
        pd_hours=pd_hours,
        by=by,
        **content,
    )
    if attempt_limit is not None:
        MicroCredential.objects.filter(pk=version.credential_id).update(attempt_limit=attempt_limit)
        version.credential.attempt_limit = attempt_limit
    return version


@transaction.atomic
def version_details_save(
    *,
    version: MicroCredentialVersion,
    focus_area: FocusArea,
    competency: Competency | NewCompetency,
    attempt_limit: int | None,
    by: User | None,
    **fields: Any,
) -> MicroCredentialVersion:
    """Edit a draft's details (through `version_update`) and the micro-credential's attempt
    limit, and record the edit. Raises CatalogError for a published version."""
    version = _lock_draft(version)
    version_update(
        version=version,
        by=by,
        focus_area=focus_area,
        competency=_competency_resolve(focus_area=focus_area, competency=competency),
        **fields,
    )
    credential = version.credential
    if credential.attempt_limit != attempt_limit:
        credential.attempt_limit = attempt_limit
        credential.save(update_fields=["attempt_limit", "updated_at"])
    _audit(credential=credential, version=version, by=by, action="edited", note="details")
    return version


def _check_requirement_input(row: RequirementInput) -> None:
    if row.part not in EvidenceRequirement.Part.values:
        raise CatalogError(f"“{row.title}”: unknown part {row.part}.")
    if row.kind not in EvidenceRequirement.Kind.values:
        raise CatalogError(f"“{row.title}”: unknown kind “{row.kind}”.")
    if not set(row.accepted_types) <= FILE_TYPES:
        raise CatalogError(f"“{row.title}” lists an unknown file type.")
    if row.kind == EvidenceRequirement.Kind.TEXT and row.accepted_types:
        raise CatalogError(f"“{row.title}” is a written response and cannot accept files.")


@transaction.atomic
def version_requirements_save(
    *, version: MicroCredentialVersion, requirements: Sequence[RequirementInput], by: User | None
) -> list[EvidenceRequirement]:
    """Make a draft's requirements exactly `requirements`, in that order within each part:
    listed ones are updated (matched by public id), new ones added, the others deleted."""
    version = _lock_draft(version)
    existing = {r.public_id: r for r in version.requirements.all()}
    if any(row.public_id is not None and row.public_id not in existing for row in requirements):
        raise CatalogError("A requirement does not belong to this version; reload the page.")
    for row in requirements:
        _check_requirement_input(row)
    kept = {row.public_id for row in requirements}
    _delete_unused(
        EvidenceRequirement.objects.filter(
            pk__in=[r.pk for public_id, r in existing.items() if public_id not in kept]
        ),
        "requirement",
    )
    positions: dict[int, int] = {}
    saved = []
    for row in requirements:
        requirement = existing.get(row.public_id) if row.public_id else None
        requirement = requirement or EvidenceRequirement(version=version)
        requirement.part, requirement.title, requirement.prompt = row.part, row.title, row.prompt
        requirement.kind, requirement.required = row.kind, row.required
        requirement.word_limit, requirement.max_size_mb = row.word_limit, row.max_size_mb
        requirement.accepted_types = list(row.accepted_types)
        requirement.position = positions.get(row.part, 0)
        positions[row.part] = requirement.position + 1
        requirement.save()
        saved.append(requirement)
    _audit(
        credential=version.credential, version=version, by=by, action="edited", note="requirements"
    )
    return saved


@transaction.atomic
def version_criteria_save(
    *, version: MicroCredentialVersion, criteria: Sequence[CriterionInput], by: User | None
) -> list[RubricCriterion]:
    """Make a draft's rubric criteria exactly `criteria`, in that order: listed ones are updated
    (their levels kept), new ones added without levels, the others deleted with their levels."""
    version = _lock_draft(version)
    existing = {c.public_id: c for c in version.criteria.all()}
    requirements = {r.public_id: r for r in version.requirements.all()}
    if any(row.public_id is not None and row.public_id not in existing for row in criteria):
        raise CatalogError("A criterion does not belong to this version; reload the page.")
    if any(rid not in requirements for row in criteria for rid in row.requirement_ids):
        raise CatalogError("A criterion scores a requirement of another version; reload the page.")
    kept = {row.public_id for row in criteria}
    _delete_unused(
        RubricCriterion.objects.filter(
            pk__in=[c.pk for public_id, c in existing.items() if public_id not in kept]
        ),
        "criterion",
    )
    saved = []
    for position, row in enumerate(criteria):
        criterion = existing.get(row.public_id) if row.public_id else None
        criterion = criterion or RubricCriterion(version=version)
        criterion.title, criterion.description, criterion.position = (
            row.title,
            row.description,
            position,
        )
        criterion.save()
        criterion.requirements.set([requirements[rid] for rid in row.requirement_ids])
        saved.append(criterion)
    _audit(credential=version.credential, version=version, by=by, action="edited", note="rubric")
    return saved


@transaction.atomic
def criterion_levels_save(
    *, criterion: RubricCriterion, levels: Sequence[LevelInput], by: User | None
) -> list[RubricLevel]:
    """Make a draft criterion's levels exactly `levels`, lowest first: listed ones are updated
    (matched by public id), new ones added, the others deleted."""
    version = _lock_draft(criterion.version)
    existing = {level.public_id: level for level in criterion.levels.all()}
    if any(row.public_id is not None and row.public_id not in existing for row in levels):
        raise CatalogError("A level does not belong to this criterion; reload the page.")
    kept = {row.public_id for row in levels}
    _delete_unused(
        RubricLevel.objects.filter(
            pk__in=[lv.pk for public_id, lv in existing.items() if public_id not in kept]
        ),
        "level",
    )
    saved = []
    for position, row in enumerate(levels):
        level = existing.get(row.public_id) if row.public_id else None
        level = level or RubricLevel(criterion=criterion)
        level.name, level.description, level.passing = row.name, row.description, row.passing
        level.position = position
        level.save()
        saved.append(level)
    _audit(
        credential=version.credential,
        version=version,
        by=by,
        action="edited",
        note=f"levels of “{criterion.title}”",
    )
    return saved


@dataclass(frozen=True)
class RubricCriterionInput:
    """One criterion with its levels (lowest first) for `version_content_save`. It names the
    requirements it scores by their index in the requirements saved alongside: a new
    requirement has no id until that save."""

    public_id: uuid.UUID | None
    title: str
    description: str = ""
    requirement_indexes: tuple[int, ...] = ()
    levels: tuple[LevelInput, ...] = ()


@transaction.atomic
def version_content_save(
    *,
    version: MicroCredentialVersion,
    requirements: Sequence[RequirementInput],
    criteria: Sequence[RubricCriterionInput],
    by: User | None,
) -> None:
    """Make a draft's requirements and whole rubric (criteria and their levels) exactly what is
    given, all or nothing: the API's one nested PUT. Raises CatalogError like the steps it runs."""
    saved = version_requirements_save(version=version, requirements=requirements, by=by)
    if any(i >= len(saved) for row in criteria for i in row.requirement_indexes):
        raise CatalogError("A criterion scores a requirement that is not in the list.")
    rows = [
        CriterionInput(
            public_id=row.public_id,
            title=row.title,
            description=row.description,
            requirement_ids=tuple(saved[i].public_id for i in row.requirement_indexes),
        )
        for row in criteria
    ]
    saved_criteria = version_criteria_save(version=version, criteria=rows, by=by)
    for criterion, row in zip(saved_criteria, criteria, strict=True):
        criterion.version = version
        criterion_levels_save(criterion=criterion, levels=row.levels, by=by)
