"""Pages every site has: its error pages (Django's handler403/404/500 and CSRF_FAILURE_VIEW
render these) and the favicon's redirect."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page whose CSRF token is no longer valid (settings.CSRF_FAILURE_VIEW):
    say what happened and how to send it again, not Django's bare "verification failed"."""
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        else ""
    )
    return render(request, "errors/403_csrf.html", {"back": back}, status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without a request: no context processor may touch a database that is down.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and tools that ask for /favicon.ico get the icon the pages link to."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
