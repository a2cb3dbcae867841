"""POST data shaped exactly like the authoring pages' forms, the requests that send it, and a
published micro-credential and focus area to author against."""

import io
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from PIL import Image

from credentials.models import Competency, FocusArea, MicroCredentialVersion
from credentials.services import (
    credential_create,
    criterion_add,
    reference_data_ensure,
    requirement_add,
    version_publish,
)
from organizations.models import Organization


def formset_data(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """A formset POST: the management form and each row's fields under `prefix-<index>-`."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def requirement_row(part: int, title: str, kind: str = "text", types=(), **extra) -> dict:
    row = {"part": str(part), "title": title, "prompt": f"Do {title}.", "kind": kind}
    row["required"] = "on"
    if types:
        row["accepted_types"] = list(types)
    row.update(extra)
    return row


def level_rows(*names_passing: tuple[str, bool]) -> list[dict]:
    rows = []
    for name, passing in names_passing:
        row = {"name": name, "description": f"Work at the {name} level."}
        if passing:
            row["passing"] = "on"
        rows.append(row)
    return rows


TWO_LEVELS = (("Not yet", False), ("Proficient", True))


def details_data(issuer: Organization, area: FocusArea, **overrides) -> dict:
    data = {
        "issuer": str(issuer.pk),
        "slug": "exit-tickets",
        "title": "Exit Tickets",
        "focus_area": str(area.pk),
        "competency": "",
        "key_method": "Collect a short check at the end of each lesson.",
        "method_components": "Write the question\n\nSort the answers\n",
        "research": "Formative assessment works.",
        "resources": "Edutopia | https://www.edutopia.org/\nWWC | https://ies.ed.gov/ncee/wwc/",
        "grade_bands": [],
        "subjects": [],
        "pd_hours": "12.5",
        "ceus": "",
        "validity_years": "3",
        "attempt_limit": "2",
    }
    if "competency" not in overrides:
        data["competency"] = str(area.competencies.get().pk)
    data.update(overrides)
    return data


def url(name: str, *args) -> str:
    return reverse(f"credentials:{name}", args=args)


def content(response) -> str:
    return response.content.decode()


def create_via_pages(client: Client, issuer: Organization, area: FocusArea, **overrides):
    response = client.post(url("authoring_create"), details_data(issuer, area, **overrides))
    assert response.status_code == 302, content(response)
    return MicroCredentialVersion.objects.get(
        credential__slug=overrides.get("slug", "exit-tickets")
    )


def post_requirements(client: Client, version, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_requirements", version.public_id),
        formset_data("requirements", rows, initial=initial),
    )


def post_criteria(client: Client, version, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_rubric", version.public_id), formset_data("criteria", rows, initial=initial)
    )


def post_levels(client: Client, criterion, rows: list[dict], *, initial: int = 0):
    return client.post(
        url("authoring_levels", criterion.version.public_id, criterion.public_id),
        formset_data("levels", rows, initial=initial),
    )


def make_published(issuer: Organization, area: FocusArea, slug: str = "published-one"):
    """A published version 1 built through the services (for tests about other things)."""
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title=f"Published {slug}",
        focus_area=area,
        competency=area.competencies.get(),
        key_method="A method.",
        pd_hours=Decimal(10),
        by=None,
    )
    scored = [
        requirement_add(
            version=version, part=part, title=f"{slug} part {part}", prompt="Do.", kind="text"
        )
        for part in (1, 2, 3)
    ]
    criterion_add(
        version=version,
        title="Evidence",
        requirements=scored,
        levels=[
            {"name": "Not yet", "description": "Missing.", "passing": False},
            {"name": "Proficient", "description": "Shown.", "passing": True},
        ],
    )
    return version_publish(version=version, by=None)


def png_bytes(size=(64, 64), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(buffer, format=image_format)
    return buffer.getvalue()


def make_area() -> FocusArea:
    """Reference data and one focus area with one competency."""
    reference_data_ensure()
    area = FocusArea.objects.create(slug="assessment", name="Assessment")
    Competency.objects.create(
        focus_area=area, name="Checking for understanding", statement="Checks every lesson."
    )
    return area
