"""The API permission matrix's rows: every endpoint under /api/v1/ and method, with the status
each role of the cast gets, what an unsafe call may change (`state`) and whose answer may
contain which object (`sees`). tests/api/test_permission_matrix.py checks every row against
every role, and fails for an endpoint without a row here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken, User
from community.models import Cohort, PeerComment, PeerShare, Post
from credentials.models import MicroCredential, MicroCredentialVersion, Stack
from integrations.models import OrganizationApiKey, WebhookDelivery, WebhookEndpoint
from recognition.models import CreditRequest, Recognition
from reporting.models import Assignment
from reviews.models import (
    Review,
    ReviewComment,
    ReviewerDesignation,
    ReviewerPreference,
    ReviewPolicy,
)
from rosters.models import RosterImport
from submissions.models import Submission, TeamMembership
from tests.support.factories import PASSWORD
from tests.support.permission_world import ROSTER, SITE, World, png_upload
from tests.support.reviews import levels
from wallets.models import WalletOffer

API = "/api/v1/"

# The columns of the matrix, in order.
ROLES = (
    "own",  # cast.educator: owns the submissions, the draft and the badge
    "col",  # cast.colleague: same district, another school
    "oed",  # cast.other_educator: another district
    "rev",  # cast.reviewer: qualified, holds the claim on the owner's submitted attempt
    "rv2",  # a second reviewer qualified for the same micro-credential, without the claim
    "adm",  # cast.district_admin: the owner's district
    "oad",  # cast.other_admin: district admin of the other district
    "sad",  # cast.state_admin: administers the state above both districts
    "aut",  # cast.author: writes the issuer's catalog
    "iss",  # issuer staff of the issuer (revokes badges, settles disagreements)
    "stf",  # cast.staff: platform staff
    "out",  # cast.outsider: an account with no membership
    "key",  # the district's organization API key (every scope): an integration, not a person
    "oky",  # the other district's organization API key (every scope)
    "anon",  # no credentials at all
    # People whose only role is in a recognition body (tests/support/permission_world.py):
    "apv",  # approver of the state board the owner's credit request is under
    "ap2",  # approver of another body (a district's salary schedule)
    "mgr",  # manager of the state board: keeps its rules
)
# Everywhere but recognition's endpoints the body roles are outsiders: a row that gives no
# `bodies` statuses gives them the outsider's ("out").
BODY_ROLES = ("apv", "ap2", "mgr")

EVERYONE = " ".join(ROLES)


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # under /api/v1/, with {names} from World.ids
    expect: str  # one status per role of ROLES but the BODY_ROLES, in order
    body: Callable[[World, str], Any] | None = None
    multipart: bool = False
    # Unsafe rows: what the call may change (compared before and after).
    state: Callable[[World], Any] | None = None
    # Roles whose success legitimately changes nothing (a claim they already hold, their open
    # draft, a double submit).
    noop: str = ""
    # World.ids name -> the roles whose response contains it (everyone else's must not).
    sees: dict[str, str] = field(default_factory=dict)
    bodies: str = ""  # the statuses of the BODY_ROLES, in order (empty: the outsider's)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def statuses(self) -> dict[str, int]:
        codes = self.expect.split()
        people = len(ROLES) - len(BODY_ROLES)
        assert len(codes) == people, f"{self}: {len(codes)} statuses for {people} roles"
        outsider = codes[ROLES.index("out")]
        codes += self.bodies.split() or [outsider] * len(BODY_ROLES)
        assert len(codes) == len(ROLES), f"{self}: bodies gives {self.bodies!r}"
        return dict(zip(ROLES, map(int, codes), strict=True))


def _token_request(w: World, role: str) -> dict[str, str]:
    user = w.users.get(role)
    if user is None:  # someone guessing the owner's password
        return {"email": "educator@test.org", "password": "guess"}
    return {"email": user.email, "password": PASSWORD}


def _video(w: World, role: str) -> dict[str, Any]:
    requirement = w.draft.version.requirements.get(kind="artifact")
    upload = SimpleUploadedFile("lesson.mp4", b"\x00\x00\x00\x18ftypmp42" * 8, "video/mp4")
    return {"requirement": str(requirement.public_id), "file": upload}


def _roster(w: World, role: str) -> dict[str, Any]:
    return {"users_file": SimpleUploadedFile("staff.csv", ROSTER, "text/csv")}


def _passing_scores(w: World, role: str) -> dict[str, Any]:
    version = w.submitted.version
    scores = [
        {
            "criterion": str(criterion.public_id),
            "level": str(levels(version)[criterion.title][1].public_id),
            "feedback": "Clear evidence.",
        }
        for criterion in version.criteria.all()
    ]
    return {"scores": scores, "feedback": "Well done."}


def _submission_state(submission: Submission) -> Any:
    submission.refresh_from_db()
    responses = sorted(submission.responses.values_list("requirement_id", "text", "revision"))
    return submission.status, responses, submission.artifacts.count()


def _team_state(w: World) -> Any:
    membership = TeamMembership.objects.get(public_id=w.ids["team_invitation"])
    return membership.status, Submission.objects.filter(team=membership.team).count()


def _reviews_of(submission: Submission) -> list[tuple[Any, ...]]:
    rows = Review.objects.filter(submission=submission).order_by("pk")
    return list(rows.values_list("reviewer_id", "status", "claim_expires_at"))


# fmt: off
MATRIX = [
    # ---- accounts -----------------------------------------------------------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("POST", "auth/token/",    "201 201 201 201 201 201 201 201 201 201 201 201 400 400 400",
        body=_token_request, state=lambda w: ApiToken.objects.count()),
    Row("GET", "auth/tokens/",    "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"owner_token": "own"}),
    Row("POST", "auth/tokens/",   "201 201 201 201 201 201 201 201 201 201 201 201 403 403 401",
        body=lambda w, role: {"name": "CI"}, state=lambda w: ApiToken.objects.count()),
    Row("DELETE", "auth/tokens/{owner_token}/",
                                  "204 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _fresh(w.owner_token).revoked_at),
    # ---- catalog: public ----------------------------------------------------------------------
    Row("GET", "focus-areas/",    "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    Row("GET", "micro-credentials/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        sees={"credential": EVERYONE, "draft_credential": ""}),
    Row("GET", "micro-credentials/{credential}/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    Row("GET", "micro-credentials/{draft_credential}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    Row("GET", "stacks/",         "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    # ---- submissions: people only -------------------------------------------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "submissions/",    "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"submitted": "own rev adm sad stf", "draft": "own adm sad stf",
              "queued": "col adm sad stf", "submitted_text": "own rev stf"}),
    Row("POST", "submissions/",   "200 201 201 201 201 201 201 201 201 201 201 201 403 403 401",
        body=lambda w, role: {"micro_credential": w.ids["second_credential"]},
        state=lambda w: Submission.objects.count(), noop="own"),
    # The admins over the owner (adm, sad) open what their list shows them: 200 with the same
    # status-only representation (this row used to encode a 404 that contradicted the list);
    # the evidence stays with own rev stf, and the other district's admin still gets 404.
    Row("GET", "submissions/{submitted}/",
                                  "200 404 404 200 404 200 404 200 404 404 200 404 403 403 401",
        sees={"submitted_text": "own rev stf"}),
    Row("GET", "submissions/{draft}/",
                                  "200 404 404 404 404 200 404 200 404 404 200 404 403 403 401"),
    Row("PUT", "submissions/{draft}/responses/{draft_requirement}/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"text": "Rewritten by someone"},
        state=lambda w: _submission_state(w.draft)),
    # Not a draft any more: its owner learns so (409); nobody else learns it exists.
    Row("PUT", "submissions/{submitted}/responses/{submitted_requirement}/",
                                  "409 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"text": "Rewritten by someone"},
        state=lambda w: _submission_state(w.submitted)),
    # A requirement of another micro-credential's version, sent to the owner's draft.
    Row("PUT", "submissions/{draft}/responses/{submitted_requirement}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"text": "Rewritten by someone"},
        state=lambda w: _submission_state(w.draft)),
    # The workspace's checklist (the submit check as JSON) is its educator's alone: the admins
    # and staff who may open the draft's status do not see what is missing from it.
    Row("GET", "submissions/{draft}/checklist/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401"),
    Row("GET", "submissions/{submitted}/checklist/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401"),
    Row("POST", "submissions/{draft}/submit/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _submission_state(w.draft)),
    # Submitting again what is already in review is a double click: 200, nothing changes.
    Row("POST", "submissions/{submitted}/submit/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _submission_state(w.submitted), noop="own"),
    Row("POST", "submissions/{draft}/withdraw/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _submission_state(w.draft)),
    Row("POST", "submissions/{submitted}/withdraw/",
                                  "409 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _submission_state(w.submitted)),
    # ---- team attempts (ADR 0032): an invitation is its invitee's alone --------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "team-invitations/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"team_invitation": "own"}),
    Row("POST", "team-invitations/{team_invitation}/accept/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _team_state(w)),
    Row("POST", "team-invitations/{team_invitation}/decline/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _team_state(w)),
    # Leaving needs an accepted membership: the invitee learns so (409), nobody else anything.
    Row("POST", "team-invitations/{team_invitation}/leave/",
                                  "409 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _team_state(w)),
    Row("POST", "submissions/{draft}/artifacts/",
                                  "201 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=_video, multipart=True, state=lambda w: _submission_state(w.draft)),
    Row("GET", "artifacts/{submitted_artifact}/",
                                  "200 404 404 200 404 404 404 404 404 404 200 404 403 403 401"),
    # The colleague reads the owner's draft as a critical friend (shared with them): its files too.
    Row("GET", "artifacts/{draft_artifact}/",
                                  "200 200 404 404 404 404 404 404 404 404 200 404 403 403 401"),
    # Retry is the owner's: a ready file has nothing to retry (409), nobody else learns more.
    Row("POST", "artifacts/{draft_artifact}/retry/",
                                  "409 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _submission_state(w.draft)),
    # ---- organizations: their admins, and their organization keys -----------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "organizations/",  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 401",
        sees={"district": "adm sad stf key", "other_district": "oad sad stf oky",
              "issuer": ""}),
    Row("GET", "organizations/{district}/progress/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        sees={"owner_email": "adm sad stf key"}),
    Row("GET", "organizations/{district}/progress/?format=csv",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        sees={"owner_email": "adm sad stf key"}),
    Row("POST", "organizations/{district}/roster-imports/",
                                  "404 404 404 404 404 201 404 201 404 404 201 404 201 404 401",
        body=_roster, multipart=True, state=lambda w: RosterImport.objects.count()),
    Row("GET", "organizations/{district}/roster-imports/{roster_import}/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401"),
    # The district's import asked for under the other district: nobody finds it there.
    Row("GET", "organizations/{other_district}/roster-imports/{roster_import}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 404 404 401"),
    Row("GET", "organizations/{district}/roster-imports/{roster_import}/rows/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        sees={"new_hire": "adm sad stf key"}),
    Row("POST", "organizations/{district}/roster-imports/{roster_import}/confirm/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        state=lambda w: (_fresh(w.roster_import).status, User.objects.count())),
    Row("POST", "organizations/{district}/roster-imports/{roster_import}/discard/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        state=lambda w: _fresh(w.roster_import).status),
    Row("GET", "organizations/{district}/assignments/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        sees={"assignment": "adm sad stf key"}),
    Row("POST", "organizations/{district}/assignments/",
                                  "404 404 404 404 404 201 404 201 404 404 201 404 201 404 401",
        body=lambda w, role: {"kind": "required", "micro_credential": w.ids["credential"],
                              "educator": w.ids["colleague"]},
        state=lambda w: Assignment.objects.count()),
    # Assigning the owner (of the first district) through the other district: not found there.
    Row("POST", "organizations/{other_district}/assignments/",
                                  "404 404 404 404 404 404 400 400 404 404 400 404 404 400 401",
        body=lambda w, role: {"kind": "required", "micro_credential": w.ids["credential"],
                              "educator": w.ids["owner"]},
        state=lambda w: Assignment.objects.count()),
    Row("POST", "organizations/{district}/assignments/{assignment}/cancel/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 200 404 401",
        state=lambda w: _fresh(w.assignment).cancelled_at),
    # Keys and webhooks: people who administer the organization, never a key.
    Row("GET", "organizations/{district}/api-keys/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401",
        sees={"district_key": "adm sad stf"}),
    Row("POST", "organizations/{district}/api-keys/",
                                  "404 404 404 404 404 201 404 201 404 404 201 404 403 403 401",
        body=lambda w, role: {"name": "SIS", "scopes": ["progress:read"]},
        state=lambda w: OrganizationApiKey.objects.count()),
    Row("POST", "organizations/{district}/api-keys/{district_key}/revoke/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401",
        state=lambda w: _fresh(w.district_key).revoked_at),
    Row("POST", "organizations/{other_district}/api-keys/{district_key}/revoke/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _fresh(w.district_key).revoked_at),
    Row("GET", "organizations/{district}/webhooks/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401",
        sees={"webhook": "adm sad stf"}),
    Row("POST", "organizations/{district}/webhooks/",
                                  "404 404 404 404 404 201 404 201 404 404 201 404 403 403 401",
        body=lambda w, role: {"url": "https://hooks.example.org/new",
                              "event_types": ["badge.awarded"]},
        state=lambda w: WebhookEndpoint.objects.count()),
    Row("GET", "organizations/{district}/webhooks/{webhook}/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401"),
    Row("GET", "organizations/{other_district}/webhooks/{webhook}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401"),
    Row("PATCH", "organizations/{district}/webhooks/{webhook}/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401",
        body=lambda w, role: {"is_active": False},
        state=lambda w: _fresh(w.webhook).is_active),
    Row("DELETE", "organizations/{district}/webhooks/{webhook}/",
                                  "404 404 404 404 404 204 404 204 404 404 204 404 403 403 401",
        state=lambda w: WebhookEndpoint.objects.count()),
    Row("POST", "organizations/{district}/webhooks/{webhook}/test/",
                                  "404 404 404 404 404 202 404 202 404 404 202 404 403 403 401",
        state=lambda w: WebhookDelivery.objects.count()),
    Row("GET", "organizations/{district}/webhooks/{webhook}/deliveries/",
                                  "404 404 404 404 404 200 404 200 404 404 200 404 403 403 401",
        sees={"delivery": "adm sad stf"}),
    Row("POST", "organizations/{district}/webhooks/{webhook}/deliveries/{delivery}/redeliver/",
                                  "404 404 404 404 404 202 404 202 404 404 202 404 403 403 401",
        state=lambda w: WebhookDelivery.objects.count()),
    # ---- authoring: the issuer's authors and platform staff ----------------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "authoring/micro-credentials/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        sees={"draft_credential": "aut stf", "foreign_credential": "stf"}),
    Row("POST", "authoring/micro-credentials/",
                                  "404 404 404 404 404 404 404 404 201 404 201 404 403 403 401",
        body=lambda w, role: _new_credential(w), state=lambda w: MicroCredential.objects.count()),
    Row("GET", "authoring/micro-credentials/{credential}/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401"),
    # Another issuer's micro-credential: its authors (none in the cast) and staff only.
    Row("GET", "authoring/micro-credentials/{foreign_credential}/",
                                  "404 404 404 404 404 404 404 404 404 404 200 404 403 403 401"),
    Row("POST", "authoring/micro-credentials/{credential}/new-version/",
                                  "404 404 404 404 404 404 404 404 201 404 201 404 403 403 401",
        state=lambda w: w.credential.versions.count()),
    Row("POST", "authoring/micro-credentials/{credential}/retire/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        state=lambda w: _fresh(w.credential).status),
    Row("GET", "authoring/versions/{draft_version}/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401"),
    Row("GET", "authoring/versions/{foreign_version}/",
                                  "404 404 404 404 404 404 404 404 404 404 200 404 403 403 401"),
    Row("PATCH", "authoring/versions/{draft_version}/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        body=lambda w, role: {"title": "Renamed by someone"},
        state=lambda w: _fresh(w.draft_version).title),
    Row("PUT", "authoring/versions/{draft_version}/content/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        body=lambda w, role: _content(), state=lambda w: _content_of(w.draft_version)),
    Row("PUT", "authoring/versions/{draft_version}/image/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        body=lambda w, role: {"image": png_upload()}, multipart=True,
        state=lambda w: _fresh(w.draft_version).image.name),
    Row("DELETE", "authoring/versions/{draft_version}/image/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        state=lambda w: _fresh(w.draft_version).image.name),
    Row("POST", "authoring/versions/{publishable_version}/publish/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        state=lambda w: _fresh(w.publishable_version).status),
    Row("GET", "authoring/stacks/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        sees={"stack": "aut stf"}),
    Row("POST", "authoring/stacks/",
                                  "404 404 404 404 404 404 404 404 201 404 201 404 403 403 401",
        body=lambda w, role: _stack_body(w, "new-stack"),
        state=lambda w: Stack.objects.count()),
    Row("GET", "authoring/stacks/{stack}/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401"),
    Row("PUT", "authoring/stacks/{stack}/",
                                  "404 404 404 404 404 404 404 404 200 404 200 404 403 403 401",
        body=lambda w, role: _stack_body(w, w.stack.slug),
        state=lambda w: _fresh(w.stack).title),
    # ---- badges -------------------------------------------------------------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "badges/",         "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"badge": "own"}),
    Row("POST", "badges/{badge}/revoke/",
                                  "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401",
        body=lambda w, role: {"reason": "The evidence was not the educator's own."},
        state=lambda w: _fresh(w.badge).revoked_at),
    # Sharing is the earner's alone: platform staff (superusers) get 404 like everyone else.
    Row("GET", "badges/{badge}/sharing/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401"),
    Row("PUT", "badges/{badge}/sharing/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"is_public": False, "evidence_summary": "",
                              "evidence_published": False},
        state=lambda w: _fresh(w.badge).is_public),
    # The signed learner record (CLR 2.0): each person's own, never an integration's.
    Row("GET", "me/clr/",         "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"badge": "own"}),
    # A wallet offer of a badge: its owner's alone (platform staff too get 404).
    Row("POST", "badges/{badge}/wallet-offer/",
                                  "201 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: WalletOffer.objects.filter(badge=w.badge).count()),
    # Anyone may verify a badge they were given the link of.
    Row("POST", "verify/",        "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        body=lambda w, role: {"url": f"{SITE}/badges/{w.ids['badge']}/"},
        sees={"badge": EVERYONE, "owner_email": ""}),
    # ---- reviews: the claim holder; administration: the issuer's staff ------------------------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    Row("GET", "review-queue/",   "404 404 404 200 200 404 404 404 404 200 200 404 403 403 401",
        sees={"queued": "rev rv2", "submitted": ""}),
    Row("POST", "review-queue/claim/",
                                  "404 404 404 201 201 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"submission": w.ids["queued"]},
        state=lambda w: _reviews_of(w.queued)),
    # The owner's attempt, claimed by the reviewer: only a qualified reviewer learns it is held.
    Row("POST", "review-queue/claim/",
                                  "404 404 404 200 409 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"submission": w.ids["submitted"]},
        state=lambda w: _reviews_of(w.submitted), noop="rev"),
    Row("GET", "reviews/{review}/",
                                  "404 404 404 200 404 404 404 404 404 404 404 404 403 403 401",
        sees={"submitted_text": "rev"}),
    Row("PUT", "reviews/{review}/draft/",
                                  "404 404 404 200 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"scores": [], "feedback": "Halfway there."},
        state=lambda w: _fresh(w.review).feedback),
    Row("GET", "reviews/{review}/comments/",
                                  "404 404 404 200 404 404 404 404 404 404 404 404 403 403 401",
        sees={"comment_text": "rev"}),
    Row("POST", "reviews/{review}/comments/",
                                  "404 404 404 201 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"requirement": w.ids["submitted_requirement"], "text": "See 0:42"},
        state=lambda w: ReviewComment.objects.count()),
    Row("DELETE", "reviews/{review}/comments/{comment}/",
                                  "404 404 404 204 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: ReviewComment.objects.count()),
    Row("POST", "reviews/{review}/complete/",
                                  "404 404 404 200 404 404 404 404 404 404 404 404 403 403 401",
        body=_passing_scores, state=lambda w: _reviews_of(w.submitted)),
    Row("POST", "reviews/{review}/release/",
                                  "404 404 404 200 404 404 404 404 404 404 404 404 403 403 401",
        state=lambda w: _reviews_of(w.submitted)),
    Row("GET", "issuers/{issuer}/reviewers/",
                                  "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401",
        sees={"reviewer2_email": "iss stf"}),
    Row("PUT", "issuers/{issuer}/reviewers/{reviewer2}/micro-credentials/{second_credential}/",
                                  "404 404 404 404 404 404 404 404 404 201 201 404 403 403 401",
        state=lambda w: _designations()),
    Row("DELETE", "issuers/{issuer}/reviewers/{reviewer2}/micro-credentials/{credential}/",
                                  "404 404 404 404 404 404 404 404 404 204 204 404 403 403 401",
        state=lambda w: _designations()),
    Row("GET", "issuers/{issuer}/review-policy/",
                                  "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401"),
    Row("GET", "issuers/{foreign_issuer}/review-policy/",
                                  "404 404 404 404 404 404 404 404 404 404 200 404 403 403 401"),
    Row("PUT", "issuers/{issuer}/review-policy/",
                                  "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401",
        body=lambda w, role: {"conflict_of_interest": True, "claim_hours": 24,
                              "second_review_rate": 0.5, "blind_review": True,
                              "turnaround_target_days": 10},
        state=lambda w: _policy(w)),
    Row("PATCH", "issuers/{issuer}/review-policy/",
                                  "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401",
        body=lambda w, role: {"claim_hours": 12}, state=lambda w: _policy(w)),
    Row("GET", "review-quality/", "404 404 404 404 404 404 404 404 404 200 200 404 403 403 401"),
    Row("GET", "review-preferences/",
                                  "404 404 404 200 200 404 404 404 404 200 200 404 403 403 401"),
    Row("PUT", "review-preferences/",
                                  "404 404 404 200 200 404 404 404 404 200 200 404 403 403 401",
        body=lambda w, role: {"daily_digest": True},
        state=lambda w: _preferences()),
    # ---- recognition: bodies' rules (their managers), credit (educators, bodies' approvers) --
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    #                                                                                apv ap2 mgr
    Row("GET", "recognition-bodies/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        bodies="200 200 200", sees={"rule": EVERYONE, "withdrawn_rule": ""}),
    Row("GET", "recognition-bodies/{recognition_body}/rules/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        bodies="200 200 200", sees={"rule": EVERYONE, "withdrawn_rule": "mgr"}),
    Row("POST", "recognition-bodies/{recognition_body}/rules/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="404 404 201", body=lambda w, role: _new_rule(w),
        state=lambda w: Recognition.objects.count()),
    Row("GET", "recognition-bodies/{recognition_body}/rules/{rule}/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
        bodies="200 200 200"),
    # A withdrawn rule: its body's managers only.
    Row("GET", "recognition-bodies/{recognition_body}/rules/{withdrawn_rule}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
        bodies="404 404 200"),
    Row("PATCH", "recognition-bodies/{recognition_body}/rules/{rule}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="404 404 200", body=lambda w, role: {"amount": "7.5"},
        state=lambda w: _rule(w, "rule").amount),
    Row("DELETE", "recognition-bodies/{recognition_body}/rules/{rule}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="404 404 204", state=lambda w: _rule(w, "rule").is_active),
    # The rule of another body, asked for under this one: nobody finds it there.
    Row("DELETE", "recognition-bodies/{recognition_body}/rules/{other_rule}/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="404 404 404", state=lambda w: _rule(w, "other_rule").is_active),
    Row("GET", "credit-requests/",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        bodies="200 200 200", sees={"credit_request": "own"}),
    Row("GET", "credit-requests/?role=approver",
                                  "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        bodies="200 200 200", sees={"credit_request": "apv"}),
    # The owner's badge under the other body's rule: everyone else is told it is not theirs.
    Row("POST", "credit-requests/",
                                  "201 400 400 400 400 400 400 400 400 400 400 400 403 403 401",
        bodies="400 400 400", body=lambda w, role: _credit_request(w),
        state=lambda w: CreditRequest.objects.count()),
    Row("GET", "credit-requests/{credit_request}/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="200 404 404", sees={"owner_email": ""}),
    Row("POST", "credit-requests/{credit_request}/approve/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="200 404 404", state=lambda w: _credit(w).status),
    Row("POST", "credit-requests/{credit_request}/deny/",
                                  "404 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="200 404 404", body=lambda w, role: {"reason": "Outside the renewal cycle."},
        state=lambda w: _credit(w).status),
    Row("POST", "credit-requests/{credit_request}/withdraw/",
                                  "200 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        bodies="404 404 404", state=lambda w: _credit(w).status),
    Row("GET", "me/credit/",      "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        bodies="200 200 200", sees={"credit_request": "own"}),
    # ---- community: critical friends (the owner's draft, shared with the colleague) -----------
    #                              own col oed rev rv2 adm oad sad aut iss stf out key oky anon
    # Shared already with the colleague: the owner's call answers the open shares, changing none.
    Row("POST", "submissions/{draft}/peer-share/",
                                  "201 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"people": [w.ids["colleague"]]}, noop="own",
        state=lambda w: list(PeerShare.objects.values_list("person_id", "ended_at"))),
    Row("GET", "submissions/{draft}/peer-comments/",
                                  "200 200 404 404 404 404 404 404 404 404 404 404 403 403 401",
        sees={"peer_comment_text": "own col"}),
    Row("POST", "submissions/{draft}/peer-comments/",
                                  "201 201 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"body": "Where is the student work?"},
        state=lambda w: PeerComment.objects.count()),
    # ---- community: a cohort's people (own: member, col: facilitator) and its managers ----
    Row("GET", "cohorts/",        "200 200 200 200 200 200 200 200 200 200 200 200 403 403 401",
        sees={"cohort": "own col adm sad stf", "cohort_join_code": ""}),
    # oed is invited and has not answered: not in yet.
    Row("GET", "cohorts/{cohort}/",
                                  "200 200 404 404 404 200 404 200 404 404 200 404 403 403 401",
        sees={"cohort_join_code": "adm sad stf"}),
    Row("POST", "cohorts/",       "400 400 400 400 400 201 400 201 400 400 201 400 403 403 401",
        body=lambda w, role: _new_cohort(w), state=lambda w: Cohort.objects.count()),
    # ---- community: a cohort's discussion, its active members (own) and facilitators (col) ---
    Row("GET", "cohorts/{cohort}/posts/",
                                  "200 200 404 404 404 404 404 404 404 404 404 404 403 403 401",
        sees={"cohort_post": "own col", "cohort_post_text": "own col"}),
    Row("POST", "cohorts/{cohort}/posts/",
                                  "201 201 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=lambda w, role: {"body": "Anyone tried two-minute exit tickets?"},
        state=lambda w: Post.objects.count()),
]
# fmt: on


def _new_cohort(w: World) -> dict[str, Any]:
    return {
        "organization": w.ids["district"],
        "name": "Spring cohort",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-01",
        "stack": w.stack.slug,
    }


def _rule(w: World, name: str) -> Recognition:
    return Recognition.objects.get(public_id=w.ids[name])


def _credit(w: World) -> CreditRequest:
    return CreditRequest.objects.get(public_id=w.ids["credit_request"])


def _new_rule(w: World) -> dict[str, Any]:
    return {
        "micro_credential": w.ids["credential"],
        "outcome": "license_renewal_hours",
        "amount": "5",
        "unit": "hours",
    }


def _credit_request(w: World) -> dict[str, Any]:
    return {"recognition": w.ids["other_rule"], "badges": [w.ids["badge"]]}


def _fresh(instance: Any) -> Any:
    instance.refresh_from_db()
    return instance


LEVELS = [
    {"name": "Developing", "description": "Not yet shown.", "passing": False},
    {"name": "Proficient", "description": "Shown.", "passing": True},
]


def _preferences() -> list[tuple[int, bool]]:
    return sorted(ReviewerPreference.objects.values_list("reviewer_id", "daily_digest"))


def _designations() -> list[tuple[int, int]]:
    return sorted(ReviewerDesignation.objects.values_list("reviewer_id", "credential_id"))


def _policy(w: World) -> Any:
    return ReviewPolicy.objects.filter(issuer__public_id=w.ids["issuer"]).values().first()


def _content() -> dict[str, Any]:
    return {
        "requirements": [
            {"key": "ctx", "part": 1, "title": "Context", "prompt": "Describe.", "kind": "text"},
        ],
        "criteria": [{"title": "Evidence", "requirements": ["ctx"], "levels": LEVELS}],
    }


def _content_of(version: MicroCredentialVersion) -> list[tuple[Any, ...]]:
    return sorted(version.requirements.values_list("part", "title", "kind"))


def _new_credential(w: World) -> dict[str, Any]:
    return {
        "issuer": w.ids["issuer"],
        "slug": "brand-new",
        "title": "Brand new",
        "focus_area": "cfu",
        "competency": {"name": "Checks"},
        "key_method": "Ask, notice, adjust.",
        "pd_hours": "5",
    }


def _stack_body(w: World, slug: str) -> dict[str, Any]:
    return {
        "slug": slug,
        "title": "Renamed stack",
        "issuer": w.ids["issuer"],
        "micro_credentials": [w.ids["credential"], w.ids["earned"]],
    }
