"""The credentials namespace: catalog pages (urls_catalog) and authoring pages (urls_authoring)."""

from .urls_authoring import urlpatterns as authoring_urlpatterns
from .urls_catalog import urlpatterns as catalog_urlpatterns

app_name = "credentials"
# Authoring first: the catalog's /catalog/<slug>/ must never swallow /catalog/authoring/.
urlpatterns = [*authoring_urlpatterns, *catalog_urlpatterns]
