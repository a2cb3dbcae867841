"""Authoring: the writes behind the authoring pages (credentials/authoring/) and the authoring
API. Each save makes a draft's details, requirements, rubric or levels exactly what the author
sent, under the draft's row lock, and records the edit; services.py holds the catalog's other
changes (creating, publishing, new versions, retiring, stacks).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, QuerySet

from accounts.models import User
from organizations.models import Organization

from .models import (
    Competency,
    EvidenceRequirement,
    FocusArea,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    RubricLevel,
)
from .services import (
    FILE_TYPES,
    CatalogError,
    audit_record,
    credential_create,
    require_draft,
    version_update,
)


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
    shared: bool = False  # in a team attempt: one answer for the team (ADR 0032)


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
    require_draft(locked)
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
    audit_record(credential=credential, version=version, by=by, action="edited", note="details")
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
        requirement.shared = row.shared
        requirement.word_limit, requirement.max_size_mb = row.word_limit, row.max_size_mb
        requirement.accepted_types = list(row.accepted_types)
        requirement.position = positions.get(row.part, 0)
        positions[row.part] = requirement.position + 1
        requirement.save()
        saved.append(requirement)
    audit_record(
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
    audit_record(
        credential=version.credential, version=version, by=by, action="edited", note="rubric"
    )
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
    audit_record(
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


# --- Reordering and the rubric page's one save -----------------------------------------------

MAX_ORDER_LENGTH = 500  # far above any real rubric or requirement list; refuses a flood


def _check_order(order: Sequence[uuid.UUID], existing: Sequence[uuid.UUID], what: str) -> None:
    """`order` must name every one of `existing` exactly once, and nothing else."""
    if len(order) != len(set(order)):
        raise CatalogError(f"The new order names a {what} twice; reload the page.")
    if set(order) != set(existing):
        raise CatalogError(
            f"The new order does not list exactly this version's {what}s; reload the page."
        )


@transaction.atomic
def version_criteria_reorder(
    *, version: MicroCredentialVersion, order: Sequence[uuid.UUID], by: User | None
) -> list[RubricCriterion]:
    """Put a draft's rubric criteria in `order` (their public ids, every one exactly once).
    Raises CatalogError for any other list or a frozen version."""
    version = _lock_draft(version)
    criteria = {c.public_id: c for c in version.criteria.all()}
    _check_order(order, list(criteria), "criterion")
    ordered = [criteria[public_id] for public_id in order]
    for position, criterion in enumerate(ordered):
        criterion.position = position
    RubricCriterion.objects.bulk_update(ordered, ["position"])
    audit_record(
        credential=version.credential, version=version, by=by, action="edited", note="rubric order"
    )
    return ordered


@transaction.atomic
def version_requirements_reorder(
    *, version: MicroCredentialVersion, order: Sequence[uuid.UUID], by: User | None
) -> list[EvidenceRequirement]:
    """Put a draft's requirements in `order` (their public ids, every one exactly once); each
    keeps its part, and is numbered within its part in that order. Raises CatalogError for any
    other list or a frozen version."""
    version = _lock_draft(version)
    requirements = {r.public_id: r for r in version.requirements.all()}
    _check_order(order, list(requirements), "requirement")
    ordered = [requirements[public_id] for public_id in order]
    positions: dict[int, int] = {}
    for requirement in ordered:
        requirement.position = positions.get(requirement.part, 0)
        positions[requirement.part] = requirement.position + 1
    EvidenceRequirement.objects.bulk_update(ordered, ["position"])
    audit_record(
        credential=version.credential,
        version=version,
        by=by,
        action="edited",
        note="requirements order",
    )
    return sorted(ordered, key=lambda r: (r.part, r.position))


@transaction.atomic
def version_rubric_save(
    *,
    version: MicroCredentialVersion,
    criteria: Sequence[tuple[CriterionInput, Sequence[LevelInput] | None]],
    by: User | None,
) -> list[RubricCriterion]:
    """The rubric page's one save: a draft's criteria (as `version_criteria_save`) and, with
    each, its levels (as `criterion_levels_save`; None leaves them as they are), all or
    nothing."""
    saved = version_criteria_save(version=version, criteria=[row for row, _ in criteria], by=by)
    for criterion, (_, levels) in zip(saved, criteria, strict=True):
        if levels is not None:
            criterion.version = version
            criterion_levels_save(criterion=criterion, levels=levels, by=by)
    return saved
