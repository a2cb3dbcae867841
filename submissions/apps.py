from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        # Registers the notification tasks with Celery (autodiscovery only reads tasks.py).
        from . import notifications, team_notifications  # noqa: F401
