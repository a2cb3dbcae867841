"""Educators' credit, approvers' queue and bodies' own pages (recognition/views.py)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.my_credit, name="my_credit"),
]
