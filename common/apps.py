from celery.signals import task_failure, task_success
from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The lowest floor: infrastructure every app may use, and that imports no app."""

    name = "common"
    verbose_name = "Common infrastructure"

    def ready(self) -> None:
        # common.tasks reads the models, so it loads once they are ready: Django's place for it.
        from common.tasks import task_done

        # A kept task message (common/tasks.py) is forgotten once its task has run.
        task_success.connect(task_done, weak=False, dispatch_uid="common.task_done.success")
        task_failure.connect(task_done, weak=False, dispatch_uid="common.task_done.failure")
