from django.urls import path

from . import team_views, views

urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<slug:slug>/", views.start, name="start"),
    path("start/<slug:slug>/team/", team_views.start_team, name="start_team"),
    path("team-invitations/", team_views.invitations, name="team_invitations"),
    path(
        "team-invitations/<uuid:public_id>/answer/",
        team_views.answer,
        name="team_invitation_answer",
    ),
    path("team-memberships/<uuid:public_id>/leave/", team_views.leave, name="team_leave"),
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
