"""/api/v1/ cohort endpoints. The discussion's (`cohorts/{id}/posts/`) and the critical
friends' (`submissions/{id}/peer-…/`) join this list from their own modules."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("cohorts/", views.cohort_list, name="api-cohorts"),
    path("cohorts/<uuid:id>/", views.cohort_detail, name="api-cohort-detail"),
]
