"""Reads of recognition: who a body serves, which rules cover what, the approvers' queue and an
educator's credit and progress toward their bodies' goals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from badges.models import Badge
from badges.selectors import valid_badges
from credentials.models import MicroCredential, MicroCredentialVersion, Stack, StackItem
from organizations.models import Membership

from .models import (
    BodyMembership,
    BodyRole,
    CreditClaim,
    CreditRequest,
    EducatorCycle,
    Goal,
    Recognition,
    RecognitionBody,
)
from .rule_targets import may_count

# --------------------------------------------------------------------------- bodies


def _serves_q(user: User, prefix: str = "") -> Q:
    """Bodies (or rules, with prefix "body__") that serve `user`: open to anyone, or whose
    `applies_to` is one of the user's organizations or above it (a state's rules reach every
    district and school under it)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}applies_to__isnull": True})
    member_below = Membership.objects.filter(
        user=user,
        is_active=True,
        organization__path__startswith=OuterRef(f"{prefix}applies_to__path"),
    )
    return Q(**{f"{prefix}applies_to__isnull": True}) | Q(Exists(member_below))


def own_bodies_q(user: User, prefix: str = "") -> Q:
    """The bodies that are the educator's own: those of their state, district or school."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    member_below = Membership.objects.filter(
        user=user,
        is_active=True,
        organization__path__startswith=OuterRef(f"{prefix}applies_to__path"),
    )
    return Q(Exists(member_below))


def body_serves(body: RecognitionBody, user: User) -> bool:
    return RecognitionBody.objects.filter(_serves_q(user), pk=body.pk).exists()


def bodies_serving(user: User) -> QuerySet[RecognitionBody]:
    """Active bodies an educator may claim credit from, their own first."""
    return (
        RecognitionBody.objects.filter(_serves_q(user), is_active=True)
        .annotate(own=Exists(RecognitionBody.objects.filter(own_bodies_q(user), pk=OuterRef("pk"))))
        .select_related("applies_to")
        .order_by("-own", "name")
    )


def active_bodies() -> QuerySet[RecognitionBody]:
    return RecognitionBody.objects.filter(is_active=True).select_related("applies_to")


def body_by_public_id(public_id: UUID | str) -> RecognitionBody | None:
    return RecognitionBody.objects.filter(public_id=public_id).first()


def body_role(user: User, body: RecognitionBody, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return BodyMembership.objects.filter(user=user, body=body, role=role).exists()


def approver_emails(body: RecognitionBody) -> list[str]:
    """Where the body's approvers are told of requests waiting for them."""
    return list(
        BodyMembership.objects.filter(body=body, role=BodyRole.APPROVER, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def bodies_with_role(user: User, role: str) -> QuerySet[RecognitionBody]:
    if not user.is_authenticated:
        return RecognitionBody.objects.none()
    return RecognitionBody.objects.filter(memberships__user=user, memberships__role=role)


# --------------------------------------------------------------------------- rules


def current_rules(today: date | None = None) -> QuerySet[Recognition]:
    """Rules in force today, of active bodies, with what they cover."""
    today = today or timezone.localdate()
    return (
        Recognition.objects.filter(is_active=True, body__is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("body", "body__applies_to", "micro_credential", "stack", "focus_area")
    )


def _with_targets(rules: QuerySet[Recognition]) -> QuerySet[Recognition]:
    return rules.select_related(
        "body", "micro_credential__published_version", "stack", "focus_area"
    )


def bodies_with_current_rules(today: date | None = None) -> QuerySet[RecognitionBody]:
    """Active bodies, each with its rules in force today (`current` attribute): two queries."""
    return active_bodies().prefetch_related(
        Prefetch(
            "rules",
            queryset=_with_targets(current_rules(today)).order_by("outcome", "id"),
            to_attr="current",
        )
    )


def body_rules(body: RecognitionBody, *, withdrawn_too: bool) -> QuerySet[Recognition]:
    """A body's rules: those in force today for anyone, every one (withdrawn, past, future)
    for its managers."""
    rules = Recognition.objects.filter(body=body) if withdrawn_too else current_rules()
    return _with_targets(rules.filter(body=body)).order_by("outcome", "id")


def recognition_by_public_id(public_id: UUID | str) -> Recognition | None:
    return Recognition.objects.select_related("body").filter(public_id=public_id).first()


def _ordered(rules: QuerySet[Recognition], user: User | None) -> list[Recognition]:
    """The viewer's own bodies first, then by body and outcome."""
    if user is not None and user.is_authenticated:
        rules = rules.annotate(
            own=Exists(RecognitionBody.objects.filter(own_bodies_q(user), pk=OuterRef("body_id")))
        ).order_by("-own", "body__name", "outcome", "id")
    else:
        rules = rules.order_by("body__name", "outcome", "id")
    return list(rules)


def recognitions_for_credentials(
    credentials: Iterable[MicroCredential], user: User | None = None
) -> dict[int, list[Recognition]]:
    """What each (published) micro-credential counts for: rules naming it (for its published
    version's number) or its focus area; the viewer's own bodies first. One query."""
    by_pk = {credential.pk: credential for credential in credentials}
    if not by_pk:
        return {}
    versions = {
        pk: credential.published_version
        for pk, credential in by_pk.items()
        if credential.published_version is not None
    }
    focus_areas = {version.focus_area_id for version in versions.values()}
    if not may_count(credential_ids=set(versions), focus_area_ids=focus_areas):
        return {}
    rules = _ordered(
        current_rules().filter(
            Q(micro_credential_id__in=list(by_pk)) | Q(focus_area_id__in=list(focus_areas))
        ),
        user,
    )
    found: dict[int, list[Recognition]] = defaultdict(list)
    for pk, version in versions.items():
        for rule in rules:
            if rule.scope == Recognition.Scope.FOCUS_AREA:
                covered = rule.focus_area_id == version.focus_area_id
            else:
                covered = rule.micro_credential_id == pk and _in_range(rule, version.number)
            if covered:
                found[pk].append(rule)
    return dict(found)


def recognitions_for_versions(
    versions: Iterable[MicroCredentialVersion], user: User | None = None
) -> dict[int, list[Recognition]]:
    """What each micro-credential counts for, read from the version shown of it (the catalog
    lists published versions): keyed by the micro-credential's pk; the viewer's own bodies
    first. One query, whatever the number of versions."""
    versions = list(versions)
    if not versions:
        return {}
    credential_ids = {version.credential_id for version in versions}
    focus_areas = {version.focus_area_id for version in versions}
    if not may_count(credential_ids=credential_ids, focus_area_ids=focus_areas):
        return {version.credential_id: [] for version in versions}
    rules = _ordered(
        current_rules().filter(
            Q(micro_credential_id__in=credential_ids) | Q(focus_area_id__in=focus_areas)
        ),
        user,
    )
    found: dict[int, list[Recognition]] = {}
    for version in versions:
        found[version.credential_id] = [
            rule
            for rule in rules
            if (
                rule.focus_area_id == version.focus_area_id
                if rule.scope == Recognition.Scope.FOCUS_AREA
                else rule.micro_credential_id == version.credential_id
                and _in_range(rule, version.number)
            )
        ]
    return found


def recognitions_for_stack(stack: Stack, user: User | None = None) -> list[Recognition]:
    """What completing `stack` counts for (an endorsement, college credit)."""
    if not may_count(stack_ids={stack.pk}):
        return []
    return _ordered(current_rules().filter(stack=stack), user)


def recognitions_for_badge(badge: Badge, user: User | None = None) -> list[Recognition]:
    """The current rules a badge counts under (for My badges and its public page)."""
    if badge.kind == Badge.Kind.STACK:
        return recognitions_for_stack(badge.stack, user) if badge.stack else []
    version = badge.version
    if version is None:
        return []
    rules = current_rules().filter(
        Q(micro_credential_id=badge.credential_id) | Q(focus_area_id=version.focus_area_id)
    )
    return [rule for rule in _ordered(rules, user) if rule_covers_badge(rule, badge)]


def recognitions_for_badges(badges: list[Badge], user: User | None = None) -> dict[int, list]:
    """recognitions_for_badge for a page of badges, in two queries."""
    credential_ids = {b.credential_id for b in badges if b.credential_id}
    focus_ids = {b.version.focus_area_id for b in badges if b.version is not None}
    stack_ids = {b.stack_id for b in badges if b.stack_id}
    rules = _ordered(
        current_rules().filter(
            Q(micro_credential_id__in=credential_ids)
            | Q(focus_area_id__in=focus_ids)
            | Q(stack_id__in=stack_ids)
        ),
        user,
    )
    return {
        badge.pk: [rule for rule in rules if rule_covers_badge(rule, badge)] for badge in badges
    }


def _in_range(rule: Recognition, number: int) -> bool:
    if rule.min_version is not None and number < rule.min_version:
        return False
    return rule.max_version is None or number <= rule.max_version


def rule_covers_badge(rule: Recognition, badge: Badge) -> bool:
    """Whether `badge` is what `rule` recognizes (its micro-credential and version range, its
    focus area, or its stack). Read the badge with its version."""
    if rule.scope == Recognition.Scope.STACK:
        return badge.kind == Badge.Kind.STACK and badge.stack_id == rule.stack_id
    if badge.kind != Badge.Kind.MICRO_CREDENTIAL or badge.version is None:
        return False
    if rule.scope == Recognition.Scope.FOCUS_AREA:
        return badge.version.focus_area_id == rule.focus_area_id
    return badge.credential_id == rule.micro_credential_id and _in_range(rule, badge.version.number)


def credential_ids_counting_for(user: User, outcome: str) -> set[int]:
    """Published micro-credentials that count for `outcome` under a body serving `user` (the
    catalog's "counts for my license renewal")."""
    rules = current_rules().filter(_serves_q(user, "body__"), outcome=outcome)
    named = set(
        rules.filter(scope="micro_credential").values_list("micro_credential_id", flat=True)
    )
    areas = rules.filter(scope="focus_area").values_list("focus_area_id", flat=True)
    in_areas = MicroCredential.objects.filter(
        status=MicroCredential.Status.PUBLISHED, published_version__focus_area_id__in=areas
    ).values_list("pk", flat=True)
    in_stacks = StackItem.objects.filter(
        stack_id__in=rules.filter(scope="stack").values("stack_id")
    ).values_list("credential_id", flat=True)
    return named | set(in_areas) | set(in_stacks)


# --------------------------------------------------------------------------- claims


def badges_for_claim(badge_ids: list[int]) -> list[Badge]:
    """Badges as the request checks read them (version, stack, issuer), in the given order."""
    found = Badge.objects.filter(pk__in=badge_ids).select_related(
        "version", "stack", "issuer", "credential"
    )
    by_pk = {badge.pk: badge for badge in found}
    return [by_pk[pk] for pk in badge_ids if pk in by_pk]


def badges_by_public_id(public_ids: Iterable[UUID | str]) -> dict[str, Badge]:
    """Badges by their public id (as a string), for a request for credit to name them."""
    found = Badge.objects.filter(public_id__in=list(public_ids))
    return {str(badge.public_id): badge for badge in found}


def badge_credited(badge: Badge, body: RecognitionBody) -> bool:
    """Whether a pending or approved request of `body` already stands on `badge`."""
    return CreditClaim.objects.filter(badge=badge, body=body, is_active=True).exists()


def cycle_for(educator: User, body: RecognitionBody, years: int, today: date) -> tuple[date, date]:
    """The educator's current cycle under `body`: `years` ending on their renewal date (the
    next one from today), or, without one, the `years` ending on the next December 31."""
    renewal = (
        EducatorCycle.objects.filter(educator=educator, body=body)
        .values_list("renewal_date", flat=True)
        .first()
    )
    return _cycle(renewal, years, today)


def _cycle(renewal: date | None, years: int, today: date) -> tuple[date, date]:
    end = renewal or date(today.year, 12, 31)
    while end < today:  # a renewal date passed: the next cycle runs to the next one
        end = _add_years(end, years)
    return _add_years(end, -years), end


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)


def claims_in_limit_period(educator: User, rule: Recognition, today: date) -> int:
    """Pending and approved requests under `rule` that count against its limit now."""
    requests = CreditRequest.objects.filter(
        educator=educator, recognition=rule, status__in=CreditRequest.ACTIVE
    )
    if rule.limit_period == Recognition.LimitPeriod.YEAR:
        requests = requests.filter(created_at__year=today.year)
    elif rule.limit_period == Recognition.LimitPeriod.CYCLE:
        years = _cycle_years(rule.body)
        start, end = cycle_for(educator, rule.body, years, today)
        requests = requests.filter(earned_on__gt=start, earned_on__lte=end)
    return requests.count()


def _cycle_years(body: RecognitionBody) -> int:
    goal = body.goals.filter(kind=Goal.Kind.AMOUNT_IN_CYCLE).order_by("pk").first()
    return goal.cycle_years if goal and goal.cycle_years else 5


# --------------------------------------------------------------------------- requests


def credit_requests_with_details() -> QuerySet[CreditRequest]:
    return CreditRequest.objects.select_related(
        "educator", "body", "recognition", "decided_by"
    ).prefetch_related("claims__badge")


def credit_requests_of(educator: User) -> QuerySet[CreditRequest]:
    return credit_requests_with_details().filter(educator=educator)


def approver_queue(approver: User) -> QuerySet[CreditRequest]:
    """Requests to bodies the approver decides for, never their own (an approver who is also
    an educator sees their own requests on My credit, and another approver decides them)."""
    bodies = bodies_with_role(approver, BodyRole.APPROVER)
    return credit_requests_with_details().filter(body__in=bodies).exclude(educator=approver)


def pending_queue(approver: User) -> QuerySet[CreditRequest]:
    return (
        approver_queue(approver)
        .filter(status=CreditRequest.Status.PENDING)
        .order_by("created_at", "id")
    )


def request_visible_to(user: User, public_id: UUID | str) -> CreditRequest | None:
    """One request, for its educator or an approver of its body (None for anyone else)."""
    if not user.is_authenticated:
        return None
    mine = Q(educator=user)
    approving = Q(body__memberships__user=user, body__memberships__role=BodyRole.APPROVER)
    return (
        credit_requests_with_details()
        .filter(mine | approving, public_id=public_id)
        .distinct()
        .first()
    )


def request_for_approver(user: User, public_id: UUID | str) -> CreditRequest | None:
    """A request the approver may decide: of a body they approve for, and never their own."""
    return approver_queue(user).filter(public_id=public_id).first()


def request_by_certificate(public_id: UUID | str) -> CreditRequest | None:
    """An approved request by its public id (the certificate's verification URL)."""
    return (
        credit_requests_with_details()
        .filter(public_id=public_id, status=CreditRequest.Status.APPROVED)
        .first()
    )


# --------------------------------------------------------------------------- progress


@dataclass
class GoalProgress:
    goal: Goal
    done: Decimal
    target: Decimal
    unit: str
    cycle_start: date | None = None
    cycle_end: date | None = None
    has_renewal_date: bool = False

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, int(self.done * 100 / self.target))

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.target - self.done)


@dataclass
class BodyCredit:
    body: RecognitionBody
    granted: list[CreditRequest] = field(default_factory=list)
    pending: list[CreditRequest] = field(default_factory=list)
    denied: list[CreditRequest] = field(default_factory=list)
    goals: list[GoalProgress] = field(default_factory=list)
    is_own: bool = False

    def totals(self) -> list[tuple[str, Decimal]]:
        """Granted credit summed per unit ("120 hours", "1 salary credit")."""
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for request in self.granted:
            sums[request.unit] += request.amount
        return sorted(sums.items())


def credit_summary(educator: User, today: date | None = None) -> list[BodyCredit]:
    """Per body serving the educator (or holding a request of theirs): granted, pending and
    denied credit, and progress toward each of the body's goals. Own bodies first."""
    today = today or timezone.localdate()
    requests = list(credit_requests_of(educator).order_by("-created_at"))
    bodies = {
        body.pk: body for body in bodies_serving(educator).prefetch_related("goals__stack__items")
    }
    for request in requests:
        bodies.setdefault(request.body_id, request.body)
    summary = {
        pk: BodyCredit(body, is_own=bool(getattr(body, "own", False)))
        for pk, body in bodies.items()
    }
    for request in requests:
        bucket = summary[request.body_id]
        if request.status == CreditRequest.Status.APPROVED:
            bucket.granted.append(request)
        elif request.status == CreditRequest.Status.PENDING:
            bucket.pending.append(request)
        elif request.status == CreditRequest.Status.DENIED:
            bucket.denied.append(request)
    earned = set(
        valid_badges()
        .filter(educator=educator, kind=Badge.Kind.MICRO_CREDENTIAL)
        .values_list("credential_id", flat=True)
    )
    renewals = renewal_dates(educator)
    for bucket in summary.values():
        bucket.goals = [
            _progress(goal, bucket, earned, renewals, today) for goal in bucket.body.goals.all()
        ]
    return sorted(summary.values(), key=lambda b: (not b.is_own, b.body.name))


def _progress(
    goal: Goal, bucket: BodyCredit, earned: set[int], renewals: dict[int, date], today: date
) -> GoalProgress:
    if goal.kind == Goal.Kind.STACK and goal.stack is not None:
        needed = [item.credential_id for item in goal.stack.items.all()]
        held = sum(1 for pk in needed if pk in earned)
        return GoalProgress(goal, Decimal(held), Decimal(len(needed)), "micro-credentials")
    years = goal.cycle_years or 5
    start, end = _cycle(renewals.get(goal.body_id), years, today)
    granted = sum(
        (
            request.amount
            for request in bucket.granted
            if request.outcome == goal.outcome and start < request.earned_on <= end
        ),
        Decimal(0),
    )
    unit = next((r.unit for r in bucket.granted if r.outcome == goal.outcome), "hours")
    has_date = goal.body_id in renewals
    return GoalProgress(
        goal, granted, goal.amount or Decimal(0), unit, start, end, has_renewal_date=has_date
    )


def credit_totals_by_educator(
    educator_ids: Iterable[int],
) -> dict[int, list[tuple[str, str, Decimal]]]:
    """Approved credit per educator: (body name, unit, amount) rows, for dashboards and exports."""
    rows = (
        CreditRequest.objects.filter(
            educator_id__in=list(educator_ids), status=CreditRequest.Status.APPROVED
        )
        .values_list("educator_id", "body__name", "unit", "amount")
        .order_by("educator_id", "body__name", "unit")
    )
    sums: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for educator_id, body_name, unit, amount in rows:
        sums[educator_id][(body_name, unit)] += amount
    return {
        pk: [(body, unit, amount) for (body, unit), amount in by.items()] for pk, by in sums.items()
    }


# --------------------------------------------------------------------------- pages


def renewal_dates(educator: User) -> dict[int, date]:
    """The educator's renewal date per body id (those they set)."""
    return dict(
        EducatorCycle.objects.filter(educator=educator).values_list("body_id", "renewal_date")
    )


def own_badge(educator: User, public_id: UUID | str) -> Badge | None:
    """One of the educator's badges, read as the request checks read it (None: not theirs)."""
    if not educator.is_authenticated:
        return None
    return (
        Badge.objects.filter(educator=educator, public_id=public_id)
        .select_related("version", "stack", "issuer", "credential")
        .first()
    )


@dataclass
class ClaimOption:
    """A rule the educator may claim a badge under, as the claim page shows it."""

    rule: Recognition
    credited: bool  # the badge already stands on a pending or approved request of the body
    others: list[Badge] = field(default_factory=list)  # other badges a multi-badge rule may take

    @property
    def others_needed(self) -> int:
        return self.rule.badges_per_claim - 1


def claim_options(educator: User, badge: Badge) -> list[ClaimOption]:
    """What `badge` may be claimed for: rules covering it under bodies serving the educator
    (their own first), whether it is already credited there, and for rules that take several
    badges, the educator's other valid badges the rule also covers."""
    serving = set(bodies_serving(educator).values_list("pk", flat=True))
    rules = [rule for rule in recognitions_for_badge(badge, educator) if rule.body_id in serving]
    credited = set(
        CreditClaim.objects.filter(badge=badge, is_active=True).values_list("body_id", flat=True)
    )
    options = [ClaimOption(rule, rule.body_id in credited) for rule in rules]
    if any(option.others_needed for option in options):
        others = list(
            valid_badges()
            .filter(educator=educator)
            .exclude(pk=badge.pk)
            .select_related("version", "stack")
            .prefetch_related("credit_claims")
            .order_by("-issued_at")
        )
        for option in options:
            if option.others_needed:
                option.others = [
                    other
                    for other in others
                    if rule_covers_badge(option.rule, other)
                    and not any(
                        claim.is_active and claim.body_id == option.rule.body_id
                        for claim in other.credit_claims.all()
                    )
                ]
    return options


def own_badges_by_public_ids(educator: User, public_ids: Iterable[UUID]) -> list[Badge]:
    return list(Badge.objects.filter(educator=educator, public_id__in=list(public_ids)))


def flagged_for_approver(approver: User) -> QuerySet[CreditRequest]:
    """Credit of the approver's bodies that a revoked badge put in doubt, newest first."""
    return (
        approver_queue(approver)
        .filter(flagged_at__isnull=False, status__in=CreditRequest.ACTIVE)
        .order_by("-flagged_at", "-id")
    )


def decided_for_approver(approver: User) -> QuerySet[CreditRequest]:
    """The decided requests of the approver's bodies, latest decision first."""
    return (
        approver_queue(approver)
        .filter(status__in=(CreditRequest.Status.APPROVED, CreditRequest.Status.DENIED))
        .order_by("-decided_at", "-id")
    )


def body_for_manager(user: User, slug: str) -> RecognitionBody | None:
    """A body by its slug, for one of its managers only (None for anyone else)."""
    if not user.is_authenticated:
        return None
    return (
        RecognitionBody.objects.filter(
            slug=slug, memberships__user=user, memberships__role=BodyRole.MANAGER
        )
        .select_related("applies_to", "organization")
        .first()
    )


def body_rules_for_manager(body: RecognitionBody) -> QuerySet[Recognition]:
    """Every rule of a body (in force first) for its managers' page."""
    return (
        Recognition.objects.filter(body=body)
        .select_related("micro_credential__published_version", "stack", "focus_area")
        .order_by("-is_active", "outcome", "id")
    )


def body_members(body: RecognitionBody) -> QuerySet[BodyMembership]:
    return BodyMembership.objects.filter(body=body).select_related("user").order_by("role", "id")
