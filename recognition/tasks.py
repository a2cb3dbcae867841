"""Background work of recognition: the emails (the decision to the educator; a request waiting
for the body's approvers; a flag on credit they approved). Each sends at most once."""

from collections.abc import Callable

from celery import Task, shared_task

from badges import conf as badge_conf
from common.tasks import keep_until_done

from . import services


def _send_with_retries(task: Task, send: Callable[..., bool], request_id: int) -> None:
    """Send one email; any failure (SMTP errors come in many types) is retried with backoff."""
    try:
        send(request_id=request_id)
    except Exception as error:
        raise task.retry(
            exc=error, countdown=badge_conf.issue_retry_delay(task.request.retries), max_retries=6
        ) from error


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_request_send_email")
def credit_request_send_email_task(self: Task, request_id: int) -> None:
    """Email the educator the decision on a credit request (at most once)."""
    _send_with_retries(self, services.credit_request_send_email, request_id)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_request_email_approvers")
def credit_request_email_approvers_task(self: Task, request_id: int) -> None:
    """Tell the body's approvers that a request waits for them (at most once)."""
    _send_with_retries(self, services.credit_request_email_approvers, request_id)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_flag_email_approvers")
def credit_flag_email_approvers_task(self: Task, request_id: int) -> None:
    """Tell who approved a credit that a badge it stands on was revoked (at most once)."""
    _send_with_retries(self, services.credit_flag_email_approvers, request_id)
