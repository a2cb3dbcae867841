from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("me/clr/", views.my_clr, name="api-my-clr"),
    path(
        "badges/<uuid:public_id>/wallet-offer/",
        views.badge_wallet_offer,
        name="api-badge-wallet-offer",
    ),
]
