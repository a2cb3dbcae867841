"""Recognition pages: an educator's credit and claims, approvers' queue, bodies' own pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.http import request_user

from . import selectors


@require_GET
@login_required
def my_credit(request: HttpRequest) -> HttpResponse:
    """Per body: what was granted, what is pending, and progress toward the body's goals."""
    summary = selectors.credit_summary(request_user(request))
    return render(request, "recognition/my_credit.html", {"summary": summary})
