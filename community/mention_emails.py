"""Emails about mentions in a cohort's discussion, per the person's choice in that cohort:
`each` (one email per mention, sent at once), `digest` (one email a day of the mentions they
have not seen on the page yet), `none`. Each goes out at most once: a mention's email is
claimed by stamping `Mention.emailed_at`, a day's digest by a keyed `DiscussionEmail` row."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.mail import RecordClaim, send_claimed, send_once

from .models import CohortMembership, DiscussionEmail, Mention

Notify = CohortMembership.Notify


def thread_url(mention: Mention) -> str:
    thread = mention.post.thread
    path = reverse(
        "community:thread",
        kwargs={"cohort": thread.cohort.public_id, "thread": thread.public_id},
    )
    return f"{settings.SITE_URL}{path}#post-{mention.post.public_id}"


def _message(template: str, context: dict[str, Any], to: str) -> EmailMessage:
    full = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", full).strip()
    return EmailMessage(subject, render_to_string(f"emails/{template}.txt", full), to=[to])


def _still_wanted(notify: str) -> QuerySet[Mention]:
    """Mentions still worth an email: not emailed, not seen, the post and its thread shown,
    the person active in the cohort with `notify` as their choice there."""
    return Mention.objects.filter(
        emailed_at__isnull=True,
        seen_at__isnull=True,
        post__hidden_at__isnull=True,
        post__thread__hidden_at__isnull=True,
        person__is_active=True,
        person__cohort_memberships__cohort=F("post__thread__cohort"),
        person__cohort_memberships__status=CohortMembership.Status.ACTIVE,
        person__cohort_memberships__notify=notify,
    ).select_related("post__author", "post__thread__cohort", "person")


def mention_email_send(*, mention_id: int) -> bool:
    """The email for one mention, to a person who chose an email each time. Returns whether
    this call sent it (False: sent already, seen already, or no longer wanted)."""
    mention = _still_wanted(Notify.EACH).filter(pk=mention_id).first()
    if mention is None:
        return False

    def prepare() -> EmailMessage:
        context = {"mention": mention, "post": mention.post, "url": thread_url(mention)}
        return _message("community_mention", context, mention.person.email)

    return send_once(Mention.objects.filter(pk=mention.pk), "emailed_at", prepare)


def mention_digests_send(*, now: datetime | None = None) -> list[int]:
    """Periodic (daily): each person who chose the digest gets one email of their unseen
    mentions across their cohorts; those mentions are then marked emailed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_person: dict[int, list[Mention]] = {}
    for mention in _still_wanted(Notify.DIGEST).order_by("person_id", "created_at"):
        by_person.setdefault(mention.person_id, []).append(mention)
    sent = []
    for person_id, mentions in by_person.items():
        person: User = mentions[0].person
        items = [{"mention": m, "url": thread_url(m)} for m in mentions]

        def prepare(person: User = person, items: list[dict[str, Any]] = items) -> EmailMessage:
            context = {"person": person, "items": items, "count": len(items), "today": today}
            return _message("community_mention_digest", context, person.email)

        claim = RecordClaim(DiscussionEmail, {"key": f"mention-digest:{person_id}:{today}"})
        if send_claimed(claim, prepare):
            Mention.objects.filter(pk__in=[m.pk for m in mentions]).update(emailed_at=now)
            sent.append(person_id)
    return sent
