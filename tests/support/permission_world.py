"""The permission matrix's world: the objects every row speaks of (the owner's submissions, a
draft, a claimed review, a badge, a roster import, keys and webhooks...) and each role's user
and credentials, made through the real services. tests/api/test_permission_matrix.py builds it
once for the whole matrix."""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken, User
from accounts.tokens import api_token_create
from badges import services as badge_services
from badges.models import Badge
from community import discussion, peer
from community import services as community_services
from community.models import Cohort
from credentials.models import Competency, FocusArea, MicroCredential, MicroCredentialVersion, Stack
from credentials.services import credential_create, credential_start_new_version
from integrations.api_keys import Scope, organization_key_create
from integrations.models import OrganizationApiKey, WebhookEndpoint
from integrations.webhooks import webhook_endpoint_create, webhook_test_send
from organizations.models import Organization, Role
from organizations.services import membership_grant
from recognition.services import credit_request_create
from reporting.models import Assignment
from reporting.services import assignment_create
from reviews import services as review_services
from reviews.models import Review
from rosters.models import RosterImport
from rosters.services import roster_import_preview
from submissions import services as submission_services
from submissions import teams
from submissions.models import Artifact, Submission, TeamMembership
from tests.support.badges import pass_submission
from tests.support.cast import Cast
from tests.support.credentials import make_stack, published_credential
from tests.support.factories import UserFactory, make_org
from tests.support.recognition import make_body, make_rule
from tests.support.reviews import make_reviewer, set_policy
from tests.support.submissions import ready_artifact, submit
from tests.support.teams import team_credential

SITE = "http://testserver"

SUBMITTED_TEXT = "Exit tickets showed who had it"  # only those who may see evidence read it

COMMENT_TEXT = "Pause at 0:42: the wait time is the point"  # only the claim holder reads it
# A critical friend's comment on the owner's draft: the owner and the friend read it, nobody else.
PEER_COMMENT_TEXT = "Say which exit ticket you used"
COHORT_POST_TEXT = "Our cohort tried hinge questions"  # only the cohort's people read it

ROSTER = b"email,name,school,role\nnew.hire@example.org,New Hire,Oak School,educator\n"


@dataclass
class World:
    """The objects every row speaks of, and each role's user and credentials."""

    users: dict[str, User | None]
    authorization: dict[str, str]  # role -> its Authorization header
    ids: dict[str, str]  # what a path names, or a response may contain
    submitted: Submission
    draft: Submission
    review: Review
    queued: Submission
    badge: Badge
    roster_import: RosterImport
    credential: MicroCredential
    draft_version: MicroCredentialVersion  # of a micro-credential never published
    publishable_version: MicroCredentialVersion  # a new version of a published one
    stack: Stack
    owner_token: ApiToken  # a second token of the owner's (not the one the matrix sends)
    district_key: OrganizationApiKey
    assignment: Assignment
    webhook: WebhookEndpoint
    cohort: Cohort


def png_upload(name: str = "badge.png") -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def _unpublished_credential(issuer: Any) -> MicroCredential:
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug="work-in-progress",
        title="Work in progress",
        focus_area=area,
        competency=competency,
        key_method="Not yet written.",
        pd_hours=Decimal("5"),
        by=None,
    )
    return version.credential


def _with_image(version: MicroCredentialVersion) -> None:
    """The badge image a draft's author uploaded (so removing it changes something)."""
    from credentials.authoring_services import version_details_save

    version_details_save(
        version=version,
        by=None,
        focus_area=version.focus_area,
        competency=version.competency,
        attempt_limit=version.credential.attempt_limit,
        image=png_upload(),
    )


def _complete_draft(educator: User, credential: MicroCredential) -> tuple[Submission, Artifact]:
    """A draft with every required response written and its video ready: submittable."""
    draft = submission_services.submission_start(educator=educator, credential=credential)
    artifact = None
    for requirement in draft.version.requirements.filter(required=True):
        if requirement.kind == "text":
            submission_services.response_save(
                submission=draft, requirement=requirement, text="Draft words", by=educator
            )
        else:
            artifact = ready_artifact(draft, requirement)
    assert artifact is not None
    return draft, artifact


def _catalog(cast: Cast) -> dict[str, Any]:
    """Published micro-credentials, a draft one, a new version to publish, another issuer's."""
    credential = published_credential(cast.issuer, "formative-checks")
    earned = published_credential(cast.issuer, "think-alouds", with_artifact=False)
    authored = published_credential(cast.issuer, "think-pair-share", with_artifact=False)
    foreign = published_credential(
        make_org(Organization.Kind.ISSUER, "Other Issuer"), "other-issuer", with_artifact=False
    )
    draft_version = _unpublished_credential(cast.issuer).versions.get()
    _with_image(draft_version)
    return {
        "credential": credential,
        "second_credential": published_credential(cast.issuer, "exit-tickets"),
        "earned": earned,
        "draft_credential": draft_version.credential,
        "draft_version": draft_version,
        "publishable_version": credential_start_new_version(credential=authored, by=cast.author),
        "foreign_credential": foreign,
        "foreign_version": foreign.versions.get(),
        "foreign_issuer": foreign.issuer,
        "stack": make_stack(cast.issuer, [credential, earned]),
        "issuer": cast.issuer,
    }


def _reviewers(cast: Cast, credential: MicroCredential) -> dict[str, Any]:
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    reviewer2 = make_reviewer(cast.issuer, credential, email="reviewer2@test.org")
    issuer_staff = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=issuer_staff, organization=cast.issuer, role=Role.ISSUER_STAFF)
    return {
        "reviewer2": reviewer2,
        "reviewer2_email": reviewer2.email,
        "issuer_staff": issuer_staff,
    }


def _work(cast: Cast, found: dict[str, Any]) -> dict[str, Any]:
    """The owner's attempt in review (claimed, commented on), draft and badge; a colleague's
    attempt waiting in the queue."""
    submitted = submit(cast.educator, found["credential"], words=SUBMITTED_TEXT)
    review = review_services.review_claim(submission=submitted, reviewer=cast.reviewer)
    submitted_requirement = submitted.version.requirements.filter(kind="text").first()
    comment = review_services.review_comment_add(
        review=review, requirement=submitted_requirement, text=COMMENT_TEXT, by=cast.reviewer
    )
    draft, draft_artifact = _complete_draft(cast.educator, found["second_credential"])
    passed = pass_submission(cast.educator, found["earned"], cast.reviewer)
    return {
        "submitted": submitted,
        "submitted_text": SUBMITTED_TEXT,
        "submitted_requirement": submitted_requirement,
        "submitted_artifact": submitted.artifacts.get(),
        "review": review,
        "comment": comment,
        "comment_text": COMMENT_TEXT,
        "queued": submit(cast.colleague, found["credential"]),
        "draft": draft,
        "draft_requirement": draft.version.requirements.filter(kind="text").first(),
        "draft_artifact": draft_artifact,
        "badge": badge_services.badge_award(submission=passed),
        "owner": cast.educator,
        "owner_email": cast.educator.email,
        "owner_token": api_token_create(user=cast.educator, name="Laptop")[0],
        "colleague": cast.colleague,
    }


def _administration(cast: Cast, found: dict[str, Any]) -> dict[str, Any]:
    """The district's roster import, assignment, webhook (with a delivery) and key."""
    webhook, _ = webhook_endpoint_create(
        organization=cast.district,
        url="https://hooks.example.org/mc",
        event_types=["submission.submitted"],
        by=cast.district_admin,
    )
    assignment = assignment_create(
        organization=cast.district,
        by=cast.district_admin,
        kind=Assignment.Kind.RECOMMENDED,
        educator=cast.educator,
        credential=found["second_credential"],
    )
    return {
        "district": cast.district,
        "other_district": cast.other_district,
        "roster_import": roster_import_preview(
            organization=cast.district, by=cast.district_admin, users_file=ROSTER
        ),
        "new_hire": "new.hire@example.org",
        "assignment": assignment,
        "webhook": webhook,
        "delivery": webhook_test_send(endpoint=webhook),
    }


def _authorization(cast: Cast, users: dict[str, User | None]) -> tuple[dict[str, str], Any]:
    """Each role's Authorization header (a personal token, or its district's key with every
    scope); and the district's key."""
    headers = {
        role: f"Token {api_token_create(user=user)[1]}" for role, user in users.items() if user
    }
    scopes = list(Scope.values)
    district_key, plain = organization_key_create(
        organization=cast.district, name="SIS", scopes=scopes, by=cast.district_admin
    )
    _, other_plain = organization_key_create(
        organization=cast.other_district, name="SIS", scopes=scopes, by=cast.other_admin
    )
    headers |= {"key": f"Api-Key {plain}", "oky": f"Api-Key {other_plain}"}
    return headers, district_key


def _recognition(cast: Cast, found: dict[str, Any]) -> dict[str, Any]:
    """The state board (its approver and manager), a rule for the owner's badge, a withdrawn
    one, the owner's pending request under it; another body with its approver and a rule."""
    approver = UserFactory(email="board.approver@test.org")
    manager = UserFactory(email="board.manager@test.org")
    other_approver = UserFactory(email="salary.approver@test.org")
    board = make_body(applies_to=cast.state, approvers=[approver], managers=[manager])
    other = make_body("South District Salary", kind="district", approvers=[other_approver])
    earned = found["earned"]
    rule = make_rule(board, credential=earned, amount="10")
    return {
        "body_approver": approver,
        "body_manager": manager,
        "other_body_approver": other_approver,
        "recognition_body": board,
        "rule": rule,
        "withdrawn_rule": make_rule(board, credential=earned, amount="3", is_active=False),
        "other_rule": make_rule(other, credential=earned, outcome="salary_credit", amount="1"),
        "credit_request": credit_request_create(
            educator=cast.educator, recognition=rule, badges=[found["badge"]]
        ),
    }


def _community(cast: Cast, found: dict[str, Any]) -> dict[str, Any]:
    """The district's cohort: the owner a member, the colleague its facilitator (both
    accepted), the other district's educator invited (no answer yet)."""
    cohort = community_services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Matrix cohort",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
        stack=found["stack"],
    )
    for person, role in ((cast.educator, "member"), (cast.colleague, "facilitator")):
        invitation = community_services.cohort_invite(
            cohort=cohort, person=person, by=cast.district_admin, role=role
        )
        community_services.cohort_invitation_respond(membership=invitation, by=person, accept=True)
    community_services.cohort_invite(
        cohort=cohort, person=cast.other_educator, by=cast.district_admin
    )
    # Critical friends: the owner's draft shared with the colleague, who commented on it.
    peer.peer_share(submission=found["draft"], people=[cast.colleague], by=cast.educator)
    comment = peer.peer_comment_add(
        submission=found["draft"], author=cast.colleague, body=PEER_COMMENT_TEXT
    )
    # Its discussion: a thread the owner started (the district admin runs it but is not in it).
    seat = discussion.discussion_seat(cast.educator, cohort.public_id)
    assert seat is not None
    post = discussion.thread_start(seat=seat, body=COHORT_POST_TEXT)
    return {
        "cohort": cohort,
        "cohort_join_code": cohort.join_code,
        "peer_comment": comment,
        "peer_comment_text": PEER_COMMENT_TEXT,
        "cohort_post": post,
        "cohort_post_text": COHORT_POST_TEXT,
    }


def _teams(cast: Cast) -> dict[str, Any]:
    """A team attempt led by the colleague, with the owner invited (not answered yet)."""
    credential = team_credential(cast.issuer, "team-checks")
    lead = teams.team_start(
        lead=cast.colleague, credential=credential, emails=[cast.educator.email]
    )
    return {
        "team_credential": credential,
        "team_invitation": TeamMembership.objects.get(team=lead.team, user=cast.educator),
    }


def build_world(cast: Cast) -> World:
    found = _catalog(cast)
    found |= _teams(cast)
    found |= _reviewers(cast, found["credential"])
    found |= _work(cast, found)
    found |= _administration(cast, found)
    found |= _recognition(cast, found)
    found |= _community(cast, found)
    users: dict[str, User | None] = {
        "own": cast.educator,
        "col": cast.colleague,
        "oed": cast.other_educator,
        "rev": cast.reviewer,
        "rv2": found["reviewer2"],
        "adm": cast.district_admin,
        "oad": cast.other_admin,
        "sad": cast.state_admin,
        "aut": cast.author,
        "iss": found["issuer_staff"],
        "stf": cast.staff,
        "out": cast.outsider,
        "key": None,
        "oky": None,
        "anon": None,
        "apv": found["body_approver"],
        "ap2": found["other_body_approver"],
        "mgr": found["body_manager"],
    }
    authorization, found["district_key"] = _authorization(cast, users)
    ids = {name: str(getattr(value, "public_id", value)) for name, value in found.items()}
    objects = {f.name: found[f.name] for f in fields(World) if f.name in found}
    return World(users=users, authorization=authorization, ids=ids, **objects)
