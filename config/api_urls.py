"""/api/v1/: each app contributes its endpoints from `<app>/api/urls.py`."""

from django.urls import include, path

urlpatterns = [
    # recognition first: it serves the micro-credential list and detail with what they count for.
    path("", include("recognition.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("credentials.api.urls")),
    path("", include("submissions.api.urls")),
    path("", include("integrations.api.urls")),
    path("", include("rosters.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("badges.api.urls")),
    path("", include("reviews.api.urls")),
    path("", include("wallets.api.urls")),
    # Critical friends (community): /submissions/{id}/peer-share/ and peer-comments/.
    path("", include("community.api.peer_urls")),
    path("", include("community.api.urls")),
    # Cohort discussion (community/api/discussion.py); the rest of community's API joins here.
    path("", include("community.api.discussion")),
]
