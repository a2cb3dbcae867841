"""The submissions namespace: the educator's pages (urls_pages) and uploads (urls_artifacts)."""

from .urls_artifacts import urlpatterns as artifact_urlpatterns
from .urls_pages import urlpatterns as page_urlpatterns

app_name = "submissions"
urlpatterns = [*page_urlpatterns, *artifact_urlpatterns]
