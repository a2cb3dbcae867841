"""Reads about badges, with their relations loaded for the pages and documents that use them."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from credentials.models import (
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    Stack,
    StackItem,
)
from organizations.models import Organization, Role
from organizations.selectors import organizations_with_role

from . import conf
from .models import Badge, IssuerKey, StatusList

_BADGE_RELATED = (
    "educator",
    "issuer",
    "credential",
    "version__credential__issuer",
    "version__focus_area",
    "version__competency",
    "stack__issuer",
    "status_list__issuer",
)


def badges_with_documents() -> QuerySet[Badge]:
    """Badges with everything their documents and pages read, in a fixed number of queries."""
    return Badge.objects.select_related(*_BADGE_RELATED).prefetch_related(
        Prefetch("version__criteria", queryset=RubricCriterion.objects.order_by("position", "id")),
        Prefetch(
            "stack__items",
            queryset=StackItem.objects.select_related("credential__published_version"),
        ),
    )


def badge_by_public_id(public_id: UUID | str) -> Badge | None:
    return badges_with_documents().filter(public_id=public_id).first()


def badges_for_educator(user: User) -> QuerySet[Badge]:
    """The educator's own badges, newest first; `renewed`: a later badge renewed this one;
    `superseded`: a later badge exists, revoked or not (this one is no longer the one to renew).
    Later: of the same micro-credential, or of the same stack (NULL matches neither)."""
    later = Badge.objects.filter(
        Q(credential_id=OuterRef("credential_id")) | Q(stack_id=OuterRef("stack_id")),
        kind=OuterRef("kind"),
        educator_id=OuterRef("educator_id"),
        issued_at__gt=OuterRef("issued_at"),
    )
    return (
        Badge.objects.filter(educator=user)
        .annotate(renewed=Exists(later.filter(revoked_at=None)), superseded=Exists(later))
        .select_related("issuer", "credential", "version__competency", "stack")
        .order_by("-issued_at", "-id")
    )


def public_badges_of(user: User) -> QuerySet[Badge]:
    """What a public profile lists: the educator's badges whose page is public and that stand
    today (not revoked, not expired, not followed by a renewal), newest first."""
    renewal = Badge.objects.filter(
        Q(credential_id=OuterRef("credential_id")) | Q(stack_id=OuterRef("stack_id")),
        kind=OuterRef("kind"),
        educator_id=OuterRef("educator_id"),
        issued_at__gt=OuterRef("issued_at"),
        revoked_at=None,
    )
    return (
        Badge.objects.filter(educator=user, is_public=True, revoked_at=None)
        .filter(Q(expires_at=None) | Q(expires_at__gt=timezone.now()))
        .exclude(Exists(renewal))
        .select_related("issuer")
        .order_by("-issued_at", "-id")
    )


def badge_for_submission(submission_id: int) -> Badge | None:
    """The badge a passed submission earned, once it is issued (the page links it)."""
    return Badge.objects.filter(submission_id=submission_id).first()


@dataclass(frozen=True)
class Renewal:
    """An expiring badge's renewal: it opens `conf.renewal_window()` before the expiry and
    stays open after it (an expired badge can be earned again)."""

    badge: Badge
    opens_at: datetime

    @property
    def expires_at(self) -> datetime:
        assert self.badge.expires_at is not None  # renewal_for admits expiring badges only
        return self.badge.expires_at

    @property
    def is_open(self) -> bool:
        return timezone.now() >= self.opens_at

    @property
    def is_expired(self) -> bool:
        return self.badge.is_expired()


def renewal_for(badge: Badge | None) -> Renewal | None:
    """The renewal of a micro-credential badge that expires and is not revoked; else None
    (a badge that never expires needs none, a revoked one is the issuer's to reconsider)."""
    if badge is None or badge.kind != Badge.Kind.MICRO_CREDENTIAL:
        return None  # a stack badge is not renewed (ADR 0018): it follows its parts
    if badge.expires_at is None or badge.is_revoked:
        return None
    return Renewal(badge=badge, opens_at=badge.expires_at - conf.renewal_window())


def valid_badges(now: datetime | None = None) -> QuerySet[Badge]:
    """Badges neither revoked nor expired."""
    moment = now or timezone.now()
    return Badge.objects.filter(revoked_at=None).filter(
        Q(expires_at=None) | Q(expires_at__gt=moment)
    )


def user_is_issuer_staff(user: User, issuer: Organization) -> bool:
    return any(org.pk == issuer.pk for org in organizations_with_role(user, Role.ISSUER_STAFF))


def issuer_by_public_id(public_id: UUID) -> Organization | None:
    return Organization.objects.filter(public_id=public_id, kind=Organization.Kind.ISSUER).first()


def issuer_keys(issuer: Organization) -> list[IssuerKey]:
    return list(IssuerKey.objects.filter(issuer=issuer).select_related("issuer"))


def version_for_badgeclass(public_id: UUID) -> MicroCredentialVersion | None:
    """A version whose BadgeClass is public: published now or before (never a draft)."""
    return (
        MicroCredentialVersion.objects.filter(public_id=public_id)
        .exclude(status=MicroCredentialVersion.Status.DRAFT)
        .exclude(credential__status=MicroCredential.Status.DRAFT)
        .select_related("credential__issuer", "focus_area", "competency")
        .prefetch_related(
            Prefetch("criteria", queryset=RubricCriterion.objects.order_by("position", "id"))
        )
        .first()
    )


def stack_for_badgeclass(public_id: UUID) -> Stack | None:
    return (
        Stack.objects.filter(public_id=public_id)
        .exclude(status=Stack.Status.DRAFT)
        .select_related("issuer")
        .prefetch_related(
            Prefetch(
                "items", queryset=StackItem.objects.select_related("credential__published_version")
            )
        )
        .first()
    )


def status_list_by_public_id(public_id: UUID) -> StatusList | None:
    return StatusList.objects.filter(public_id=public_id).select_related("issuer").first()


def revoked_indexes(status_list: StatusList) -> list[int]:
    return [
        index
        for index in Badge.objects.filter(status_list=status_list)
        .exclude(revoked_at=None)
        .values_list("status_list_index", flat=True)
        if index is not None
    ]


def stacks_completed(educator: User) -> list[Stack]:
    """Published stacks every micro-credential of which the educator holds a valid badge for,
    except those whose latest stack badge never expires or was revoked (nothing to issue)."""
    earned = set(
        valid_badges()
        .filter(educator=educator, kind=Badge.Kind.MICRO_CREDENTIAL)
        .values_list("credential_id", flat=True)
    )
    if not earned:
        return []
    settled = _latest_stack_badges(educator).filter(Q(expires_at=None) | ~Q(revoked_at=None))
    candidates = (
        Stack.objects.filter(status=Stack.Status.PUBLISHED, items__credential_id__in=earned)
        .exclude(pk__in=settled.values("stack_id"))
        .select_related("issuer")
        .prefetch_related("items")
        .distinct()
    )
    completed = []
    for stack in candidates:
        needed = {item.credential_id for item in stack.items.all()}
        if needed and needed <= earned:
            completed.append(stack)
    return completed


def _latest_stack_badges(educator: User) -> QuerySet[Badge]:
    """The educator's latest stack badge of each stack (the highest stack_sequence)."""
    later = Badge.objects.filter(
        kind=Badge.Kind.STACK,
        educator_id=OuterRef("educator_id"),
        stack_id=OuterRef("stack_id"),
        stack_sequence__gt=OuterRef("stack_sequence"),
    )
    return Badge.objects.filter(kind=Badge.Kind.STACK, educator=educator).exclude(Exists(later))


def latest_stack_badge(educator: User, stack: Stack) -> Badge | None:
    return (
        Badge.objects.filter(kind=Badge.Kind.STACK, educator=educator, stack=stack)
        .order_by("-stack_sequence")
        .first()
    )


def constituent_badges(educator: User, stack: Stack) -> list[Badge]:
    credential_ids = [item.credential_id for item in stack.items.all()]
    return list(
        valid_badges().filter(
            educator=educator, kind=Badge.Kind.MICRO_CREDENTIAL, credential_id__in=credential_ids
        )
    )


def stack_badges_standing_on(badge: Badge) -> list[Badge]:
    """The earner's unrevoked stack badges whose stack includes `badge`'s micro-credential."""
    return list(
        Badge.objects.filter(
            kind=Badge.Kind.STACK,
            educator_id=badge.educator_id,
            revoked_at=None,
            stack__items__credential_id=badge.credential_id,
        ).distinct()
    )


def verification_urls_for_submissions(submission_ids: list[int]) -> dict[int, str]:
    """Submission pk -> the absolute URL of its badge's hosted OB 2.0 assertion (for
    transcripts: an HR office can verify each line without an account)."""
    from django.conf import settings
    from django.urls import reverse

    rows = Badge.objects.filter(submission_id__in=submission_ids).values_list(
        "submission_id", "public_id"
    )
    return {
        submission_id: settings.SITE_URL + reverse("badges:assertion", args=[public_id])
        for submission_id, public_id in rows
    }
