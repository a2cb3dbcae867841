"""Transcripts: an educator's earned micro-credentials, with PD hours, CEUs and verification
links (the page, its PDF, and the earned export's links)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from badges.selectors import verification_urls_for_submissions
from organizations.models import Membership, Organization, Role
from submissions.models import Submission


@dataclass
class TranscriptEntry:
    submission_id: int
    title: str
    focus_area: str
    issuer: str
    earned_on: date | None
    pd_hours: Decimal
    ceus: Decimal | None
    verification_url: str = ""
    renewal: bool = False  # earned again to renew an expiring badge (its PD hours count)


@dataclass
class Transcript:
    educator: User
    entries: list[TranscriptEntry]
    organizations: list[Organization]

    @property
    def earned(self) -> int:
        """Micro-credentials earned, each once (renewals are entries of their own)."""
        return sum(1 for e in self.entries if not e.renewal)

    @property
    def renewals(self) -> int:
        return sum(1 for e in self.entries if e.renewal)

    @property
    def total_label(self) -> str:
        """ "Total: 3 micro-credentials" (", 1 renewal" when there are renewals)."""
        label = f"Total: {self.earned} micro-credential{'s' * (self.earned != 1)}"
        if self.renewals:
            label += f", {self.renewals} renewal{'s' * (self.renewals != 1)}"
        return label

    @property
    def total_pd_hours(self) -> Decimal:
        return sum((e.pd_hours for e in self.entries), Decimal("0"))

    @property
    def total_ceus(self) -> Decimal:
        return sum((e.ceus or Decimal("0") for e in self.entries), Decimal("0"))


def transcript_for(educator: User) -> Transcript:
    """The educator's earned micro-credentials (passed submissions; decided_at is the date
    earned), with verification links where the badges app provides them."""
    earned = (
        Submission.objects.filter(educator=educator, status=Submission.Status.PASSED)
        .select_related("version__focus_area", "credential__issuer")
        .order_by("decided_at", "pk")
    )
    entries = [
        TranscriptEntry(
            submission_id=s.pk,
            title=s.version.title,
            focus_area=s.version.focus_area.name,
            issuer=s.credential.issuer.name,
            earned_on=timezone.localtime(s.decided_at).date() if s.decided_at else None,
            pd_hours=s.version.pd_hours,
            ceus=s.version.ceus,
            renewal=s.is_renewal,
        )
        for s in earned
    ]
    links = verification_links([e.submission_id for e in entries])
    for entry in entries:
        entry.verification_url = links.get(entry.submission_id, "")
    organizations = [
        m.organization
        for m in Membership.objects.filter(
            user=educator, is_active=True, role=Role.EDUCATOR
        ).select_related("organization__parent")
    ]
    return Transcript(educator=educator, entries=entries, organizations=organizations)


def verification_links(submission_ids: list[int]) -> dict[int, str]:
    """Public verification URLs of the badges for these submissions (the hosted assertions)."""
    if not submission_ids:
        return {}
    return verification_urls_for_submissions(submission_ids)
