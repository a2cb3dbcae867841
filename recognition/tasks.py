"""Background work of recognition: the emails (the decision to the educator; a request waiting
for the body's approvers; a flag on credit they approved). Each sends at most once."""

from celery import Task, shared_task

from common.tasks import email_send_or_retry, keep_until_done

from . import services


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_request_send_email")
def credit_request_send_email_task(self: Task, request_id: int) -> None:
    """Email the educator the decision on a credit request (at most once)."""
    email_send_or_retry(
        self,
        lambda: services.credit_request_send_email(request_id=request_id),
        about=f"credit request {request_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_request_email_approvers")
def credit_request_email_approvers_task(self: Task, request_id: int) -> None:
    """Tell the body's approvers that a request waits for them (at most once)."""
    email_send_or_retry(
        self,
        lambda: services.credit_request_email_approvers(request_id=request_id),
        about=f"credit request {request_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="recognition.tasks.credit_flag_email_approvers")
def credit_flag_email_approvers_task(self: Task, request_id: int) -> None:
    """Tell who approved a credit that a badge it stands on was revoked (at most once)."""
    email_send_or_retry(
        self,
        lambda: services.credit_flag_email_approvers(request_id=request_id),
        about=f"credit request {request_id}",
    )
