from django.urls import URLPattern, URLResolver, include, path

from . import submission_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    # The submission list and one submission show the review: served here (submission_views.py).
    path("submissions/", submission_views.submission_list, name="api-submissions"),
    path(
        "submissions/<uuid:public_id>/",
        submission_views.submission_detail,
        name="api-submission",
    ),
    path("review-queue/", views.review_queue, name="api-review-queue"),
    path("review-queue/claim/", views.review_queue_claim, name="api-review-queue-claim"),
    path("reviews/<uuid:public_id>/", views.review_detail, name="api-review"),
    path("reviews/<uuid:public_id>/complete/", views.review_complete, name="api-review-complete"),
    path("reviews/<uuid:public_id>/release/", views.review_release, name="api-review-release"),
    path("reviews/<uuid:public_id>/draft/", views.review_draft, name="api-review-draft"),
    path("reviews/<uuid:public_id>/comments/", views.review_comments, name="api-review-comments"),
    path(
        "reviews/<uuid:public_id>/comments/<uuid:comment_id>/",
        views.review_comment_delete,
        name="api-review-comment",
    ),
    path("", include("reviews.api.admin_urls")),
]
