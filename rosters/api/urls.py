"""/api/v1/organizations/<id>/roster-imports/: upload, preview, confirm, discard."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "organizations/<uuid:public_id>/roster-imports/",
        views.roster_import_create,
        name="api-roster-imports",
    ),
    path(
        "organizations/<uuid:public_id>/roster-imports/<uuid:import_id>/",
        views.roster_import_detail,
        name="api-roster-import",
    ),
    path(
        "organizations/<uuid:public_id>/roster-imports/<uuid:import_id>/rows/",
        views.roster_import_rows,
        name="api-roster-import-rows",
    ),
    path(
        "organizations/<uuid:public_id>/roster-imports/<uuid:import_id>/confirm/",
        views.roster_import_confirm,
        name="api-roster-import-confirm",
    ),
    path(
        "organizations/<uuid:public_id>/roster-imports/<uuid:import_id>/discard/",
        views.roster_import_discard,
        name="api-roster-import-discard",
    ),
]
