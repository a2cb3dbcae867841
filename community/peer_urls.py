"""Critical friends' pages, under /friends/ (namespace `friends`)."""

from django.urls import URLPattern, path

from . import peer_views

app_name = "friends"
urlpatterns: list[URLPattern] = [
    path("", peer_views.shared_with_me, name="shared_with_me"),
    path("drafts/<uuid:public_id>/", peer_views.draft, name="draft"),
    path("drafts/<uuid:public_id>/comments/", peer_views.comment, name="comment"),
    path("drafts/<uuid:public_id>/share/", peer_views.share, name="share"),
    path("shares/<uuid:share_id>/end/", peer_views.share_end, name="share_end"),
]
