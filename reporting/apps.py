from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """District reporting: staff progress, the dashboard, exports, transcripts, assignments."""

    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from . import progress_cache, rollup, subscriptions

        progress_cache.connect_invalidation()
        rollup.connect()
        subscriptions.subscribe_all()
