from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Learning together: cohorts and their facilitators, discussion, critical friends who read
    a draft before it is submitted. On the top floor beside rosters and reporting (ADR 0028)."""

    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # What submissions announce (a submitted draft ends its shares): subscriptions.py.
        from . import subscriptions

        subscriptions.subscribe_all()
