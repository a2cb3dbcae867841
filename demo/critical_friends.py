"""The demo's critical friends (demo/data/critical-friends.json): Maria's draft shared with James,
a colleague of her cohort, and his comment on it. Through community's services, after the demo
activity (which starts the draft). Idempotent: a share is made once, a comment added once."""

from django.db import transaction

from accounts.models import User
from community import peer
from community.models import PeerComment
from submissions.models import Submission

from .files import DATA_DIR, read

CRITICAL_FRIENDS_FILE = DATA_DIR / "critical-friends.json"


def seed_demo_critical_friends() -> int:
    """The file's shares and comments that are not there yet. Returns how many comments were
    added (nothing without the educator's draft or a cohort in common)."""
    added = 0
    for entry in read(CRITICAL_FRIENDS_FILE)["shares"]:
        draft = Submission.objects.filter(
            educator__email=entry["educator"],
            credential__slug=entry["micro_credential"],
            status=Submission.Status.DRAFT,
        ).first()
        if draft is None:
            continue
        friends = list(User.objects.filter(email__in=entry["shared_with"]))
        with transaction.atomic():
            try:
                peer.peer_share(submission=draft, people=friends, by=draft.educator)
            except peer.PeerError:
                continue  # not in a cohort together (the community demo was not seeded)
            for comment in entry["comments"]:
                added += _comment(draft, comment)
    return added


def _comment(draft: Submission, comment: dict[str, object]) -> int:
    if PeerComment.objects.filter(submission=draft, body=comment["body"]).exists():
        return 0
    requirement = None
    if comment["requirement"]:
        requirement = draft.version.requirements.get(title=comment["requirement"]).public_id
    peer.peer_comment_add(
        submission=draft,
        author=User.objects.get(email=str(comment["by"])),
        body=str(comment["body"]),
        requirement_id=requirement,
    )
    return 1
