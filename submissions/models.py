"""Attempts at a micro-credential: the submission, its text responses and artifacts.

Status moves only through `services.py` along `TRANSITIONS`; every move writes a
`SubmissionEvent`.
"""

import uuid
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from credentials.models import EvidenceRequirement, MicroCredential, MicroCredentialVersion


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        PASSED = "passed", "Passed"
        NOT_YET = "not_yet", "Not yet"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES: ClassVar = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW)
    # Which status may follow which. Anything else raises IllegalTransition.
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.IN_REVIEW, Status.WITHDRAWN},
        Status.IN_REVIEW: {Status.SUBMITTED, Status.PASSED, Status.NOT_YET},
        Status.PASSED: set(),
        Status.NOT_YET: set(),
        Status.WITHDRAWN: set(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="submissions"
    )
    version = models.ForeignKey(
        MicroCredentialVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    is_renewal = models.BooleanField(
        default=False,
        # Rows written without it (bulk SQL, the previous release mid-deploy) are no renewal.
        db_default=False,
        help_text="Started after an earlier attempt passed, to renew its expiring badge.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The "we received it" email went out (at most once, however often its task runs).
    received_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    evidence_deleted_at = models.DateTimeField(null=True, blank=True)
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    # A team attempt's member submission (ADR 0032): the lead's holds the shared evidence.
    team = models.ForeignKey(
        "Team", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["educator", "credential", "attempt"], name="submissions_attempt_unique"
            ),
            # One open attempt per educator and micro-credential: a double click or two tabs
            # can never create two drafts.
            models.UniqueConstraint(
                fields=["educator", "credential"],
                condition=Q(status__in=["draft", "submitted", "in_review"]),
                name="submissions_one_open_attempt",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["educator", "status"]),
            # First earnings in order of their time to earn, per micro-credential: the
            # dashboard reads the few at the median's rank (reporting, ADR 0040).
            models.Index(
                "credential",
                models.ExpressionWrapper(
                    models.F("decided_at")
                    - Coalesce(models.F("submitted_at"), models.F("created_at")),
                    output_field=models.DurationField(),
                ),
                name="submission_time_to_earn",
                condition=models.Q(status="passed", is_renewal=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential.slug} #{self.attempt} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_team_member_attempt(self) -> bool:
        """Part of a team, and not the lead's (the lead's holds the shared evidence)."""
        return self.team is not None and self.team.lead_id != self.educator_id


class Team(models.Model):
    """A team attempt (ADR 0032): the lead started it; each accepted member has a Submission
    of their own (`submissions`), the lead's holding the shared evidence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credential = models.ForeignKey(MicroCredential, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="teams_led"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"team {self.public_id} on {self.credential_id}"


class TeamMembership(models.Model):
    """One person's place in a team: nobody joins without accepting an invitation."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left"
        # The invitation was still open when the lead submitted, or the team was withdrawn.
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE_STATUSES: ClassVar = (Status.INVITED, Status.ACCEPTED)
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.INVITED: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED},
        Status.ACCEPTED: {Status.LEFT, Status.CANCELLED},
        Status.DECLINED: set(),
        Status.LEFT: set(),
        Status.CANCELLED: set(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Each email goes out at most once (common/mail.py): the invitation, and the answer
    # (accepted, declined, left, cancelled) to whoever did not give it.
    invitation_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["team", "user"], name="submissions_team_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id} ({self.status})"


class TeamEvent(models.Model):
    """Audit row of a team: an invitation, an answer, a departure, the submission."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="events")
    membership = models.ForeignKey(
        TeamMembership, null=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status} {self.note}"


class SubmissionEvent(models.Model):
    """Audit row: who moved a submission from what to what, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class Response(models.Model):
    """The educator's written answer to one text requirement (latest text)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="responses")
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    # The page (one load of the workspace in one tab) that saved last, and its save number:
    # its own saves may arrive out of order (a debounced save and the one sent as the tab
    # closes), and an older one must not overwrite a newer one (services.response_save).
    last_page = models.CharField(max_length=40, blank=True, default="", db_default="")
    last_page_save = models.PositiveIntegerField(default=0, db_default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["submission", "requirement"], name="submissions_one_response_each"
            )
        ]

    def __str__(self) -> str:
        return f"response {self.pk} r{self.revision}"


class ResponseRevision(models.Model):
    """History of a response: autosaves within a minute fold into one revision."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="history")
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"revision {self.pk}"


class Artifact(models.Model):
    """An uploaded file for an artifact requirement, and what processing learned about it."""

    class Status(models.TextChoices):
        UPLOADING = "uploading", "Uploading"
        PROCESSING = "processing", "Processing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="artifacts")
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADING)
    filename = models.CharField(max_length=255)  # sanitized, for display and downloads
    storage_key = models.CharField(max_length=500, unique=True)
    upload_id = models.CharField(max_length=255, blank=True)  # S3 multipart upload id
    declared_size = models.BigIntegerField(null=True, blank=True)
    declared_type = models.CharField(max_length=120, blank=True)  # what the browser claimed
    size = models.BigIntegerField(null=True, blank=True)  # measured
    sha256 = models.CharField(max_length=64, blank=True)
    content_type = models.CharField(max_length=120, blank=True)  # detected from the bytes
    detected_kind = models.CharField(max_length=12, blank=True)  # video/audio/document/image
    duration_seconds = models.FloatField(null=True, blank=True)
    media_info = models.JSONField(default=dict, blank=True)  # codecs, dimensions
    poster_key = models.CharField(max_length=500, blank=True)
    rendition_key = models.CharField(max_length=500, blank=True)
    preview_key = models.CharField(max_length=500, blank=True)
    failure_reason = models.TextField(blank=True)
    processing_attempts = models.PositiveSmallIntegerField(default=0)
    # Artifacts carried into a later attempt share the stored bytes with their source.
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def processing_stuck(self) -> bool:
        """Processing that no worker is doing (see `stuck_processing`): Retry is offered."""
        if self.status != self.Status.PROCESSING or self.deleted_at is not None:
            return False
        silent = (
            settings.EVIDENCE_PROCESSING_SILENT_SECONDS
            if self.processing_started_at
            else settings.EVIDENCE_PROCESSING_STALE_SECONDS
        )
        return self.updated_at < timezone.now() - timedelta(seconds=silent)


def stuck_processing(now: datetime) -> Q:
    """Artifacts "processing" that no worker is doing: a run whose heartbeat stopped (its worker
    died: a run touches `updated_at` every EVIDENCE_PROCESSING_HEARTBEAT_SECONDS), or a message
    that waited in the queue past the processing time limit (it was lost)."""
    silent = now - timedelta(seconds=settings.EVIDENCE_PROCESSING_SILENT_SECONDS)
    stale = now - timedelta(seconds=settings.EVIDENCE_PROCESSING_STALE_SECONDS)
    started = Q(processing_started_at__isnull=False, updated_at__lt=silent)
    return Q(status=Artifact.Status.PROCESSING, deleted_at=None) & (
        started | Q(updated_at__lt=stale)
    )


class ArtifactEvent(models.Model):
    """Audit row for an artifact's pipeline: from what status to what, when and why (the
    failure reason, a retry, a sweeper re-enqueue)."""

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class EvidenceAccess(models.Model):
    """Every view or download of evidence: who, when, what."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        STREAM = "stream", "Played"

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.artifact_id}"
