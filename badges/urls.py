"""Badge pages and public badge documents (included at the site root by config/urls.py).

Machine documents have no trailing slash: their URLs are ids baked into issued badges.
"""

from django.urls import URLPattern, path

from . import views, views_documents

app_name = "badges"
urlpatterns: list[URLPattern] = [
    # Pages
    path("badges/", views.mine, name="mine"),
    path("badges/<uuid:public_id>/", views.detail, name="detail"),
    path("badges/<uuid:public_id>/sharing/", views.sharing, name="sharing"),
    path("badges/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("badges/<uuid:public_id>/evidence/", views.evidence, name="evidence"),
    path("badges/<uuid:public_id>/badge.png", views_documents.image_png, name="image_png"),
    path("badges/<uuid:public_id>/badge.svg", views_documents.image_svg, name="image_svg"),
    path("verify/", views.verify, name="verify"),
    # An educator's opt-in public profile: their public, current badges.
    path("u/<uuid:public_id>/", views.public_profile, name="public_profile"),
    # Open Badges 2.0 (hosted verification)
    path("ob2/issuers/<uuid:public_id>", views_documents.issuer, name="issuer"),
    path("ob2/badgeclasses/<uuid:public_id>", views_documents.badgeclass, name="badgeclass"),
    path(
        "ob2/badgeclasses/<uuid:public_id>/image.png",
        views_documents.badgeclass_image,
        name="badgeclass_image",
    ),
    path("ob2/stacks/<uuid:public_id>", views_documents.stack_badgeclass, name="stack_badgeclass"),
    path("ob2/stacks/<uuid:public_id>/image.png", views_documents.stack_image, name="stack_image"),
    path("ob2/assertions/<uuid:public_id>", views_documents.assertion, name="assertion"),
    # Open Badges 3.0
    path("ob3/issuers/<uuid:public_id>", views_documents.ob3_issuer, name="ob3_issuer"),
    path("ob3/credentials/<uuid:public_id>", views_documents.ob3_credential, name="ob3_credential"),
    path(
        "ob3/achievements/<uuid:public_id>",
        views_documents.ob3_achievement,
        name="ob3_achievement",
    ),
    path(
        "ob3/stacks/<uuid:public_id>",
        views_documents.ob3_stack_achievement,
        name="ob3_stack_achievement",
    ),
    path("ob3/status/<uuid:public_id>", views_documents.status_list, name="status_list"),
]
