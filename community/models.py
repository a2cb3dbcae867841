"""Cohorts, their people and milestones, discussion, and drafts shared with critical friends.

Membership is by consent: an invitation waits until the person accepts it, and a join code only
admits people of the organization (or the organizations under it) that shares the code.
"""

import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from credentials.models import EvidenceRequirement, MicroCredential, RubricCriterion, Stack
from organizations.models import Organization
from submissions.models import Submission

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Cohort(models.Model):
    """A group learning the same micro-credentials (or a stack) together between two dates.

    `organization` runs it (a state, a district, an issuer): its admins manage the cohort and its
    join code admits the people of that organization and everything under it, so a state's
    cohort spans its districts.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cohorts")
    starts_on = models.DateField()
    ends_on = models.DateField()
    micro_credentials = models.ManyToManyField(MicroCredential, blank=True, related_name="cohorts")
    stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts"
    )
    # Empty when joining by code is turned off; regenerated to revoke a code that leaked.
    join_code = models.CharField(max_length=16, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-starts_on", "name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="community_cohort_dates"
            ),
            models.UniqueConstraint(
                fields=["join_code"],
                condition=~Q(join_code=""),
                name="community_cohort_join_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    """A person in a cohort, as a member or a facilitator. Invited people are not members until
    they accept; people who left keep their row (and their posts) but see nothing more."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FACILITATOR = "facilitator", "Facilitator"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left"
        REMOVED = "removed", "Removed"

    class Notify(models.TextChoices):
        """How mentions reach this person: an email each time, a daily digest, or none."""

        EACH = "each", "An email for each mention"
        DIGEST = "digest", "A daily digest"
        NONE = "none", "No email"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    notify = models.CharField(max_length=8, choices=Notify.choices, default=Notify.EACH)
    # The invitation email went out (at most once per invitation: a new invitation clears it).
    invitation_email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["cohort", "user"], name="community_one_membership"),
        ]
        indexes: ClassVar = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort} ({self.role}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Milestone(models.Model):
    """A date the facilitator sets ("video recorded by March 3"), optionally for one credential."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField()
    micro_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["due_on", "title"]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    """A discussion in a cohort: general, or about one of its micro-credentials. Announcements
    are threads facilitators start with `is_announcement` (members are emailed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    micro_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort_threads"
    )
    is_announcement = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(auto_now_add=True)
    # An announcement's email to the members went out (at most once).
    announcement_email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-pinned", "-last_post_at"]
        indexes: ClassVar = [models.Index(fields=["cohort", "-pinned", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """One message in a thread. `body` is the author's Markdown as typed; pages render it
    sanitized. A reply names the post it answers (within the same thread)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort_posts"
    )
    body = models.TextField()
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post {self.public_id} in {self.thread_id}"


class PostReport(models.Model):
    """A member's report of a post to the cohort's facilitators; one per person and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "reporter"], name="community_one_report"),
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}"


class PeerShare(models.Model):
    """A draft an educator shares with a critical friend (a person in one of their cohorts).
    Ends when the submission is submitted or withdrawn, or when the educator stops sharing."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts_shared_with_me"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["submission", "person"],
                condition=Q(ended_at__isnull=True),
                name="community_one_open_share",
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.submission_id} shared with {self.person_id}"


class PeerComment(models.Model):
    """A critical friend's comment on a shared draft, on the whole draft, one requirement or
    one rubric criterion. Official reviewers never see these (no review page reads them)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(
        EvidenceRequirement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        RubricCriterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(requirement__isnull=True) | Q(criterion__isnull=True),
                name="community_comment_one_anchor",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.public_id} on submission {self.submission_id}"


# --------------------------------------------------------------------------------------------
# Discussion: attachments, mentions and the emails about them (community/discussion.py)
# --------------------------------------------------------------------------------------------


class PostAttachment(models.Model):
    """An image or a PDF on a post. The bytes live in private storage under `storage_key`; the
    type is what the bytes are (never what the browser said), and only the cohort's active
    members download it, through a permission-checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    storage_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Mention(models.Model):
    """A person named with @ in a post (Post.mentions says who; this row says what became of
    the notice): emailed at once, in a digest, or seen on the page before any email."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mention_notices")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "person"], name="community_one_mention"),
        ]
        indexes: ClassVar = [models.Index(fields=["person", "seen_at", "emailed_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} mentioned in post {self.post_id}"


class DiscussionEmail(models.Model):
    """The record that an email keyed by name went out (a person's digest of one day), so a
    task that runs twice sends it once (common/mail.py RecordClaim)."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
