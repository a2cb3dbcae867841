"""/organizations/ pages, in the `organizations:` URL namespace that config/urls.py gives them
together with the admin pages of the apps built on organizations (rosters, integrations,
reporting)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path(
        "invitation/<str:uidb64>/<str:token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<str:token>/",
        views.membership_invitation,
        name="membership_invitation",
    ),
]
