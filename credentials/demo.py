"""Seed the demo catalog (credentials/demo_catalog.py) through the services. Idempotent."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from organizations.models import Organization

from . import demo_catalog
from .models import Competency, FocusArea, GradeBand, MicroCredential, Stack, Subject
from .services import (
    credential_create,
    criterion_add,
    reference_data_ensure,
    requirement_add,
    stack_save,
    version_publish,
)


@transaction.atomic
def seed_demo_catalog(*, issuer: Organization, author: User | None) -> int:
    """Create whatever of the demo catalog is missing; returns how many were created."""
    reference_data_ensure()
    for area in demo_catalog.FOCUS_AREAS:
        FocusArea.objects.update_or_create(
            slug=area["slug"], defaults={"name": area["name"], "description": area["description"]}
        )
    created = 0
    for entry in demo_catalog.MICRO_CREDENTIALS:
        if not MicroCredential.objects.filter(slug=entry["slug"]).exists():
            _create_credential(entry, issuer=issuer, author=author)
            created += 1
    for stack in demo_catalog.STACKS:
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


def _create_credential(entry: Any, *, issuer: Organization, author: User | None) -> None:
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
