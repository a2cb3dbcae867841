from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("me/clr/", views.my_clr, name="api-my-clr"),
]
