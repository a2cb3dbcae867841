from django.urls import URLPattern, URLResolver, path

from . import views
from .artifact_urls import urlpatterns as artifact_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    # GET/POST submissions/ and GET submissions/<id>/ show the review: reviews/api/urls.py.
    path(
        "submissions/<uuid:public_id>/responses/<uuid:requirement_id>/",
        views.response_put,
        name="api-submission-response",
    ),
    path(
        "submissions/<uuid:public_id>/checklist/",
        views.submission_checklist,
        name="api-submission-checklist",
    ),
    path(
        "submissions/<uuid:public_id>/submit/",
        views.submission_submit,
        name="api-submission-submit",
    ),
    path(
        "submissions/<uuid:public_id>/withdraw/",
        views.submission_withdraw,
        name="api-submission-withdraw",
    ),
    path("team-invitations/", views.team_invitations, name="api-team-invitations"),
    path(
        "team-invitations/<uuid:public_id>/accept/",
        views.team_invitation_accept,
        name="api-team-invitation-accept",
    ),
    path(
        "team-invitations/<uuid:public_id>/decline/",
        views.team_invitation_decline,
        name="api-team-invitation-decline",
    ),
    path(
        "team-invitations/<uuid:public_id>/leave/",
        views.team_membership_leave,
        name="api-team-membership-leave",
    ),
    *artifact_urlpatterns,
]
