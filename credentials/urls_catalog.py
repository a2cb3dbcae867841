"""Public catalog pages, in the `credentials` namespace (see credentials/urls.py)."""

from django.urls import URLPattern, path, re_path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.catalog, name="catalog"),
    path("stacks/", views.stacks, name="stacks"),
    path("stacks/<slug:slug>/", views.stack_detail, name="stack_detail"),
    # Any slug, except the sections that share /catalog/: the authoring pages come after these
    # patterns in credentials/urls.py and must not be answered by a "no such credential" 404.
    re_path(r"^(?!(?:stacks|authoring)/)(?P<slug>[-a-zA-Z0-9_]+)/$", views.detail, name="detail"),
]
