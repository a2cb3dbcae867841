"""The emails of critical friends: a draft shared with you; a friend commented on your draft.
Each goes out at most once (common/mail.py)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from badges import conf as badge_conf
from common.mail import send_once

from .models import PeerComment, PeerShare


def _absolute(name: str, *args: object) -> str:
    return badge_conf.absolute(reverse(name, args=args))


def peer_share_send_email(*, share_id: int) -> bool:
    """Tell the friend a draft waits for their reading (nothing once the share ended)."""

    def prepare() -> EmailMessage:
        share = PeerShare.objects.select_related("person", "shared_by", "submission__version").get(
            pk=share_id
        )
        context = {
            "share": share,
            "educator": share.shared_by,
            "title": share.submission.version.title,
            "draft_url": _absolute("friends:draft", share.submission.public_id),
        }
        return EmailMessage(
            subject=render_to_string("emails/peer_shared_subject.txt", context).strip(),
            body=render_to_string("emails/peer_shared.txt", context),
            to=[share.person.email],
        )

    return send_once(
        PeerShare.objects.filter(pk=share_id, ended_at__isnull=True), "email_sent_at", prepare
    )


def peer_comment_send_email(*, comment_id: int) -> bool:
    """Tell the educator a critical friend commented on their draft."""

    def prepare() -> EmailMessage:
        comment = PeerComment.objects.select_related(
            "author", "submission__educator", "submission__version", "requirement", "criterion"
        ).get(pk=comment_id)
        context = {
            "comment": comment,
            "educator": comment.submission.educator,
            "title": comment.submission.version.title,
            "workspace_url": _absolute("submissions:detail", comment.submission.public_id),
        }
        return EmailMessage(
            subject=render_to_string("emails/peer_commented_subject.txt", context).strip(),
            body=render_to_string("emails/peer_commented.txt", context),
            to=[comment.submission.educator.email],
        )

    return send_once(PeerComment.objects.filter(pk=comment_id), "email_sent_at", prepare)
