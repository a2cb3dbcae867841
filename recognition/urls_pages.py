"""Educators' credit and claims, approvers' queue and bodies' own pages (views.py,
views_bodies.py). The catalog page recognition serves is in urls_catalog.py."""

from django.urls import URLPattern, path

from . import views, views_bodies

urlpatterns: list[URLPattern] = [
    path("", views.my_credit, name="my_credit"),
    path("renewal-date/<uuid:body_id>/", views.renewal_date, name="renewal_date"),
    path("requests/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("claim/<uuid:badge_id>/", views.claim, name="claim"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<uuid:public_id>/", views.approval, name="approval"),
    path("approvals/<uuid:public_id>/approve/", views.approve, name="approve"),
    path("approvals/<uuid:public_id>/deny/", views.deny, name="deny"),
    path("bodies/<slug:slug>/", views_bodies.body, name="body"),
    path("bodies/<slug:slug>/rules/new/", views_bodies.rule_edit, name="rule_create"),
    path("bodies/<slug:slug>/rules/<uuid:rule_id>/", views_bodies.rule_edit, name="rule_edit"),
    path(
        "bodies/<slug:slug>/rules/<uuid:rule_id>/withdraw/",
        views_bodies.rule_withdraw,
        name="rule_withdraw",
    ),
    path("bodies/<slug:slug>/goals/new/", views_bodies.goal_edit, name="goal_create"),
    path("bodies/<slug:slug>/goals/<uuid:goal_id>/", views_bodies.goal_edit, name="goal_edit"),
    path("bodies/<slug:slug>/members/", views_bodies.member_add, name="member_add"),
    path(
        "bodies/<slug:slug>/members/<uuid:user_id>/<str:role>/remove/",
        views_bodies.member_remove,
        name="member_remove",
    ),
]
