"""Public, machine-readable badge documents and images, at stable UUID URLs.

Open Badges 2.0 objects are content-negotiated: JSON-LD for machines (what validators and
backpacks ask for), HTML for people on the same URL (or a redirect to the page that shows
it). None of these needs a login: verification must work for anyone, anywhere.
"""

import json
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from . import documents, images, selectors
from .keys import issuer_profile_id
from .models import Badge

LD_JSON = "application/ld+json"
JSON = "application/json"
HTML = "text/html"


def _preferred(request: HttpRequest) -> str:
    """LD_JSON, JSON or HTML: what the client asked for (no Accept at all: JSON-LD)."""
    return request.get_preferred_type([LD_JSON, JSON, HTML]) or LD_JSON


def _json(
    request: HttpRequest, document: dict[str, Any], *, status: int = 200, max_age: int = 0
) -> HttpResponse:
    """A JSON-LD answer; application/json when that is all the client accepts (OB 2.0 §
    Setting Content-Type)."""
    content_type = JSON if _preferred(request) == JSON else LD_JSON
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        status=status,
        content_type=f"{content_type}; charset=utf-8",
    )
    _public_headers(response, max_age)
    return response


def _public_headers(response: HttpResponse, max_age: int) -> None:
    patch_vary_headers(response, ["Accept"])
    # Wallets and browser-based verifiers fetch these from other origins.
    response["Access-Control-Allow-Origin"] = "*"
    if max_age:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, no_cache=True)


def _download(response: HttpResponse, request: HttpRequest, filename: str) -> HttpResponse:
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _badge_or_404(public_id: UUID) -> Badge:
    badge = selectors.badge_by_public_id(public_id)
    if badge is None:
        raise Http404("No such badge")
    return badge


# --------------------------------------------------------------------------- OB 2.0


@require_GET
def issuer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    organization = selectors.issuer_by_public_id(public_id)
    if organization is None:
        raise Http404("No such issuer")
    document = documents.ob2_issuer(organization)
    if _preferred(request) == HTML:
        return render(request, "badges/issuer.html", {"issuer": organization, "doc": document})
    return _json(request, document, max_age=300)


@require_GET
def badgeclass(request: HttpRequest, public_id: UUID) -> HttpResponse:
    version = selectors.version_for_badgeclass(public_id)
    if version is None:
        raise Http404("No such badge class")
    if _preferred(request) == HTML:
        return HttpResponseRedirect(
            reverse("credentials:detail", kwargs={"slug": version.credential.slug})
        )
    achievement = documents.version_achievement(version)
    return _json(
        request,
        documents.ob2_badgeclass(achievement, version.credential.issuer),
        max_age=300,
    )


@require_GET
def stack_badgeclass(request: HttpRequest, public_id: UUID) -> HttpResponse:
    stack = selectors.stack_for_badgeclass(public_id)
    if stack is None:
        raise Http404("No such badge class")
    if _preferred(request) == HTML:
        return HttpResponseRedirect(
            reverse("credentials:stack_detail", kwargs={"slug": stack.slug})
        )
    return _json(
        request,
        documents.ob2_badgeclass(documents.stack_achievement(stack), stack.issuer),
        max_age=300,
    )


def _png(data: bytes, max_age: int) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    _public_headers(response, max_age)
    return response


@require_GET
def badgeclass_image(request: HttpRequest, public_id: UUID) -> HttpResponse:
    version = selectors.version_for_badgeclass(public_id)
    if version is None:
        raise Http404("No such badge class")
    return _png(images.version_class_png(version), max_age=86400)


@require_GET
def stack_image(request: HttpRequest, public_id: UUID) -> HttpResponse:
    stack = selectors.stack_for_badgeclass(public_id)
    if stack is None:
        raise Http404("No such badge class")
    return _png(images.stack_class_png(stack), max_age=86400)


@require_GET
def assertion(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The hosted assertion: verifiable whatever the earner's page visibility; 410 Gone with
    `revoked: true` once revoked, as OB 2.0 HostedBadge verification specifies."""
    badge = _badge_or_404(public_id)
    wants_html = _preferred(request) == HTML
    if badge.is_revoked:
        if wants_html:
            return _assertion_page(request, badge, status=410)
        return _json(request, documents.ob2_revoked(badge), status=410)
    if not wants_html:
        return _json(request, documents.ob2_assertion(badge))
    if badge.is_public:
        return HttpResponseRedirect(reverse("badges:detail", args=[badge.public_id]))
    return _assertion_page(request, badge, status=200)


def _assertion_page(request: HttpRequest, badge: Badge, status: int) -> HttpResponse:
    context = {"badge": badge, "achievement": documents.badge_achievement(badge)}
    response = render(request, "badges/assertion.html", context, status=status)
    patch_vary_headers(response, ["Accept"])
    return response


@require_GET
def image_png(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The baked PNG (the assertion inside): no earner name in it, so always served."""
    badge = _badge_or_404(public_id)
    if not badge.image_png:
        raise Http404("This badge has no image yet")
    response = _png(images.read(badge.image_png), max_age=3600)
    return _download(response, request, f"badge-{badge.public_id}.png")


@require_GET
def image_svg(request: HttpRequest, public_id: UUID) -> HttpResponse:
    badge = _badge_or_404(public_id)
    if not badge.image_svg:
        raise Http404("This badge has no image yet")
    response = HttpResponse(images.read(badge.image_svg), content_type="image/svg+xml")
    # Opened directly, an SVG is a document: let it run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    _public_headers(response, 3600)
    return _download(response, request, f"badge-{badge.public_id}.svg")


# --------------------------------------------------------------------------- OB 3.0


@require_GET
def ob3_credential(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The signed OpenBadgeCredential, as issued (revocation lives in the status list)."""
    badge = _badge_or_404(public_id)
    if not badge.credential_json:
        raise Http404("This badge has no credential yet")
    response = _json(request, badge.credential_json)
    return _download(response, request, f"badge-{badge.public_id}.json")


@require_GET
def ob3_issuer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The issuer profile with its keys (Multikey): what resolves a proof's verificationMethod."""
    organization = selectors.issuer_by_public_id(public_id)
    if organization is None:
        raise Http404("No such issuer")
    document = documents.ob3_issuer_profile(organization, selectors.issuer_keys(organization))
    assert document["id"] == issuer_profile_id(organization)
    return _json(request, document, max_age=300)


def _achievement_document(achievement: documents.Achievement) -> dict[str, Any]:
    return {
        "@context": [documents.VC2_CONTEXT, documents.OB3_CONTEXT],
        **documents.ob3_achievement(achievement),
    }


@require_GET
def ob3_achievement(request: HttpRequest, public_id: UUID) -> HttpResponse:
    version = selectors.version_for_badgeclass(public_id)
    if version is None:
        raise Http404("No such achievement")
    achievement = documents.version_achievement(version)
    return _json(request, _achievement_document(achievement), max_age=300)


@require_GET
def ob3_stack_achievement(request: HttpRequest, public_id: UUID) -> HttpResponse:
    stack = selectors.stack_for_badgeclass(public_id)
    if stack is None:
        raise Http404("No such achievement")
    return _json(request, _achievement_document(documents.stack_achievement(stack)), max_age=300)


@require_GET
def status_list(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The signed BitstringStatusListCredential; verifiers re-fetch it, so it is cached briefly."""
    found = selectors.status_list_by_public_id(public_id)
    if found is None or not found.credential:
        raise Http404("No such status list")
    return _json(request, found.credential, max_age=60)
