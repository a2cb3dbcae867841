"""The educator's learner record as a file to download (the transcript page links here)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.http import request_user

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
