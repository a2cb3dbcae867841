from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.token_create, name="api-token"),
    path("auth/tokens/", views.api_tokens, name="api-tokens"),
    path("auth/tokens/<uuid:public_id>/", views.api_token_delete, name="api-token-revoke"),
]
