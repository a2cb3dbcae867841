from django.urls import URLPattern, path

from . import views

app_name = "wallets"
urlpatterns: list[URLPattern] = [
    path("clr.json", views.clr_download, name="clr_download"),
]
