"""Micro-credentials through the real services: a published one with one text requirement per
part and an artifact in part 2 (and the action its page offers a signed-in educator), one with a
requirement per kind of file, and stacks of them."""

import re
from decimal import Decimal

from django.urls import reverse

from credentials.models import Competency, FocusArea, MicroCredentialVersion, Stack, StackItem
from credentials.services import credential_create, criterion_add, requirement_add, version_publish

LEVELS = [
    {"name": "Not yet", "description": "Missing", "passing": False},
    {"name": "Proficient", "description": "Shown", "passing": True},
]


def published_credential(issuer, slug="formative-checks", *, with_artifact=True, word_limit=50):
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title=f"Credential {slug}",
        focus_area=area,
        competency=competency,
        key_method="Ask, notice, adjust.",
        pd_hours=Decimal("10"),
        by=None,
    )
    context = requirement_add(
        version=version,
        part=1,
        title="Context",
        prompt="Describe.",
        kind="text",
        word_limit=word_limit,
    )
    parts = [context]
    if with_artifact:
        parts.append(
            requirement_add(
                version=version,
                part=2,
                title="Video",
                prompt="Record.",
                kind="artifact",
                accepted_types=["video"],
                max_size_mb=100,
            )
        )
    else:
        parts.append(
            requirement_add(version=version, part=2, title="Plan", prompt="Write.", kind="text")
        )
    parts.append(
        requirement_add(version=version, part=3, title="Reflection", prompt="Reflect.", kind="text")
    )
    optional = requirement_add(
        version=version, part=3, title="Extra", prompt="Optional.", kind="text", required=False
    )
    criterion_add(version=version, title="Evidence", requirements=parts, levels=LEVELS)
    criterion_add(
        version=version, title="Reflection", requirements=[parts[-1], optional], levels=LEVELS
    )
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential


def credential_action(client, credential) -> str:
    """The header's action area of a micro-credential's page (start, continue, renew...)."""
    page = client.get(reverse("credentials:detail", args=[credential.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    return re.search(r'<div class="start-action">(.*?)</header>', html, re.S).group(1)


def evidence_credential(issuer, slug="evidence-kinds"):
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title="Classroom evidence",
        focus_area=area,
        competency=competency,
        key_method="Record, reflect.",
        pd_hours=Decimal("5"),
        by=None,
    )
    rows = [
        ("Video", ["video"], 100),
        ("Audio", ["audio"], 20),
        ("Document", ["document"], 20),
        ("Photo", ["image"], 10),
        ("Anything", ["video", "audio", "document", "image"], 2000),
    ]
    requirements = [
        requirement_add(
            version=version,
            part=2,
            title=title,
            prompt=f"Upload {title.lower()}.",
            kind="artifact",
            accepted_types=kinds,
            max_size_mb=size,
            required=False,
        )
        for title, kinds, size in rows
    ]
    for part, title in ((1, "Context"), (3, "Reflection")):
        requirements.append(
            requirement_add(version=version, part=part, title=title, prompt="Say.", kind="text")
        )
    criterion_add(version=version, title="Evidence", requirements=requirements, levels=LEVELS)
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential


def make_credential(issuer, slug, pd_hours="10", ceus=None):
    credential = published_credential(issuer, slug, with_artifact=False)
    MicroCredentialVersion.objects.filter(pk=credential.published_version_id).update(
        pd_hours=Decimal(pd_hours), ceus=Decimal(ceus) if ceus is not None else None
    )
    credential.refresh_from_db()
    return credential


def make_stack(issuer, credentials, slug="assessment-stack") -> Stack:
    stack = Stack.objects.create(
        slug=slug, title="Assessment stack", issuer=issuer, status=Stack.Status.PUBLISHED
    )
    for position, credential in enumerate(credentials):
        StackItem.objects.create(stack=stack, credential=credential, position=position)
    return stack
