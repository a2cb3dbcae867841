from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<slug:slug>/", views.start, name="start"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/submit/", views.submit, name="submit"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "<uuid:public_id>/responses/<uuid:requirement_id>/",
        views.save_response,
        name="save_response",
    ),
    path(
        "<uuid:public_id>/responses/<uuid:requirement_id>/history/",
        views.response_history,
        name="response_history",
    ),
]
