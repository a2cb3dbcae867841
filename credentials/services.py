"""Every change to the catalog: drafting, editing, versioning, publishing, retiring, stacks.

The authoring pages' saves (details, requirements, rubric, levels) are in authoring_services.py.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import TextField, Value
from django.utils import timezone

from accounts.models import User
from common.tasks import enqueue_on_commit
from organizations.models import Organization

from . import art
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


def audit_record(
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
    audit_record(credential=credential, version=version, by=by, action="created", to_status="draft")
    return version


def _require_not_retired(credential: MicroCredential) -> None:
    if credential.status == MicroCredential.Status.RETIRED:
        raise CatalogError("This micro-credential is retired; it can no longer change.")


def require_draft(version: MicroCredentialVersion) -> None:
    if version.status != MicroCredentialVersion.Status.DRAFT:
        raise CatalogError(
            "A published version is frozen: start a new draft version to make changes."
        )


def version_update(*, version: MicroCredentialVersion, by: User | None, **fields: Any) -> None:
    """Edit a draft version's own fields (not its requirements or rubric)."""
    require_draft(version)
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
    require_draft(version)
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
    require_draft(version)
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
    require_draft(version)
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
    audit_record(
        credential=credential,
        version=version,
        by=by,
        action="published",
        from_status=from_status,
        to_status=credential.status,
        note=f"version {version.number}",
    )
    version_art_request(version=version)
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
    audit_record(
        credential=credential, version=draft, by=by, action="new_version", to_status="draft"
    )
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
    audit_record(
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


# --------------------------------------------------------------------------- badge art


def art_input(version: MicroCredentialVersion) -> art.ArtInput:
    """What the version's badge art is drawn from."""
    return art.ArtInput(
        title=version.title,
        issuer=version.credential.issuer.name,
        focus_area_slug=version.focus_area.slug,
        focus_area_name=version.focus_area.name,
    )


def version_art_request(*, version: MicroCredentialVersion) -> None:
    """Draw the version's badge art in the background once this transaction commits (pages
    show the default image until then)."""
    from .tasks import version_art_generate_task

    enqueue_on_commit(version_art_generate_task, version.pk)


def version_art_generate(*, version: MicroCredentialVersion) -> bool:
    """Draw and store the version's badge art unless what it shows is already stored; returns
    whether it drew. Idempotent: the file is named by the digest of its input, so running it
    twice (or for two versions that look the same) stores one file."""
    inputs = art_input(version)
    key = inputs.key()
    if version.art and version.art_key == key:
        return False
    name = f"credential-art/{key}.png"
    storage = version.art.storage  # the field's own (public) storage, which reads it back
    if not storage.exists(name):
        name = storage.save(name, ContentFile(art.badge_png(inputs)))
    version.art.name = name
    version.art_key = key
    # A save (not an update): the catalog's caches are replaced, so cards show it at once.
    version.save(update_fields=["art", "art_key"])
    return True
