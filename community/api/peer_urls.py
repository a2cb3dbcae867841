"""/api/v1/ critical-friend endpoints, under the submission they are about."""

from django.urls import URLPattern, path

from . import peer

urlpatterns: list[URLPattern] = [
    path(
        "submissions/<uuid:submission_id>/peer-share/",
        peer.PeerShareView.as_view(),
        name="api-submission-peer-share",
    ),
    path(
        "submissions/<uuid:submission_id>/peer-comments/",
        peer.PeerCommentsView.as_view(),
        name="api-submission-peer-comments",
    ),
]
