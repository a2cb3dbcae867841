from django.apps import AppConfig


class SsoConfig(AppConfig):
    """District single sign-on: the providers a district admin configures (OpenID Connect and
    SAML 2.0, fed to django-allauth by sso.adapter), the email domains a district proves it
    owns, and joining a district through its own provider (ADR 0027)."""

    name = "sso"
    verbose_name = "Single sign-on"
