from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True, name="accounts.tasks.clear_expired_sessions")
def sessions_clear_expired_task() -> None:
    """Periodic housekeeping: drop expired sessions."""
    call_command("clearsessions")
