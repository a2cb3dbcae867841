"""The site's URLs plus three reference views for bench_load, never served by the site itself.

They bracket what a page of the scenario mix can cost: each does a little more of what every
real page does, so the benchmark shows how much of the trivial view's throughput is left
before any page content runs.

- `signed-in`: the session and the user are loaded (login_required), and nothing else.
- `signed-in-write`: the same, plus a CSRF-checked POST that updates one row (the user's own,
  to its own value) in its own transaction: the least an autosave can do.
- `signed-in-layout`: the same as `signed-in`, plus the site's layout (base.html: navigation,
  the user's roles, the CSRF token) around an empty page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site

EMPTY_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<p>Reference page.</p>{% endblock %}'
)


@require_GET
@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@require_POST
@login_required
def signed_in_write(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    User.objects.filter(pk=user.pk).update(display_name=user.display_name)
    return HttpResponse("ok")


@require_GET
@login_required
def signed_in_layout(request: HttpRequest) -> HttpResponse:
    return HttpResponse(EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("bench/signed-in", signed_in),
    path("bench/signed-in-write", signed_in_write),
    path("bench/signed-in-layout", signed_in_layout),
    *site,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
