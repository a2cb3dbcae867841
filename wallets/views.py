"""The educator's pages of this app: the learner record as a file to download (the transcript
page links here) and "Add to a wallet" (a badge's page and My badges link here)."""

import json
from typing import Any
from uuid import UUID

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from badges.models import Badge
from badges.selectors import badge_by_public_id
from common.http import request_user

from . import services
from .clr import clr_signed

CLR_MEDIA_TYPE = "application/vc+ld+json"


def clr_response(record: dict[str, object], *, download: bool) -> HttpResponse:
    response = HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2), content_type=CLR_MEDIA_TYPE
    )
    if download:
        name = f"learner-record-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def clr_download(request: HttpRequest) -> HttpResponse:
    """ "Download my record": the signed CLR 2.0 of the signed-in educator's own badges."""
    return clr_response(clr_signed(request_user(request)), download=True)


def _get_badge_for_owner(request: HttpRequest, public_id: UUID) -> Badge:
    """The badge if the signed-in user earned it; anyone else gets 404 (it does not leak)."""
    badge = badge_by_public_id(public_id)
    if badge is None or badge.educator_id != request_user(request).pk:
        raise Http404("No such badge")
    return badge


def qr_svg(content: str) -> str:
    """The QR code of `content` as inline SVG markup (no script, no external file)."""
    return str(
        segno.make(content, error="m").svg_inline(scale=5, border=2, title="QR code of the offer")
    )


@login_required
@require_http_methods(["GET", "POST"])
def wallet_offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "Add to a wallet": GET explains; POST makes a single-use offer and shows its QR code,
    link and transaction code (once: only their hashes are kept)."""
    badge = _get_badge_for_owner(request, public_id)
    context: dict[str, Any] = {"badge": badge, "problem": "", "created": None}
    if request.method == "POST":
        try:
            created = services.wallet_offer_create(badge=badge, by=request_user(request))
        except services.WalletOfferError as error:
            context["problem"] = str(error)
        else:
            context["created"] = created
            context["qr_svg"] = qr_svg(created.credential_offer_uri)
    else:
        try:
            services.badge_offerable(badge)
        except services.WalletOfferError as error:
            context["problem"] = str(error)
    status = 400 if context["problem"] and request.method == "POST" else 200
    response = render(request, "wallets/offer.html", context, status=status)
    response["Cache-Control"] = "private, no-store"  # the code is shown once
    return response
