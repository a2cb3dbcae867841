"""The community's emails: an invitation to a cohort, and a facilitator's announcement to the
members. Each goes out at most once (common/mail.py), stamped on the row it is about."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from badges import conf as badge_conf
from common.mail import send_once

from .models import CohortMembership, Thread


def _absolute(name: str, **kwargs: object) -> str:
    return badge_conf.absolute(reverse(name, kwargs=kwargs or None))


def invitation_send_email(*, membership_id: int) -> bool:
    """Email the invited person (at most once per invitation; nothing once it was answered).
    Returns whether an email went out."""
    membership = CohortMembership.objects.select_related(
        "cohort", "cohort__organization", "user", "invited_by"
    ).get(pk=membership_id)
    if membership.status != CohortMembership.Status.INVITED:
        return False

    def prepare() -> EmailMessage:
        context = {
            "membership": membership,
            "cohort": membership.cohort,
            "invitations_url": _absolute("community:invitations"),
        }
        return EmailMessage(
            subject=render_to_string("emails/cohort_invitation_subject.txt", context).strip(),
            body=render_to_string("emails/cohort_invitation.txt", context),
            to=[membership.user.email],
        )

    row = CohortMembership.objects.filter(pk=membership_id)
    return send_once(row, "invitation_email_sent_at", prepare)


def announcement_send_email(*, thread_id: int) -> bool:
    """Email an announcement to the cohort's active people but its author (at most once).
    Returns whether an email went out."""
    thread = Thread.objects.select_related("cohort", "author").get(pk=thread_id)
    recipients = sorted(
        CohortMembership.objects.filter(cohort=thread.cohort, status=CohortMembership.Status.ACTIVE)
        .exclude(user=thread.author)
        .values_list("user__email", flat=True)
    )
    if not thread.is_announcement or not recipients:
        return False
    first_post = thread.posts.order_by("created_at", "pk").first()

    def prepare() -> EmailMessage:
        context = {
            "thread": thread,
            "cohort": thread.cohort,
            "body": first_post.body if first_post else "",
            "cohort_url": _absolute("community:cohort", cohort=thread.cohort.public_id),
        }
        return EmailMessage(
            subject=render_to_string("emails/cohort_announcement_subject.txt", context).strip(),
            body=render_to_string("emails/cohort_announcement.txt", context),
            bcc=recipients,
        )

    return send_once(Thread.objects.filter(pk=thread_id), "announcement_email_sent_at", prepare)
