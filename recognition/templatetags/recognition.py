"""Recognition's panels on lower apps' pages: what a micro-credential, a stack or a badge counts
for (the viewer's own bodies first), and the educator's "Claim credit" action. The catalog,
badges' and credentials' templates load these; a template is not an import (ADR 0022)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from badges.models import Badge
from credentials.models import MicroCredential, MicroCredentialVersion, Stack

from .. import selectors
from ..models import Recognition

register = template.Library()


def _viewer(context: template.Context) -> Any:
    user = context.get("user")
    return user if getattr(user, "is_authenticated", False) else None


@register.simple_tag(takes_context=True)
def counts_for_versions(
    context: template.Context, versions: Iterable[MicroCredentialVersion]
) -> dict[int, list[Recognition]]:
    """{% counts_for_versions page.object_list as counts_for %}: the rules of a page of catalog
    cards by micro-credential id, in one query for the page."""
    credentials: list[MicroCredential] = []
    for version in versions:
        credential = version.credential
        if credential.published_version_id == version.pk:
            # The card's version is the published one: spare the selector a query per card.
            credential.published_version = version
        credentials.append(credential)
    return selectors.recognitions_for_credentials(credentials, _viewer(context))


@register.filter
def recognitions_of(counts: Mapping[int, list[Recognition]], key: int) -> list[Recognition]:
    """{{ counts_for|recognitions_of:version.credential_id }}"""
    return list(counts.get(key, [])) if counts else []


@register.simple_tag(takes_context=True)
def counts_for_credential(
    context: template.Context,
    credential: MicroCredential,
    version: MicroCredentialVersion | None = None,
) -> list[Recognition]:
    """{% counts_for_credential credential version as rules %} on a micro-credential's page
    (`version`: its published version, when the page has it read already)."""
    if version is not None and credential.published_version_id == version.pk:
        credential.published_version = version
    found = selectors.recognitions_for_credentials([credential], _viewer(context))
    return found.get(credential.pk, [])


@register.simple_tag(takes_context=True)
def counts_for_stack(context: template.Context, stack: Stack) -> list[Recognition]:
    """{% counts_for_stack stack as rules %}: an endorsement, college credit for the stack."""
    return selectors.recognitions_for_stack(stack, _viewer(context))


@register.simple_tag(takes_context=True)
def counts_for_badges(
    context: template.Context, badges: Iterable[Badge]
) -> dict[int, list[Recognition]]:
    """{% counts_for_badges page.object_list as counts_for %} on My badges (two queries)."""
    return selectors.recognitions_for_badges(list(badges), _viewer(context))


@register.simple_tag(takes_context=True)
def counts_for_badge(context: template.Context, badge: Badge) -> list[Recognition]:
    """{% counts_for_badge badge as rules %} on a badge's public page."""
    return selectors.recognitions_for_badge(badge, _viewer(context))
