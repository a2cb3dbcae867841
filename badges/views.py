"""Badge pages: the educator's list, the public badge page (sharing, revoking), the published
evidence summary, and the verification page anyone can use."""

from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.http import request_user
from common.ratelimit import client_ip, rate_limit_hit

from . import conf, documents, selectors, services, verification
from .forms import RevokeForm, SharingForm, VerifyForm
from .models import Badge

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def _get_badge_for_user(request: HttpRequest, public_id: UUID, perm: str) -> Badge:
    """The badge if this user holds `perm` on it; else 404, so a private badge never leaks.

    The badge rules name platform staff wherever staff may act, so they are tested as written
    (`rules.has_perm`), without the superuser's blanket pass: sharing stays the earner's alone.
    """
    badge = selectors.badge_by_public_id(public_id)
    if badge is None or not rules.has_perm(perm, request.user, badge):
        raise Http404("No such badge")
    return badge


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.badges_for_educator(request_user(request)), 24).get_page(
        request.GET.get("page")
    )
    for badge in page.object_list:
        # An expiring badge links to its renewal while its micro-credential is offered, unless
        # a later badge (renewed, or revoked: the issuer's decision) stands after it.
        renewable = not badge.superseded and badge.credential and badge.credential.is_offered
        renewal = selectors.renewal_for(badge) if renewable else None
        badge.renewal = renewal if renewal is not None and renewal.is_open else None
    return render(request, "badges/mine.html", {"page": page})


PROFILE_PAGE_SIZE = 24


@require_GET
def public_profile(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """An educator's public profile: 404 unless they turned it on (they alone may preview it
    while it is off). It lists only their public, current badges, under their display name."""
    person = User.objects.filter(public_id=public_id, is_active=True).first()
    is_self = person is not None and request.user.is_authenticated and request.user == person
    if person is None or not (person.public_profile or is_self):
        raise Http404("No such profile")
    page = Paginator(selectors.public_badges_of(person), PROFILE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"person": person, "page": page, "is_self": is_self}
    return render(request, "badges/profile.html", context)


def linkedin_url(badge: Badge) -> str:
    """LinkedIn's "add a certification to your profile" link, prefilled."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": badge.title,
        "organizationName": badge.issuer.name,
        "issueYear": badge.issued_at.year,
        "issueMonth": badge.issued_at.month,
    }
    if badge.expires_at is not None:
        params["expirationYear"] = badge.expires_at.year
        params["expirationMonth"] = badge.expires_at.month
    params["certUrl"] = documents.public_url(badge)
    params["certId"] = str(badge.public_id)
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def share_links(badge: Badge) -> dict[str, str]:
    """Where teachers share: a post on LinkedIn, Facebook or X, or an email, each carrying the
    badge's public page (whose Open Graph tags give the title, description and image)."""
    url = documents.public_url(badge)
    text = f"I earned the micro-credential \u201c{badge.title}\u201d from {badge.issuer.name}."
    return {
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "x": "https://x.com/intent/post?" + urlencode({"text": text, "url": url}),
        "email": "mailto:?"
        + urlencode({"subject": badge.title, "body": f"{text}\n\n{url}"}, quote_via=quote),
    }


def embed_html(badge: Badge) -> SafeString:
    """The snippet a teacher pastes into a site or blog: the badge image and title, linking to
    the badge's public page, where anyone sees that it verifies. Title and issuer are escaped."""
    return format_html(
        '<a href="{}" title="{}" style="display:inline-block;text-align:center;'
        'max-width:160px;font:14px/1.3 sans-serif;color:#1a3d6d;text-decoration:none">'
        '<img src="{}" alt="{}" width="120" height="120" style="display:block;margin:0 auto 6px">'
        "{}</a>",
        documents.public_url(badge),
        f"Verify this badge from {badge.issuer.name}",
        documents.png_url(badge),
        f"Badge: {badge.title}, issued by {badge.issuer.name}",
        badge.title,
    )


@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    badge = _get_badge_for_user(request, public_id, "badges.see_badge_page")
    return _render_detail(request, badge)


def _render_detail(
    request: HttpRequest,
    badge: Badge,
    *,
    sharing_form: SharingForm | None = None,
    revoke_form: RevokeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_earner = rules.has_perm("badges.change_badge_sharing", user, badge)
    context: dict[str, Any] = {
        "badge": badge,
        "achievement": documents.badge_achievement(badge),
        "status": badge.status,
        "is_earner": is_earner,
        "can_revoke": rules.has_perm("badges.revoke_badge", user, badge) and not badge.is_revoked,
        "public_url": documents.public_url(badge),
        "assertion_url": documents.assertion_url(badge),
        "credential_url": documents.credential_url(badge),
        "png_url": documents.png_url(badge),
        "svg_url": documents.svg_url(badge),
        "evidence_url": documents.evidence_url(badge),
        "linkedin_url": linkedin_url(badge),
        "share": share_links(badge),
        "embed_html": embed_html(badge),
        "stack_items": list(badge.stack.items.all()) if badge.stack else [],
        "criteria": list(badge.version.criteria.all()) if badge.version else [],
        "sharing_form": sharing_form
        or (
            SharingForm(
                initial={
                    "is_public": badge.is_public,
                    "evidence_summary": badge.evidence_summary,
                    "evidence_published": badge.evidence_published,
                }
            )
            if is_earner
            else None
        ),
        "revoke_form": revoke_form or RevokeForm(),
    }
    return render(request, "badges/detail.html", context, status=status)


@login_required
@require_POST
def sharing(request: HttpRequest, public_id: UUID) -> HttpResponse:
    badge = _get_badge_for_user(request, public_id, "badges.change_badge_sharing")
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, badge, sharing_form=form, status=400)
    try:
        services.badge_update_sharing(badge=badge, by=request_user(request), **form.cleaned_data)
    except services.BadgeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your sharing choices were saved.")
    return redirect("badges:detail", public_id=badge.public_id)


@login_required
@require_POST
def revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    badge = _get_badge_for_user(request, public_id, "badges.revoke_badge")
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, badge, revoke_form=form, status=400)
    services.badge_revoke(badge=badge, by=request_user(request), reason=form.cleaned_data["reason"])
    messages.success(request, "The badge was revoked; the educator has been told.")
    return redirect("badges:detail", public_id=badge.public_id)


@require_GET
def evidence(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The evidence summary the earner chose to publish (the raw evidence never is)."""
    badge = selectors.badge_by_public_id(public_id)
    if badge is None or not (badge.evidence_published and badge.evidence_summary):
        raise Http404("No published evidence")
    return render(request, "badges/evidence.html", {"badge": badge})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone: paste a badge link or upload a badge file, see whether it holds."""
    if _declared_length(request) > conf.verify_max_upload_bytes() + 64 * 1024:
        # Refused before Django parses (and spools to disk) an oversized upload.
        return HttpResponse("The upload is too large for a badge file.", status=413)
    # A badge page links here with ?url= so the check is one click away.
    initial = {"url": request.GET.get("url", "")[:2000]}
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES, initial=initial)
    else:
        form = VerifyForm(initial=initial)
    report: verification.Report | None = None
    problem = ""
    if request.method == "POST" and (retry_after := _verification_throttled(request)):
        context: dict[str, Any] = {"form": form, "report": None, "problem": _THROTTLED_MESSAGE}
        response = render(request, "badges/verify.html", context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    if request.method == "POST" and form.is_valid():
        try:
            report = _verify(form)
        except verification.VerificationInputError as error:
            problem = str(error)
    status = 400 if request.method == "POST" and (form.errors or problem) else 200
    context = {"form": form, "report": report, "problem": problem}
    return render(request, "badges/verify.html", context, status=status)


_THROTTLED_MESSAGE = (
    "Too many checks from your network in a short time. Wait a minute and try again."
)


def _verification_throttled(request: HttpRequest) -> int | None:
    """Checks per client per window: the recipient check answers "is this their email?", so
    guessing emails at speed is refused."""
    return rate_limit_hit(
        "verify",
        client_ip(request),
        limit=conf.verify_rate_limit(),
        window_seconds=60,
    )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _verify(form: VerifyForm) -> verification.Report:
    email = form.cleaned_data.get("email") or ""
    url = (form.cleaned_data.get("url") or "").strip()
    if url:
        badge = verification.badge_for_url(url)
        return verification.check_badge(badge, email=email, source="Badge link")
    data = verification.read_upload(form.upload_bytes())
    return verification.check_data(data, email=email)
