from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import merge_views
from accounts import views as account_views
from common import health
from common import views as common_views
from community import discussion_urls as discussion_pages
from credentials import urls as credential_pages
from integrations import urls as integration_pages
from organizations import urls as organization_pages
from organizations.home import home
from recognition import urls_catalog as recognized_catalog
from reporting import urls as reporting_pages
from rosters import urls as roster_pages

# /organizations/ and its `organizations:` URL namespace hold the organizations app's pages
# and the admin pages of the apps built on it, whose paths and names predate their apps.
ORGANIZATION_PAGES = [
    *organization_pages.urlpatterns,
    *reporting_pages.urlpatterns,
    *roster_pages.urlpatterns,
    *integration_pages.urlpatterns,
]

# /catalog/ combines the catalog with what each micro-credential counts for, so recognition
# serves it (ADR 0022, option 1) under credentials' URL name; the rest is credentials' own.
CATALOG_PAGES = [
    *recognized_catalog.urlpatterns,
    *(pattern for pattern in credential_pages.urlpatterns if pattern.name != "catalog"),
]

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", common_views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("account/profile/", account_views.profile, name="profile"),
    path("account/api-tokens/", account_views.api_tokens, name="api_tokens"),
    # Platform staff only (everyone else: 404): one person's two accounts become one.
    path("account/merge/", merge_views.merge_accounts, name="account_merge"),
    path("account/merge/<uuid:public_id>/", merge_views.merge_detail, name="account_merge_detail"),
    path("account/merge/<uuid:public_id>/undo/", merge_views.merge_undo, name="account_merge_undo"),
    # The admin has no password form of its own: its login sends people to the site's sign-in.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("catalog/", include((CATALOG_PAGES, "credentials"))),
    path("submissions/", include("submissions.urls")),
    path("organizations/", include((ORGANIZATION_PAGES, "organizations"))),
    path("", include("badges.urls")),
    path("reviews/", include("reviews.urls")),
    path("credit/", include("recognition.urls")),
    # The learner record (/record/) and the OpenID4VCI endpoints (/.well-known/, /oid4vci/).
    path("", include("wallets.urls")),
    path("sso/", include("sso.urls")),
    # Cohort discussion; merge with community.urls' patterns into the one `community` namespace.
    path("cohorts/", include((discussion_pages.urlpatterns, "community"))),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a script file instead of an inline
    # <script>, so the page works under our `script-src 'self'` policy without an exception.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if not settings.USE_S3:
    # Local media only: public files (badge images). Private evidence is never served from a
    # static URL; its downloads go through a permission-checked view.
    urlpatterns += [
        re_path(
            r"^media/public/(?P<path>.*)$",
            serve,
            {"document_root": settings.STORAGES["public"]["OPTIONS"]["location"]},
        ),
    ]

# Under /api/ these answer JSON; elsewhere they render the site's pages (common.views).
handler400 = "common.api.errors.handler400"
handler403 = "common.api.errors.handler403"
handler404 = "common.api.errors.handler404"
handler500 = "common.api.errors.handler500"
