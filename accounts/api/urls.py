from django.urls import path

from . import views

urlpatterns = [path("auth/token/", views.token_create, name="api-token")]
