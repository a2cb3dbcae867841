"""The attack suite's world: one object of every kind a URL can name, who owns each, the URL
resolver walked into (name, route, methods) rows, and a snapshot that proves nothing changed."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.merging import account_merge
from accounts.models import User
from accounts.tokens import api_token_create
from badges import services as badge_services
from community import discussion, peer
from community import services as community_services
from community.models import PostAttachment
from credentials.models import Stack, StackItem
from credentials.services import credential_start_new_version
from organizations.models import Role
from organizations.services import membership_invitation_token, membership_invite
from recognition import services as recognition_services
from reporting.models import Assignment
from reporting.services import assignment_create
from reviews import services as review_services
from rosters.services import roster_import_preview
from sso.services import ProviderSettings, domain_add, provider_create
from submissions import services as submission_services
from submissions import teams
from submissions.models import TeamMembership
from tests.rosters.test_roster import user_line, users_csv
from tests.support.badges import pass_submission
from tests.support.cast import Cast, make_member
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.recognition import make_body, make_renewal_goal, make_rule
from tests.support.reviews import make_reviewer, set_policy
from tests.support.submissions import ready_artifact, submit
from tests.support.teams import team_credential

# Apps whose rows the attacks must never change.
OUR_APPS = {
    "accounts",
    "organizations",
    "credentials",
    "submissions",
    "reviews",
    "badges",
    "integrations",
    "rosters",
    "recognition",
    "wallets",
    "sso",
    "reporting",
    "community",
}


# --------------------------------------------------------------------------------------------
# The URL resolver as rows
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name ("" for an unnamed pattern)
    route: str  # the full pattern, for messages
    methods: frozenset[str]  # upper-case; {"ANY"} when the view does not restrict them
    csrf_exempt: bool
    has_args: bool

    @property
    def accepts_post(self) -> bool:
        return bool(self.methods & {"POST", "ANY"})


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield Route(
                name=f"{namespace}{pattern.name}" if pattern.name else "",
                route=route,
                methods=frozenset(view_methods(pattern.callback)),
                csrf_exempt=bool(getattr(pattern.callback, "csrf_exempt", False)),
                has_args=bool(pattern.pattern.regex.groups) or "<" in route,
            )


def view_methods(callback: Callable[..., Any]) -> set[str]:
    """The HTTP methods a view answers: a class-based view's handlers, or the list a
    require_http_methods decorator closed over; {"ANY"} when nothing restricts them."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    function: Any = callback
    while function is not None:
        for name, cell in zip(
            function.__code__.co_freevars, function.__closure__ or (), strict=False
        ):
            if name == "request_method_list":
                return {m.upper() for m in cell.cell_contents}
        function = getattr(function, "__wrapped__", None)
    return {"ANY"}


def page_routes() -> list[Route]:
    """Every server-rendered route: the JSON API and Django's own admin are not pages."""
    skip = ("api/", "admin/")
    return [r for r in _walk(get_resolver().url_patterns) if not r.route.startswith(skip)]


# --------------------------------------------------------------------------------------------
# Proof that nothing changed
# --------------------------------------------------------------------------------------------


# Signing in (and any request) touches these; they are bookkeeping, not the attack's target.
SIGN_IN_FIELDS = {"last_login", "last_activity_at"}


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of our apps (the world is small)."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and not model._meta.proxy:
            fields = [f.attname for f in model._meta.concrete_fields]
            kept = [name for name in fields if name not in SIGN_IN_FIELDS]
            tables[model._meta.label] = list(model.objects.order_by("pk").values(*kept))
    return tables


def assert_unchanged(before: dict[str, list[dict[str, Any]]], context: object) -> None:
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"{context}: rows changed in {changed}"


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------


@dataclass
class World:
    cast: Cast
    credential: Any  # the draft's (video in part 2)
    reviewed_credential: Any  # the submitted, claimed attempt's
    badge_credential: Any
    draft: Any
    draft_requirement: Any  # a text requirement of the draft
    draft_artifact: Any
    submitted: Any
    review: Any
    comment: Any
    review_artifact: Any
    badge: Any
    roster_import: Any
    assignment: Any
    credential_draft: Any  # an unpublished version of badge_credential
    criterion: Any
    stack: Any
    token: Any
    second_reviewer: User  # qualified, holds no claim
    other_author: User  # an author for another issuer
    invited: User
    invitation_args: tuple[str, str]
    membership_invitation_token: str  # other_educator invited to the district
    api_key: Any  # the district's integration key
    webhook: Any  # the district's webhook endpoint
    delivery: Any  # one delivery to it
    account_merge: Any  # platform staff folded one throwaway account into another
    sso_provider: Any  # the district's OpenID Connect sign-in provider
    sso_domain: Any  # an email domain the district claimed (not verified)
    credit_body: Any  # a state board serving the cast's state (recognition)
    credit_rule: Any  # its rule for badge_credential
    credit_goal: Any  # its renewal goal
    credit_request: Any  # the educator's pending request for the badge
    body_approver: User
    body_manager: User
    cohort: Any  # the district's: educator a member, colleague its facilitator
    cohort_invitation: Any  # other_educator invited to it, no answer yet
    critical_friend: User  # in a cohort with the educator; the draft is shared with them
    peer_share: Any  # that share (community)
    cohort_thread: Any  # the educator's thread in the cohort's discussion
    cohort_post: Any  # its first post
    cohort_attachment: Any  # an image on that post
    team_credential: Any  # takes team attempts (ADR 0032)
    team_invitation: Any  # the colleague's team, the educator invited (not answered)


def build_world(cast: Cast) -> World:
    """Every object a URL can name, made through the services (the `world` fixture)."""
    credential = published_credential(cast.issuer, "sec-drafted")
    reviewed = published_credential(cast.issuer, "sec-reviewed")
    badge_credential = published_credential(cast.issuer, "sec-badged", with_artifact=False)
    for each in (credential, reviewed):
        review_services.reviewer_designate(reviewer=cast.reviewer, credential=each, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    second_reviewer = make_reviewer(cast.issuer, reviewed, email="reviewer2@test.org")

    attempt = submission_services.submission_start(educator=cast.educator, credential=credential)
    requirements = {r.title: r for r in attempt.version.requirements.all()}
    submission_services.response_save(
        submission=attempt,
        requirement=requirements["Context"],
        text="Our lesson.",
        by=cast.educator,
    )
    draft_artifact = ready_artifact(attempt, requirements["Video"], filename="draft.mp4")

    submitted = submit(cast.educator, reviewed)
    review = review_services.review_claim(submission=submitted, reviewer=cast.reviewer)
    review_artifact = submitted.artifacts.get()
    comment = review_services.review_comment_add(
        review=review,
        requirement=review_artifact.requirement,
        text="Minute 2 shows it.",
        by=cast.reviewer,
    )

    badge = badge_services.badge_award(
        submission=pass_submission(cast.educator, badge_credential, cast.reviewer)
    )
    type(badge).objects.filter(pk=badge.pk).update(is_public=False)
    badge.refresh_from_db()

    roster_import = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=users_csv(user_line("t-9", "", "teacher", "Nia", "New", "nia@example.org")),
    )
    assignment = assignment_create(
        organization=cast.district,
        by=cast.district_admin,
        kind=Assignment.Kind.RECOMMENDED,
        educator=cast.educator,
        credential=credential,
    )
    credential_draft = credential_start_new_version(credential=badge_credential, by=cast.author)
    stack = Stack.objects.create(
        slug="sec-stack", title="Security stack", issuer=cast.issuer, status=Stack.Status.PUBLISHED
    )
    StackItem.objects.create(stack=stack, credential=badge_credential, position=0)
    token, _plain = api_token_create(user=cast.educator, name="laptop")

    other_author = _other_author()
    api_key, webhook, delivery = _integrations(cast)
    invited = UserFactory(email="invited@test.org")
    invited.set_unusable_password()
    invited.save()
    body_approver = UserFactory(email="body-approver@test.org")
    body_manager = UserFactory(email="body-manager@test.org")
    credit_body = make_body(
        "Security State Board",
        applies_to=cast.state,
        approvers=[body_approver],
        managers=[body_manager],
    )
    credit_rule = make_rule(credit_body, credential=badge_credential)
    credit_request = recognition_services.credit_request_create(
        educator=cast.educator, recognition=credit_rule, badges=[badge]
    )
    return World(
        cast=cast,
        credential=credential,
        reviewed_credential=reviewed,
        badge_credential=badge_credential,
        draft=attempt,
        draft_requirement=requirements["Context"],
        draft_artifact=draft_artifact,
        submitted=submitted,
        review=review,
        comment=comment,
        review_artifact=review_artifact,
        badge=badge,
        roster_import=roster_import,
        assignment=assignment,
        credential_draft=credential_draft,
        criterion=credential_draft.criteria.first(),
        stack=stack,
        token=token,
        second_reviewer=second_reviewer,
        other_author=other_author,
        invited=invited,
        invitation_args=(
            urlsafe_base64_encode(force_bytes(invited.pk)),
            default_token_generator.make_token(invited),
        ),
        membership_invitation_token=_membership_invitation_token(cast),
        api_key=api_key,
        webhook=webhook,
        delivery=delivery,
        account_merge=account_merge(
            kept=UserFactory(email="kept@test.org"),
            folded=UserFactory(email="folded@test.org"),
            by=cast.staff,
        ),
        sso_provider=_sign_in_provider(cast),
        sso_domain=domain_add(district=cast.district, domain="north.example", by=None),
        credit_body=credit_body,
        credit_rule=credit_rule,
        credit_goal=make_renewal_goal(credit_body),
        credit_request=credit_request,
        body_approver=body_approver,
        body_manager=body_manager,
        **_community(cast, stack),
        **_critical_friend(cast, attempt),
        **_team(cast),
    )


def _critical_friend(cast: Cast, draft: Any) -> dict[str, Any]:
    """A colleague in a cohort with the educator, with whom the educator shared the draft."""
    friend = make_member(Role.EDUCATOR, cast.school, email="critical-friend@test.org")
    cohort = community_services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Critical friends cohort",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
    )
    for person in (cast.educator, friend):
        community_services.cohort_join_by_code(user=person, code=cohort.join_code)
    (share,) = peer.peer_share(submission=draft, people=[friend], by=cast.educator)
    return {"critical_friend": friend, "peer_share": share}


def _community(cast: Cast, stack: Stack) -> dict[str, Any]:
    cohort = community_services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Security cohort",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
        stack=stack,
    )
    for person, role in ((cast.educator, "member"), (cast.colleague, "facilitator")):
        invitation = community_services.cohort_invite(
            cohort=cohort, person=person, by=cast.district_admin, role=role
        )
        community_services.cohort_invitation_respond(membership=invitation, by=person, accept=True)
    invitation = community_services.cohort_invite(
        cohort=cohort, person=cast.other_educator, by=cast.district_admin
    )
    # Its discussion: the educator's thread, its first post and an image on it (the row only:
    # no page of the attack suite opens its bytes).
    seat = discussion.discussion_seat(cast.educator, cohort.public_id)
    assert seat is not None
    post = discussion.thread_start(seat=seat, body="Exit tickets in two minutes?")
    attachment = PostAttachment.objects.create(
        post=post,
        filename="chart.png",
        content_type="image/png",
        size=10,
        storage_key="community/attachments/security-world",
    )
    return {
        "cohort": cohort,
        "cohort_invitation": invitation,
        "cohort_thread": post.thread,
        "cohort_post": post,
        "cohort_attachment": attachment,
    }


def _team(cast: Cast) -> dict[str, Any]:
    credential = team_credential(cast.issuer, "sec-team")
    lead = teams.team_start(
        lead=cast.colleague, credential=credential, emails=[cast.educator.email]
    )
    return {
        "team_credential": credential,
        "team_invitation": TeamMembership.objects.get(team=lead.team, user=cast.educator),
    }


def _sign_in_provider(cast: Cast) -> Any:
    """The district's OpenID Connect provider (an issuer nothing fetches in these tests)."""
    return provider_create(
        district=cast.district,
        values=ProviderSettings(
            kind="oidc",
            issuer_url="https://idp.north.example",
            client_id="north-client",
            client_secret="north-secret",
            domains=("north.example",),
        ),
        by=cast.district_admin,
    )


def _membership_invitation_token(cast: Cast) -> str:
    """The link another district's educator got when this district invited them."""
    invitation = membership_invite(
        user=cast.other_educator,
        organization=cast.district,
        role=Role.EDUCATOR,
        by=cast.district_admin,
    )
    return membership_invitation_token(invitation)


def _integrations(cast: Cast) -> tuple[Any, Any, Any]:
    """The district's integration key, a webhook endpoint (made directly: registering one
    resolves its host in DNS) and one delivery to it."""
    import uuid

    from integrations.api_keys import Scope, organization_key_create
    from integrations.models import WebhookDelivery, WebhookEndpoint

    key, _plain = organization_key_create(
        organization=cast.district,
        name="SIS",
        scopes=[Scope.PROGRESS_READ],
        by=cast.district_admin,
    )
    endpoint = WebhookEndpoint.objects.create(
        organization=cast.district,
        url="https://hooks.example.org/in",
        secret="s" * 40,
        event_types=["badge.issued"],
    )
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type="badge.issued",
        payload={"id": str(event_id), "type": "badge.issued", "data": {}},
        status=WebhookDelivery.Status.DELIVERED,
    )
    return key, endpoint, delivery


def _other_author() -> User:
    from organizations.models import Organization, Role
    from organizations.services import membership_grant
    from tests.support.factories import make_org

    issuer = make_org(Organization.Kind.ISSUER, "Rival Issuer")
    user = UserFactory(email="rival-author@test.org")
    membership_grant(user=user, organization=issuer, role=Role.AUTHOR)
    return user
