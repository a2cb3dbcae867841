from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges"

    def ready(self) -> None:
        # What submissions and reviews announce (a pass, a renewal asked for): subscriptions.py.
        from . import subscriptions

        subscriptions.subscribe_all()
