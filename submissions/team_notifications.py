"""Team emails (ADR 0032): the invitation to the invitee; each answer (accepted, declined, left)
to the lead; a cancelled invitation to the invitee. Sent by a worker after commit, at most once
each (stamped on the membership)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from common.mail import send_once
from common.tasks import keep_until_done

from .models import TeamMembership

SUBJECTS = {
    "invited": "{lead} invited you to a team attempt: {title}",
    "accepted": "{member} joined your team: {title}",
    "declined": "{member} declined your team invitation: {title}",
    "left": "{member} left your team: {title}",
    "cancelled": "Your team invitation was cancelled: {title}",
}


@keep_until_done
@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
    name="submissions.tasks.team_email_send",
)
def team_email_send_task(membership_id: int, kind: str) -> None:
    """One team email; `kind`: "invited", "answered" (the membership's status says which
    answer) or "cancelled"."""
    membership = (
        TeamMembership.objects.select_related("user", "team__lead", "team__version")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        return
    stamp = "invitation_email_sent_at" if kind == "invited" else "answer_email_sent_at"
    row = TeamMembership.objects.filter(pk=membership_id)
    send_once(row, stamp, lambda: _message(membership, kind))


def _message(membership: TeamMembership, kind: str) -> EmailMessage:
    team = membership.team
    what = membership.status if kind == "answered" else kind
    to_lead = kind == "answered"
    recipient = team.lead if to_lead else membership.user
    path = reverse("submissions:mine") if to_lead else reverse("submissions:team_invitations")
    names = {
        "lead": team.lead.get_full_name() or team.lead.email,
        "member": membership.user.get_full_name() or membership.user.email,
        "title": team.version.title,
    }
    context = {
        **names,
        "what": what,
        "name": recipient.get_short_name(),
        "url": settings.SITE_URL + path,
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=SUBJECTS[what].format(**names),
        body=render_to_string("emails/team_notice.txt", context),
        to=[recipient.email],
    )
