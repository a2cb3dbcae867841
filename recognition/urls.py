"""The recognition namespace, under /credit/: the educator's and approvers' pages (urls_pages)
and the public certificate pages (urls_certificates)."""

from .urls_certificates import urlpatterns as certificate_urlpatterns
from .urls_pages import urlpatterns as page_urlpatterns

app_name = "recognition"
urlpatterns = [*certificate_urlpatterns, *page_urlpatterns]
