from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Organization API keys and webhooks. Imports no domain app above organizations: what
    happens elsewhere reaches it as domain events (subscriptions.py)."""

    name = "integrations"
    verbose_name = "Integrations"

    def ready(self) -> None:
        from . import subscriptions

        subscriptions.subscribe_all()
