from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("review-queue/", views.review_queue, name="api-review-queue"),
    path("review-queue/claim/", views.review_queue_claim, name="api-review-queue-claim"),
    path("reviews/<uuid:public_id>/", views.review_detail, name="api-review"),
    path("reviews/<uuid:public_id>/complete/", views.review_complete, name="api-review-complete"),
    path("reviews/<uuid:public_id>/release/", views.review_release, name="api-review-release"),
]
