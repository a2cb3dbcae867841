"""Reads of the catalog, with their joins and prefetches built in (fixed query counts)."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from organizations.models import Organization, Role
from organizations.selectors import organizations_with_role

from . import cache as catalog_cache
from .models import (
    EvidenceRequirement,
    FocusArea,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
    StackItem,
    Subject,
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
    # Only these micro-credentials (a higher app's restriction, such as "counts for my license
    # renewal"); None: all of them.
    credential_ids: frozenset[int] | None = None


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
    if filters.credential_ids is not None:
        queryset = queryset.filter(credential_id__in=sorted(filters.credential_ids))
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
        return _ranked_search(queryset, query)
    words = query.lower().split()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    # No ranking without PostgreSQL: those with more of the words in their title come first.
    in_title = sum(
        (Case(When(title__icontains=word, then=1), default=0) for word in words), Value(0)
    )
    return queryset.annotate(rank=in_title).order_by("-rank", "title")


# Typo tolerance needs this many letters in the query's words: below it, trigram similarity
# finds titles that merely start alike ("ab" is "similar" to every "Ab..." word).
TYPO_MIN_LETTERS = 4
_WORD = re.compile(r"[^\W_]+")


def _typo_terms(query: str) -> tuple[str, list[str]]:
    """The words to compare with titles for typos, and the -excluded words, without the
    websearch operators and punctuation around them."""
    wanted, excluded = [], []
    for token in query.split():
        words = _WORD.findall(token)
        if token.startswith("-"):
            excluded.extend(words)
        elif token.lower() != "or":
            wanted.extend(words)
    return " ".join(wanted), excluded


# Typo matches rank after every full-text match: when those fill a catalog page, the lookalikes
# would only start after it, and looking for them (a trigram index scan whose cost grows with
# the catalog) made a broad search at 5,000 micro-credentials a third slower. So they are
# looked for only when full-text search finds less than a page (one cheap LIMITed index count).
TYPO_WHEN_FEWER_THAN = 24


def _few_full_text(queryset: QuerySet[MicroCredentialVersion], search: SearchQuery) -> bool:
    found = queryset.filter(search_vector=search).values("pk")[:TYPO_WHEN_FEWER_THAN]
    return found.count() < TYPO_WHEN_FEWER_THAN


def _ranked_search(
    queryset: QuerySet[MicroCredentialVersion], query: str
) -> QuerySet[MicroCredentialVersion]:
    """Full-text matches first, by their rank, then titles that look like the query.

    Full-text search stems words but cannot forgive a typo ("exit tikets"). pg_trgm's word
    similarity can: it compares the query with the closest stretch of each title, and the
    `%>` operator (index-backed by credentials_title_trgm) keeps titles at or above its
    word_similarity_threshold, 0.6 by default: "exit tikets" is 0.67 of "Exit Tickets That Drive
    Instruction", a nonsense word 0. A query's -excluded words exclude typo matches too.
    Typo matches are looked for when full-text search finds less than a page (ADR 0031).
    """
    search = SearchQuery(query, search_type="websearch", config="english")
    typo_text, excluded = _typo_terms(query)
    if sum(len(word) for word in typo_text.split()) < TYPO_MIN_LETTERS or not _few_full_text(
        queryset, search
    ):
        # Full text alone, ranked as before: no per-row CASE re-testing a thousand compressed
        # search vectors for a broad word (ADR 0015: decompressing them is the cost).
        return (
            queryset.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title")
        )
    typo = Q(title__trigram_word_similar=typo_text)
    if excluded:
        typo &= ~Q(
            search_vector=SearchQuery(
                " or ".join(excluded), search_type="websearch", config="english"
            )
        )
    # Fewer than a page of full-text matches: the CASEs below test few rows. Similarity only
    # orders the typo matches (CASE is lazy: a full-text match never computes it).
    return (
        queryset.filter(Q(search_vector=search) | typo)
        .annotate(
            full_text=Case(When(search_vector=search, then=Value(1)), default=Value(0)),
            rank=SearchRank(F("search_vector"), search),
            similarity=Case(
                When(search_vector=search, then=Value(1.0)),
                default=TrigramWordSimilarity(typo_text, "title"),
                output_field=FloatField(),
            ),
        )
        .order_by("-full_text", "-rank", "-similarity", "title")
    )


class CatalogPaginator(Paginator[MicroCredentialVersion]):
    """Pages of the catalog; a ranked search's page is read in two steps.

    Ranking reads every match's search vector. In one query PostgreSQL also carries each
    match's whole row and joins through the sort: a broad word at 5,000 micro-credentials
    matched 1,300 rows and the page took 9 ms, the ranking alone 4. So the page's ids are
    ranked first (narrow rows), then its rows read by id, in that order.
    """

    def page(self, number: int | str) -> Page[MicroCredentialVersion]:
        page = super().page(number)
        rows = page.object_list
        if isinstance(rows, QuerySet) and "rank" in rows.query.annotations:
            ids = list(rows.values_list("pk", flat=True))
            by_id = {row.pk: row for row in _listing_base().filter(pk__in=ids)} if ids else {}
            page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return page


@contextmanager
def search_planning(query: str) -> Iterator[None]:
    """Evaluate a catalog search inside this block so that PostgreSQL plans it on its index.

    A broad word matches a quarter of a large catalog; the planner then prefers reading the whole
    table to the GIN index, not counting that testing each row's (compressed) search vector costs
    far more than its default cost model says: at 5,000 micro-credentials the count and the page
    took 16 and 23 ms that way, 2.5 and 12 ms on the index. A random page cost for data in memory
    or on SSD (1.1, not the spinning-disk 4) makes it choose the index. SET LOCAL: this
    transaction only, so a connection pooler in transaction mode is fine and nothing else changes
    (docs/decisions/0015-search-planning.md).
    """
    if not query.strip() or connection.vendor != "postgresql":
        yield
        return
    # Inside a caller's transaction (a savepoint here) a local setting would outlive this block:
    # put the caller's value back. On its own, the commit ends the setting.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if nested:
            cursor.execute("SELECT current_setting('random_page_cost')")
            previous = cursor.fetchone()[0]
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        try:
            yield
        finally:
            if nested:
                cursor.execute("SELECT set_config('random_page_cost', %s, true)", [previous])


def version_with_content(version_id: int) -> MicroCredentialVersion:
    """A version with everything a detail, submission or review page shows, in 6 queries.

    Frozen (published or superseded) versions come from the catalog cache, which any catalog
    change invalidates (credentials/cache.py); a draft is always read fresh.
    """
    return catalog_cache.cached(
        f"version:{version_id}",
        lambda: _version_with_content(version_id),
        keep=lambda version: version.status != MicroCredentialVersion.Status.DRAFT,
    )


def _version_with_content(version_id: int) -> MicroCredentialVersion:
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


# --- Catalog browsing, API and stacks -------------------------------------------------------


@dataclass(frozen=True)
class CatalogFacets:
    """The values the catalog's filters offer."""

    focus_areas: list[FocusArea]
    grade_bands: list[GradeBand]
    subjects: list[Subject]
    issuers: list[Organization]


def catalog_facets() -> CatalogFacets:
    """Filter choices for the catalog page, from the catalog cache (credentials/cache.py)."""
    return catalog_cache.cached("facets", _catalog_facets)


def _catalog_facets() -> CatalogFacets:
    """Filter choices for the catalog page, in four queries whatever the catalog size.

    Focus areas and issuers are limited to those with something published, so a filter never
    offers a value that can only give an empty page; grade bands and subjects are short, fixed
    reference lists. EXISTS stops at the first published micro-credential of each focus area or
    issuer, so these stay fast as the catalog grows (a join with DISTINCT reads all of it).
    """
    published_versions = MicroCredentialVersion.objects.filter(
        status=MicroCredentialVersion.Status.PUBLISHED,
        credential__status=MicroCredential.Status.PUBLISHED,
    )
    published_credentials = MicroCredential.objects.filter(status=MicroCredential.Status.PUBLISHED)
    return CatalogFacets(
        focus_areas=list(
            FocusArea.objects.filter(Exists(published_versions.filter(focus_area=OuterRef("pk"))))
        ),
        grade_bands=list(GradeBand.objects.all()),
        subjects=list(Subject.objects.all()),
        issuers=list(
            Organization.objects.filter(kind=Organization.Kind.ISSUER).filter(
                Exists(published_credentials.filter(issuer=OuterRef("pk")))
            )
        ),
    )


def published_credential_by_public_id(public_id: UUID) -> MicroCredential | None:
    """The published micro-credential with this public UUID (None if absent, draft or retired)."""
    return (
        MicroCredential.objects.filter(public_id=public_id, status=MicroCredential.Status.PUBLISHED)
        .exclude(published_version=None)
        .select_related("issuer")
        .first()
    )


def published_stack_by_slug(slug: str) -> Stack | None:
    """A published stack with its ordered items and their micro-credentials' published versions."""
    return published_stacks().filter(slug=slug).first()


def stack_public_items(stack: Stack) -> list[StackItem]:
    """A (prefetched) stack's items in order, without never-published micro-credentials.

    A retired one stays listed, since educators may have earned it, but is no longer offered.
    """
    return [
        item for item in stack.items.all() if item.credential.status != MicroCredential.Status.DRAFT
    ]


def issuers_authored_by(user: Any) -> QuerySet[Organization]:
    """The issuing organizations this user writes the catalog for (every one, for platform
    staff): the authoring pages and the authoring API."""
    issuers = Organization.objects.filter(kind=Organization.Kind.ISSUER)
    if user.is_staff:
        return issuers
    return issuers.filter(pk__in=[o.pk for o in organizations_with_role(user, Role.AUTHOR)])


@dataclass(frozen=True)
class FeaturedCatalog:
    versions: list[MicroCredentialVersion]
    total: int


def featured_catalog(*, limit: int = 3) -> FeaturedCatalog:
    """A few published micro-credentials for the visitors' home page, one per focus area where
    the catalog allows (variety shows the catalog's range better than three of a kind), and
    how many the whole catalog holds. Reads a bounded slice, not the whole catalog."""
    # The cards show grade bands, never subjects: two queries in all (three past 60 rows).
    listing = (
        _listing_base()
        .prefetch_related(None)
        .prefetch_related("grade_bands")
        .order_by("focus_area__name", "-published_at", "title")
    )
    candidates = list(listing[: limit * 20])
    chosen: list[MicroCredentialVersion] = []
    seen_areas: set[int] = set()
    for version in candidates:
        if version.focus_area_id not in seen_areas:
            chosen.append(version)
            seen_areas.add(version.focus_area_id)
    chosen += [version for version in candidates if version not in chosen]
    total = len(candidates) if len(candidates) < limit * 20 else listing.count()
    return FeaturedCatalog(versions=chosen[:limit], total=total)
