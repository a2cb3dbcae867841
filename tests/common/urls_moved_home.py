"""A URLconf for tests/common/test_urlmemo.py: the name `home` at another path."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("moved")


urlpatterns = [path("moved-home/", home, name="home")]
