"""/catalog/ itself, served by recognition under credentials' URL name (config/urls.py puts it
in the `credentials` namespace ahead of credentials' own patterns)."""

from django.urls import URLPattern, path

from . import views_catalog

urlpatterns: list[URLPattern] = [
    path("", views_catalog.catalog, name="catalog"),
]
