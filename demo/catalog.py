"""Seed the demo catalog (demo/data/) through the catalog's services. Idempotent.

focus-areas.json lists the focus areas, micro-credentials/<slug>.json holds one micro-credential
each (its competency, content, evidence requirements and rubric), stacks.json the stacks that
group them by slug. Missing micro-credentials are created and published as version 1; existing
ones are left as they are; focus areas and stacks are brought up to date with the files.
"""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from credentials.models import Competency, FocusArea, GradeBand, MicroCredential, Stack, Subject
from credentials.services import (
    credential_create,
    criterion_add,
    reference_data_ensure,
    requirement_add,
    stack_save,
    version_publish,
)
from organizations.models import Organization
from reviews.services import reviewer_designate_for_all

from .cast import DEMO_REVIEWER, ISSUER_SLUG
from .files import DATA_DIR, micro_credential_files, read


@transaction.atomic
def seed_demo_catalog(*, issuer: Organization, author: User | None) -> int:
    """Create whatever of the demo catalog is missing; returns how many were created."""
    reference_data_ensure()
    for area in read(DATA_DIR / "focus-areas.json"):
        FocusArea.objects.update_or_create(
            slug=area["slug"], defaults={"name": area["name"], "description": area["description"]}
        )
    created = 0
    for path in micro_credential_files():
        entry = read(path)
        if not MicroCredential.objects.filter(slug=entry["slug"]).exists():
            _create_credential(entry, issuer=issuer, author=author)
            created += 1
    for stack in read(DATA_DIR / "stacks.json"):
        credentials = [MicroCredential.objects.get(slug=s) for s in stack["micro_credentials"]]
        existing = Stack.objects.filter(issuer=issuer, slug=stack["slug"]).first()
        stack_save(
            issuer=issuer,
            slug=stack["slug"],
            title=stack["title"],
            description=stack["description"],
            credentials=credentials,
            publish=True,
            stack=existing,
        )
    return created


def seed_demo_reviewer_designations() -> int:
    """Designate the demo reviewer for every micro-credential of the demo issuer (idempotent;
    call after the catalog is seeded). Returns how many designations were new."""
    reviewer = User.objects.filter(email=DEMO_REVIEWER).first()
    issuer = Organization.objects.filter(slug=ISSUER_SLUG).first()
    if reviewer is None or issuer is None:
        return 0
    return reviewer_designate_for_all(reviewer=reviewer, issuer=issuer)


def _team_fields(team: dict[str, int] | None) -> dict[str, Any]:
    """A demo micro-credential's team attempts (ADR 0032): none without a "team" entry."""
    if team is None:
        return {}
    return {
        "teams_allowed": True,
        "team_min_size": team["min_size"],
        "team_max_size": team["max_size"],
    }


def _create_credential(entry: dict[str, Any], *, issuer: Organization, author: User | None) -> None:
    focus_area = FocusArea.objects.get(slug=entry["focus_area"])
    competency, _ = Competency.objects.get_or_create(
        focus_area=focus_area,
        name=entry["competency"]["name"],
        defaults={"statement": entry["competency"]["statement"]},
    )
    version = credential_create(
        issuer=issuer,
        slug=entry["slug"],
        title=entry["title"],
        focus_area=focus_area,
        competency=competency,
        key_method=entry["key_method"],
        method_components=entry["method_components"],
        research=entry["research"],
        resources=entry["resources"],
        pd_hours=entry["pd_hours"],
        ceus=entry["ceus"],
        validity_years=entry["validity_years"],
        grade_bands=list(GradeBand.objects.filter(code__in=entry["grade_bands"])),
        subjects=list(Subject.objects.filter(slug__in=[slugify(s) for s in entry["subjects"]])),
        by=author,
        **_team_fields(entry.get("team")),
    )
    by_key = {}
    for requirement in entry["requirements"]:
        by_key[requirement["key"]] = requirement_add(
            version=version,
            part=requirement["part"],
            title=requirement["title"],
            prompt=requirement["prompt"],
            kind=requirement["kind"],
            word_limit=requirement.get("word_limit"),
            accepted_types=requirement.get("accepted_types", []),
            max_size_mb=requirement.get("max_size_mb"),
            required=requirement["required"],
            shared=requirement.get("shared", False),
        )
    for criterion in entry["rubric"]:
        criterion_add(
            version=version,
            title=criterion["title"],
            description=criterion["description"],
            requirements=[by_key[key] for key in criterion["requirements"]],
            levels=criterion["levels"],
        )
    version_publish(version=version, by=author)
