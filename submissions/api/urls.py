from django.urls import URLPattern, URLResolver, path

from . import views
from .artifact_urls import urlpatterns as artifact_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("submissions/", views.submission_list, name="api-submissions"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="api-submission"),
    path(
        "submissions/<uuid:public_id>/responses/<uuid:requirement_id>/",
        views.response_put,
        name="api-submission-response",
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
    *artifact_urlpatterns,
]
