"""Reads of the catalog, with their joins and prefetches built in (fixed query counts)."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch, QuerySet

from organizations.models import Organization

from .models import (
    EvidenceRequirement,
    FocusArea,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
    StackItem,
)


@dataclass(frozen=True)
class CatalogFilters:
    query: str = ""
    focus_area: str = ""  # slug
    grade_band: str = ""  # code
    subject: str = ""  # slug
    issuer: str = ""  # slug
    pd_hours_min: Decimal | None = None
    pd_hours_max: Decimal | None = None


def _listing_base() -> QuerySet[MicroCredentialVersion]:
    return (
        MicroCredentialVersion.objects.filter(
            status=MicroCredentialVersion.Status.PUBLISHED,
            credential__status=MicroCredential.Status.PUBLISHED,
        )
        .select_related("credential__issuer", "focus_area", "competency")
        .prefetch_related("grade_bands", "subjects")
    )


def catalog_search(filters: CatalogFilters) -> QuerySet[MicroCredentialVersion]:
    """Published micro-credentials matching the filters, best match first when searching.

    PostgreSQL ranks with its full-text search (stemming, weights: title and competency first);
    other databases fall back to requiring every word somewhere in the indexed text.
    """
    queryset = _listing_base()
    if filters.focus_area:
        queryset = queryset.filter(focus_area__slug=filters.focus_area)
    if filters.grade_band:
        queryset = queryset.filter(grade_bands__code=filters.grade_band)
    if filters.subject:
        queryset = queryset.filter(subjects__slug=filters.subject)
    if filters.issuer:
        queryset = queryset.filter(credential__issuer__slug=filters.issuer)
    if filters.pd_hours_min is not None:
        queryset = queryset.filter(pd_hours__gte=filters.pd_hours_min)
    if filters.pd_hours_max is not None:
        queryset = queryset.filter(pd_hours__lte=filters.pd_hours_max)
    query = filters.query.strip()
    if not query:
        return queryset.order_by("title")
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            queryset.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title")
        )
    for word in query.lower().split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset.order_by("title")


def focus_areas_in_catalog() -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(
        pk__in=MicroCredentialVersion.objects.filter(
            status=MicroCredentialVersion.Status.PUBLISHED,
            credential__status=MicroCredential.Status.PUBLISHED,
        ).values("focus_area")
    )


def issuers_in_catalog() -> QuerySet[Organization]:
    return Organization.objects.filter(
        kind=Organization.Kind.ISSUER,
        micro_credentials__status=MicroCredential.Status.PUBLISHED,
    ).distinct()


def version_with_content(version_id: int) -> MicroCredentialVersion:
    """A version with everything a detail, submission or review page shows, in 6 queries."""
    return (
        MicroCredentialVersion.objects.select_related(
            "credential__issuer", "focus_area", "competency"
        )
        .prefetch_related(
            "grade_bands",
            "subjects",
            Prefetch(
                "requirements",
                queryset=EvidenceRequirement.objects.order_by("part", "position", "id"),
            ),
            Prefetch(
                "criteria",
                queryset=RubricCriterion.objects.prefetch_related("levels", "requirements"),
            ),
        )
        .get(pk=version_id)
    )


def published_credential_by_slug(slug: str) -> MicroCredential | None:
    return (
        MicroCredential.objects.filter(slug=slug, status=MicroCredential.Status.PUBLISHED)
        .exclude(published_version=None)
        .select_related("issuer")
        .first()
    )


def requirements_by_part(
    version: MicroCredentialVersion,
) -> list[tuple[EvidenceRequirement.Part, list[EvidenceRequirement]]]:
    """The (prefetched) requirements grouped as Part 1, 2, 3."""
    groups: list[tuple[EvidenceRequirement.Part, list[EvidenceRequirement]]] = []
    for part in EvidenceRequirement.Part:
        items = [r for r in version.requirements.all() if r.part == part]
        groups.append((part, items))
    return groups


def published_stacks() -> QuerySet[Stack]:
    return (
        Stack.objects.filter(status=Stack.Status.PUBLISHED)
        .select_related("issuer")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=StackItem.objects.select_related(
                    "credential__published_version__focus_area"
                ),
            )
        )
    )


def credentials_for_issuers(issuers: list[Organization]) -> QuerySet[MicroCredential]:
    """Authoring: every micro-credential of the author's issuers, with its versions."""
    return (
        MicroCredential.objects.filter(issuer__in=issuers)
        .select_related("issuer", "published_version")
        .prefetch_related("versions")
        .order_by("slug")
    )
