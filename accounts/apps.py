from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from celery.signals import task_failure, task_success

        from common.tasks import task_done

        # A kept task message (common/tasks.py) is forgotten once its task has run.
        task_success.connect(task_done, weak=False, dispatch_uid="accounts.task_done.success")
        task_failure.connect(task_done, weak=False, dispatch_uid="accounts.task_done.failure")
