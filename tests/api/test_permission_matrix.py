"""The API permission matrix: every endpoint under /api/v1/ times every role of the cast.

Each row is one endpoint and method with the status each role gets. Objects a caller may not
see answer 404 (never 403, so their existence does not leak); anonymous callers get 401, and
organization API keys 403 on the endpoints that are for people only.
List rows also say whose response may contain which object (`sees`), so a 200 cannot hide a
leak. Unsafe rows say what they may change (`state`): a refused caller must change nothing,
and an allowed caller's success must change it. Every request runs in a savepoint rolled back
afterwards, so each role meets the same world whatever the order.

Callers authenticate with real personal tokens (`Authorization: Token ...`); the session
tests below show a browser session needs its CSRF token for unsafe methods.

`test_every_api_endpoint_has_a_row` walks the URL resolver: an endpoint under /api/v1/
without a row here fails the suite, so no endpoint ships without its permission row.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import uuid4

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.tokens import api_token_create, api_token_revoke
from badges import services as badge_services
from badges.models import Badge
from credentials.models import Competency, FocusArea, MicroCredential, MicroCredentialVersion, Stack
from credentials.services import credential_create, credential_start_new_version
from organizations.api_keys import Scope, organization_key_create
from organizations.models import (
    Assignment,
    Organization,
    OrganizationApiKey,
    Role,
    RosterImport,
    WebhookDelivery,
    WebhookEndpoint,
)
from organizations.services import assignment_create, membership_grant, roster_import_preview
from organizations.webhooks import webhook_endpoint_create, webhook_test_send
from reviews import services as review_services
from reviews.models import (
    Review,
    ReviewComment,
    ReviewerDesignation,
    ReviewerPreference,
    ReviewPolicy,
)
from submissions import services as submission_services
from submissions.models import Artifact, Submission
from tests.support.badges import pass_submission
from tests.support.cast import Cast, make_cast
from tests.support.credentials import make_stack, published_credential
from tests.support.factories import PASSWORD, UserFactory, make_org
from tests.support.reviews import levels, make_reviewer, set_policy
from tests.support.submissions import ready_artifact, submit

API = "/api/v1/"
SITE = "http://testserver"
SUBMITTED_TEXT = "Exit tickets showed who had it"  # only those who may see evidence read it
COMMENT_TEXT = "Pause at 0:42: the wait time is the point"  # only the claim holder reads it
ROSTER = b"email,name,school,role\nnew.hire@example.org,New Hire,Oak School,educator\n"

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
)
EVERYONE = " ".join(ROLES)


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


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # under /api/v1/, with {names} from World.ids
    expect: str  # one status per role, in the order of ROLES
    body: Callable[[World, str], Any] | None = None
    multipart: bool = False
    # Unsafe rows: what the call may change (compared before and after).
    state: Callable[[World], Any] | None = None
    # Roles whose success legitimately changes nothing (a claim they already hold, their open
    # draft, a double submit).
    noop: str = ""
    # World.ids name -> the roles whose response contains it (everyone else's must not).
    sees: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def statuses(self) -> dict[str, int]:
        codes = self.expect.split()
        assert len(codes) == len(ROLES), f"{self}: {len(codes)} statuses for {len(ROLES)} roles"
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
    Row("POST", "submissions/{draft}/artifacts/",
                                  "201 404 404 404 404 404 404 404 404 404 404 404 403 403 401",
        body=_video, multipart=True, state=lambda w: _submission_state(w.draft)),
    Row("GET", "artifacts/{submitted_artifact}/",
                                  "200 404 404 200 404 404 404 404 404 404 200 404 403 403 401"),
    Row("GET", "artifacts/{draft_artifact}/",
                                  "200 404 404 404 404 404 404 404 404 404 200 404 403 403 401"),
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
        body=lambda w, role: {"image": _png()}, multipart=True,
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
]
# fmt: on


def _fresh(instance: Any) -> Any:
    instance.refresh_from_db()
    return instance


LEVELS = [
    {"name": "Developing", "description": "Not yet shown.", "passing": False},
    {"name": "Proficient", "description": "Shown.", "passing": True},
]


def _preferences() -> list[tuple[int, bool]]:
    return sorted(ReviewerPreference.objects.values_list("reviewer_id", "daily_digest"))


def _png(name: str = "badge.png") -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


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


# --------------------------------------------------------------------------------------------
# The world: built once for the matrix; every request is rolled back after it
# --------------------------------------------------------------------------------------------


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
        image=_png(),
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


def _build_world(cast: Cast) -> World:
    found = _catalog(cast)
    found |= _reviewers(cast, found["credential"])
    found |= _work(cast, found)
    found |= _administration(cast, found)
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
    }
    authorization, found["district_key"] = _authorization(cast, users)
    ids = {name: str(getattr(value, "public_id", value)) for name, value in found.items()}
    objects = {f.name: found[f.name] for f in fields(World) if f.name in found}
    return World(users=users, authorization=authorization, ids=ids, **objects)


@pytest.fixture(scope="class")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The world, once for the whole matrix (in a transaction rolled back at the end); each
    test runs in a savepoint inside it, each request in a savepoint inside that."""
    from badges import images

    root = tmp_path_factory.mktemp("matrix-media")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private")},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "public"), "base_url": "/media/public/"},
        },
    }
    with django_db_blocker.unblock(), override_settings(SITE_URL=SITE, STORAGES=storages):
        images._class_cache.clear()
        with transaction.atomic():
            yield _build_world(make_cast())
            transaction.set_rollback(True)
        images._class_cache.clear()


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


@cache
def _client() -> APIClient:
    """One client for the whole matrix: each new client builds the middleware chain again
    (WhiteNoise scans every static file then), which costs more than the request itself."""
    return APIClient()


def _call(world: World, row: Row, role: str) -> Any:
    url = API + row.path.format(**world.ids)
    data = row.body(world, role) if row.body else None
    client = _client()
    client.cookies.clear()
    if role == "anon":
        client.credentials()
    else:
        client.credentials(HTTP_AUTHORIZATION=world.authorization[role])
    # Distinct addresses: the token endpoint's per-address throttle must not answer 429.
    extra = {"REMOTE_ADDR": f"10.0.0.{ROLES.index(role) + 1}"}
    if row.method == "GET":
        return client.get(url, **extra)
    send = getattr(client, row.method.lower())
    return send(url, data, format="multipart" if row.multipart else "json", **extra)


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return str(response.content.decode(errors="replace"))


def _check(world: World, row: Row, role: str) -> list[str]:
    """What is wrong with `role`'s answer on `row` (empty when it is as the matrix says)."""
    problems: list[str] = []
    expected = row.statuses[role]
    try:
        with transaction.atomic():
            before = row.state(world) if row.state else None
            response = _call(world, row, role)
            body = _text(response)
            after = row.state(world) if row.state else None
            raise _RollBack
    except _RollBack:
        pass
    except Exception as error:  # a 500: name it with the role rather than stop the matrix
        return [f"{role}: expected {expected}, raised {type(error).__name__}: {error}"]
    if response.status_code != expected:
        problems.append(f"{role}: expected {expected}, got {response.status_code}: {body[:300]}")
    if row.state is not None:
        succeeded = 200 <= response.status_code < 300
        if not succeeded and after != before:
            problems.append(f"{role}: refused with {response.status_code} but changed {after}")
        if succeeded and role not in row.noop.split() and after == before:
            problems.append(f"{role}: answered {response.status_code} but changed nothing")
    for name, allowed in row.sees.items():
        shown = world.ids[name] in body
        if shown != (role in allowed.split()):
            problems.append(f"{role}: {'sees' if shown else 'does not see'} {name}")
    return problems


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.mark.parametrize("row", MATRIX, ids=str)
    def test_row(self, world: World, row: Row) -> None:
        problems = [problem for role in ROLES for problem in _check(world, row, role)]
        assert not problems, f"{row}\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Sessions and tokens
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_post_without_its_csrf_token_is_refused(cast: Any) -> None:
    credential = published_credential(cast.issuer, "formative-checks", with_artifact=False)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.educator)
    body = {"micro_credential": str(credential.public_id)}

    refused = client.post(API + "submissions/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Submission.objects.exists()

    csrf = "x" * 32
    client.cookies["csrftoken"] = csrf
    accepted = client.post(API + "submissions/", body, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    assert Submission.objects.get().educator == cast.educator
    assert client.get(API + "submissions/").status_code == 200  # safe methods need no token


@pytest.mark.django_db
def test_revoked_and_unknown_tokens_are_refused_even_on_public_endpoints(cast: Any) -> None:
    token, plain = api_token_create(user=cast.educator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    assert client.get(API + "submissions/").status_code == 200
    api_token_revoke(token=token)
    assert client.get(API + "submissions/").status_code == 401
    assert client.get(API + "focus-areas/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token mc_not-a-token")
    assert client.get(API + "submissions/").status_code == 401


# --------------------------------------------------------------------------------------------
# Coverage: no endpoint without a row
# --------------------------------------------------------------------------------------------

IGNORED_METHODS = {"options", "head"}


def _api_endpoints() -> Iterator[tuple[str, str]]:
    """(METHOD, route) for every view under /api/v1/, from the URL resolver."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    for route, callback in walk(get_resolver().url_patterns, ""):
        if not route.startswith("api/v1/"):
            continue
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        methods = getattr(view_class, "http_method_names", ["get"])
        for method in methods:
            if method not in IGNORED_METHODS and hasattr(view_class, method):
                yield method.upper(), route


def _row_endpoint(row: Row) -> tuple[str, str]:
    names = {name: str(uuid4()) for name in _path_names(row.path)}
    match = resolve(API + row.path.format(**names).split("?")[0])
    return row.method, match.route


def _path_names(path: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(path) if name]


def test_every_api_endpoint_has_a_row() -> None:
    endpoints = set(_api_endpoints())
    covered = {_row_endpoint(row) for row in MATRIX}
    assert endpoints, "the resolver walk found no API endpoints"
    missing = sorted(endpoints - covered)
    assert not missing, "endpoints without a permission row:\n" + "\n".join(
        f"  {method} /{route}" for method, route in missing
    )
    assert not covered - endpoints, f"rows for methods the views refuse: {covered - endpoints}"
