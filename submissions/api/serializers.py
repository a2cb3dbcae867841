from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from common.api.filters import ListQuery
from submissions.models import Artifact, Response, Submission, TeamMembership

_DECIDED = (Submission.Status.PASSED, Submission.Status.NOT_YET)


class SubmissionQuerySerializer(ListQuery):
    """`GET /submissions/` filters (combined with AND); newest first without `ordering`."""

    status = serializers.ChoiceField(choices=Submission.Status.choices, required=False)
    micro_credential = serializers.UUIDField(required=False, help_text="A micro-credential's id.")
    ordering_fields = {
        "created": ("created_at",),
        "submitted": ("submitted_at",),
        "decided": ("decided_at",),
        "attempt": ("attempt",),
    }


class StartSubmissionSerializer(serializers.Serializer[Any]):
    micro_credential = serializers.UUIDField(help_text="The micro-credential's id.")
    team = serializers.ListField(
        child=serializers.EmailField(max_length=254),
        required=False,
        max_length=10,
        help_text="Start a team attempt, inviting these colleagues (they must accept); only "
        "where the micro-credential's `teams_allowed`.",
    )


class TeamMemberSerializer(serializers.ModelSerializer[TeamMembership]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    lead = serializers.SerializerMethodField()

    class Meta:
        model = TeamMembership
        fields = ["id", "name", "email", "status", "lead"]

    def get_lead(self, membership: TeamMembership) -> bool:
        return membership.user_id == self.context["lead_id"]


class TeamInvitationSerializer(serializers.ModelSerializer[TeamMembership]):
    """An invitation as its invitee sees it."""

    id = serializers.UUIDField(source="public_id")
    team = serializers.UUIDField(source="team.public_id")
    micro_credential = serializers.UUIDField(source="team.credential.public_id")
    title = serializers.CharField(source="team.version.title")
    lead = serializers.CharField(source="team.lead.get_full_name")
    submission = serializers.SerializerMethodField()

    class Meta:
        model = TeamMembership
        fields = ["id", "team", "micro_credential", "title", "lead", "status", "submission"]

    def get_submission(self, membership: TeamMembership) -> str | None:
        return str(membership.submission.public_id) if membership.submission else None


class ResponseTextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(allow_blank=True, max_length=100_000, trim_whitespace=False)


class ChecklistItemSerializer(serializers.Serializer[Any]):
    requirement = serializers.UUIDField(help_text="The evidence requirement's id.")
    title = serializers.CharField()
    problem = serializers.CharField(help_text="What is missing, in words.")


class ChecklistSerializer(serializers.Serializer[Any]):
    """What still keeps a draft from being submitted: the check `POST .../submit/` runs."""

    submission = serializers.UUIDField()
    status = serializers.CharField(
        help_text="The submission's status, as in `GET /submissions/{id}/`."
    )
    can_submit = serializers.BooleanField(
        help_text="True exactly when `POST /submissions/{id}/submit/` would accept it now."
    )
    items = ChecklistItemSerializer(many=True, help_text="Empty when nothing is missing.")


class ResponseOutSerializer(serializers.ModelSerializer[Response]):
    requirement = serializers.UUIDField(source="requirement.public_id")
    updated_at = serializers.DateTimeField()

    class Meta:
        model = Response
        fields = ["requirement", "text", "revision", "updated_at"]


class ArtifactSummarySerializer(serializers.ModelSerializer[Artifact]):
    id = serializers.UUIDField(source="public_id")
    requirement = serializers.UUIDField(source="requirement.public_id")

    class Meta:
        model = Artifact
        fields = ["id", "requirement", "status", "filename", "size", "content_type"]


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    """A submission; `responses` and `artifacts` only for those who may see the evidence."""

    id = serializers.UUIDField(source="public_id")
    micro_credential = serializers.UUIDField(source="credential.public_id")
    responses = serializers.SerializerMethodField()
    artifacts = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "micro_credential",
            "status",
            "attempt",
            "is_renewal",
            "created_at",
            "submitted_at",
            "decided_at",
            "responses",
            "artifacts",
            "review",
            "team",
        ]

    def get_team(self, submission: Submission) -> dict[str, Any] | None:
        """A team attempt's team, for its own members: id, lead, members and their answers."""
        team = submission.team
        request = self.context["request"]
        if team is None or not request.user.has_perm("submissions.view_submission", submission):
            return None
        # .all(): the list prefetched them (sorted here, so the prefetch is used).
        memberships = sorted(team.memberships.all(), key=lambda m: (m.created_at, m.pk))
        return {
            "id": str(team.public_id),
            "lead": submission.educator_id == team.lead_id,
            "members": TeamMemberSerializer(
                memberships, many=True, context={"lead_id": team.lead_id}
            ).data,
        }

    def _evidence_visible(self, submission: Submission) -> bool:
        request = self.context["request"]
        return bool(request.user.has_perm("submissions.view_evidence", submission))

    def get_responses(self, submission: Submission) -> list[dict[str, Any]]:
        if not self._evidence_visible(submission):
            return []
        return list(ResponseOutSerializer(submission.responses.all(), many=True).data)

    def get_artifacts(self, submission: Submission) -> list[dict[str, Any]]:
        if not self._evidence_visible(submission):
            return []
        live = [a for a in submission.artifacts.all() if a.deleted_at is None]
        return list(ArtifactSummarySerializer(live, many=True).data)

    def get_review(self, submission: Submission) -> dict[str, Any] | None:
        """The decision, and for those who may see the evidence the feedback too (an admin
        sees outcomes, not the reviewer's comments on someone's teaching)."""
        # Submission pk -> review summary, from the caller: reviews serves the endpoints that
        # can show a decided submission (reviews/api/submission_views.py); the others answer
        # an open or withdrawn attempt, which has none.
        summaries = self.context.get("review_summaries")
        if summaries is None:
            if submission.status in _DECIDED:
                raise ImproperlyConfigured("A decided submission needs its review_summaries.")
            return None
        summary = summaries.get(submission.pk)
        if summary is None or self._evidence_visible(submission):
            return summary
        return {"decision": summary["decision"], "decided_at": summary["decided_at"]}
