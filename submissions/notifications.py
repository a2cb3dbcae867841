"""Emails to the educator about their submission (sent by workers, after commit)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from common.mail import send_once
from common.tasks import keep_until_done

from .models import Submission


@keep_until_done
@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
    name="submissions.notifications.send_submission_received",
)
def submission_email_received_task(submission_id: int) -> None:
    """ "We received your submission": what happens next and where to follow it.

    At most once: the send is claimed on the submission first, and released if it fails."""
    submission = (
        Submission.objects.select_related("educator", "version").filter(pk=submission_id).first()
    )
    if submission is None or submission.status == Submission.Status.DRAFT:
        return
    row = Submission.objects.filter(pk=submission_id)
    send_once(row, "received_email_sent_at", lambda: _received(submission))


def _received(submission: Submission) -> EmailMessage:
    context = {
        "submission": submission,
        "name": submission.educator.get_short_name(),
        "title": submission.version.title,
        "url": settings.SITE_URL + reverse("submissions:detail", args=[submission.public_id]),
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=f"We received your submission: {submission.version.title}",
        body=render_to_string("emails/submission_received.txt", context),
        to=[submission.educator.email],
    )
