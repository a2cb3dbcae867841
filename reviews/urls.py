from django.urls import URLPattern, path

from . import views

app_name = "reviews"
urlpatterns: list[URLPattern] = [
    path("", views.queue, name="queue"),
    path("claim/<uuid:submission_id>/", views.claim, name="claim"),
    path("preferences/", views.preferences, name="preferences"),
    path("quality/", views.quality_page, name="quality"),
    path("<uuid:review_id>/", views.review_page, name="review"),
    path("<uuid:review_id>/autosave/", views.autosave, name="autosave"),
    path("<uuid:review_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:review_id>/complete/", views.complete, name="complete"),
    path("<uuid:review_id>/release/", views.release, name="release"),
    path("<uuid:review_id>/comments/", views.comment_add, name="comment_add"),
    path(
        "<uuid:review_id>/comments/<uuid:comment_id>/delete/",
        views.comment_delete,
        name="comment_delete",
    ),
]
