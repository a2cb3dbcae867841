from django.urls import URLPattern, URLResolver

from .artifact_urls import urlpatterns as artifact_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [*artifact_urlpatterns]
