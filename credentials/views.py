"""Catalog pages: browse and search, one micro-credential in full, stacks and progress through them.

Everything here is public: visitors browse the catalog before they have an account.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from . import cache, selectors
from .models import MicroCredential, MicroCredentialVersion, Stack
from .selectors import CatalogFacets, CatalogFilters

CATALOG_PAGE_SIZE = 24


def _facet_field(label: str) -> forms.ChoiceField:
    # Choices come from the catalog at request time (CatalogFilterForm.__init__).
    messages = {"invalid_choice": "The catalog has no such value."}
    return forms.ChoiceField(label=label, required=False, error_messages=messages)


class CatalogFilterForm(forms.Form):
    """The catalog's GET parameters. A bad value is ignored with a note, never an error page."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    focus_area = _facet_field("Focus area")
    grade_band = _facet_field("Grade band")
    subject = _facet_field("Subject")
    issuer = _facet_field("Issuer")
    pd_hours_min = forms.DecimalField(
        label="Minimum PD hours", required=False, min_value=0, max_value=500, decimal_places=1
    )
    pd_hours_max = forms.DecimalField(
        label="Maximum PD hours", required=False, min_value=0, max_value=500, decimal_places=1
    )

    def __init__(self, data: QueryDict, *, facets: CatalogFacets) -> None:
        super().__init__(data)
        focus_areas = [(area.slug, area.name) for area in facets.focus_areas]
        self._set_choices("focus_area", "All", focus_areas)
        grade_bands = [(band.code, band.code) for band in facets.grade_bands]
        self._set_choices("grade_band", "All", grade_bands)
        subjects = [(subject.slug, subject.name) for subject in facets.subjects]
        self._set_choices("subject", "All", subjects)
        issuers = [(issuer.slug, issuer.name) for issuer in facets.issuers]
        self._set_choices("issuer", "All", issuers)

    def _set_choices(self, name: str, everything: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everything), *choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("pd_hours_min"), cleaned.get("pd_hours_max")
        if low is not None and high is not None and low > high:
            self.add_error("pd_hours_max", f"It is below the minimum ({low}).")
        return cleaned

    def catalog_filters(self) -> tuple[CatalogFilters, list[str]]:
        """The valid part of the query as filters, and one note per value that was ignored."""
        self.is_valid()  # a partly invalid query still filters on its valid parts
        data = self.cleaned_data
        notes = [
            f"{self.fields[name].label} “{Truncator(self.data.get(name, '')).chars(40)}” "
            f"was ignored. {' '.join(str(error) for error in errors)}"
            for name, errors in self.errors.items()
            if name in self.fields
        ]
        filters = CatalogFilters(
            query=data.get("q") or "",
            focus_area=data.get("focus_area") or "",
            grade_band=data.get("grade_band") or "",
            subject=data.get("subject") or "",
            issuer=data.get("issuer") or "",
            pd_hours_min=_decimal_or_none(data.get("pd_hours_min")),
            pd_hours_max=_decimal_or_none(data.get("pd_hours_max")),
        )
        return filters, notes

    def has_filters(self) -> bool:
        return any(self.data.get(name) for name in self.fields)

    def has_facet_filters(self) -> bool:
        """A filter beyond the search words is set (phones then open the folded filters)."""
        return any(self.data.get(name) for name in self.fields if name != "q")


def _decimal_or_none(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _without_empty_parameters(request: HttpRequest) -> str:
    parameters = request.GET.copy()
    for name in [name for name, values in parameters.lists() if not any(values)]:
        del parameters[name]
    return f"{request.path}?{parameters.urlencode()}" if parameters else request.path


RESULTS_REGION = "catalog-results"


def _wants_fragment(request: HttpRequest) -> bool:
    # Only the search form and page links swap the results region; any other htmx request (a
    # boosted link, a history restore after Back when htmx's cache misses) needs the whole page.
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and htmx.target == RESULTS_REGION and not htmx.history_restore_request


@dataclass(frozen=True)
class CatalogRestriction:
    """What an app above credentials adds to the catalog page, as data (ADR 0022, option 1):
    only `credential_ids` (None: all), its own filter fields (`filters_template`, rendered in
    the search form with `context`) and `notes` on values it ignored.

    `key` names everything in it that changes the HTML (whose restriction, whose ordering): the
    catalog HTML is cached per query, and one person's restriction must never be served to
    another from that cache.
    """

    key: str
    credential_ids: frozenset[int] | None = None
    filters_template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    """Published micro-credentials: search, filters, a count and pages of cards."""
    return catalog_response(request)


def catalog_response(
    request: HttpRequest, restriction: CatalogRestriction | None = None
) -> HttpResponse:
    """The catalog page (or its results fragment), optionally restricted by a higher app."""
    fragment = _wants_fragment(request)
    # The same for every visitor with the same restriction: the HTML is rendered once per
    # query, restriction and catalog generation.
    query = hashlib.sha256(urlencode(sorted(request.GET.lists()), doseq=True).encode())
    if restriction is not None:
        query.update(b"\0" + restriction.key.encode())
    body = cache.cached_html(
        f"catalog-{'results' if fragment else 'page'}:{query.hexdigest()}",
        lambda: _render_catalog(request, fragment, restriction),
    )
    if fragment:
        response = HttpResponse(body)
        # The address bar shows a shareable URL, without the form's empty fields.
        response["HX-Push-Url"] = _without_empty_parameters(request)
    else:
        response = render(request, "credentials/catalog/catalog.html", {"body": body})
    # The same URL answers a fragment or a page: caches and the back button must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _render_catalog(
    request: HttpRequest, fragment: bool, restriction: CatalogRestriction | None = None
) -> str:
    """The search form, count and results (the whole page's content), or the results region."""
    form = CatalogFilterForm(request.GET, facets=selectors.catalog_facets())
    filters, notes = form.catalog_filters()
    extra: dict[str, Any] = {}
    if restriction is not None:
        filters = replace(filters, credential_ids=restriction.credential_ids)
        notes = [*notes, *restriction.notes]
        extra = {**restriction.context, "filters_template": restriction.filters_template}
    with selectors.search_planning(filters.query):
        page: Page[MicroCredentialVersion] = selectors.CatalogPaginator(
            selectors.catalog_search(filters), CATALOG_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS,
        "notes": notes,
        "searching": bool(filters.query),
        "restricted": filters.credential_ids is not None,
        **extra,
    }
    if fragment:
        return render_to_string(
            "credentials/catalog/_results.html", {**context, "oob": True}, request
        )
    return render_to_string("credentials/catalog/_catalog.html", context, request)


def _get_published_credential(slug: str) -> MicroCredential:
    credential = selectors.published_credential_by_slug(slug)
    if credential is None or credential.published_version_id is None:
        raise Http404("No such micro-credential in the catalog.")
    return credential


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything an educator needs before starting: method, evidence, the full rubric."""
    credential = _get_published_credential(slug)
    assert credential.published_version_id is not None
    version = selectors.version_with_content(credential.published_version_id)
    body = cache.cached_html(
        f"credential-body:{version.pk}",
        lambda: render_to_string(
            "credentials/catalog/_credential_body.html",
            {"version": version, "requirement_groups": selectors.requirements_by_part(version)},
        ),
    )
    context = {
        "credential": credential,
        "version": version,
        "body": body,
    }
    # The header's action (start, continue, follow, the next attempt, the badge) is where the
    # educator stands: submissions' fragment, included by the template.
    return render(request, "credentials/catalog/detail.html", context)


@require_GET
def stacks(request: HttpRequest) -> HttpResponse:
    """Published stacks with their ordered micro-credentials."""
    rows = [
        {"stack": stack, "items": selectors.stack_public_items(stack)}
        for stack in selectors.published_stacks()
    ]
    return render(request, "credentials/catalog/stacks.html", {"rows": rows})


def _get_published_stack(slug: str) -> Stack:
    stack = selectors.published_stack_by_slug(slug)
    if stack is None:
        raise Http404("No such stack.")
    return stack


@require_GET
def stack_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A stack's micro-credentials in order; a signed-in educator also sees their progress
    (submissions' `stack_progress` tag, which the template loads)."""
    stack = _get_published_stack(slug)
    items = selectors.stack_public_items(stack)
    context = {
        "stack": stack,
        "items": items,
        "show_progress": request.user.is_authenticated,
        "total": len(items),
    }
    return render(request, "credentials/catalog/stack_detail.html", context)
