"""`seed_demo --with-activity`: a little history for the demo accounts, through the services."""

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from accounts.services import user_note_activity
from credentials.models import MicroCredential
from reviews.services import ScoreInput, review_claim, review_complete
from submissions.artifacts import artifact_create, artifact_receive_file
from submissions.models import Submission
from submissions.services import response_save, submission_start, submission_submit

from .cast import DEMO_REVIEWER

# A one-page PDF ("Demo evidence"), small enough to keep in the code.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 700 Td (Demo evidence) Tj ET\nendstream\n"
    b"endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# Who did what, on micro-credentials whose file uploads all take documents.
EARNED = ("educator2@example.com", "exit-tickets-that-drive-instruction")
# James's second badge: one claim approved and one pending under the licensure board
# (demo/data/recognition.json) needs two badges.
EARNED_TOO = ("educator2@example.com", "diagnostic-multiple-choice-items")
NOT_YET = ("educator@example.com", "item-level-error-analysis")
DRAFT = ("educator@example.com", "relevance-through-utility-value")
WAITING = ("educator3@example.com", "two-way-family-communication")


def seed_demo_activity() -> bool:
    """A little history for the demo accounts, so each sees the product at work: James Carter
    earned two badges, Maria Lopez has "not yet" feedback to act on and a draft under way, Priya
    Shah waits in the reviewer's queue. Through the real services, with tasks run in process
    (make run). Only once: False when a demo educator already has a submission."""
    emails = {EARNED[0], NOT_YET[0], WAITING[0]}
    if Submission.objects.filter(educator__email__in=emails).exists():
        return False
    reviewer = User.objects.get(email=DEMO_REVIEWER)
    for activity in (EARNED, EARNED_TOO):
        _decide(_submitted(*activity), reviewer, passing=True)
    not_yet = _submitted(*NOT_YET)
    _decide(not_yet, reviewer, passing=False)
    _started(*DRAFT)
    _submitted(*WAITING)
    # They used the platform just now: the district dashboard's "Last activity" says so.
    for email in {*emails, reviewer.email}:  # Maria's draft is hers too
        user_note_activity(user=User.objects.get(email=email))
    return True


def _started(email: str, slug: str) -> Submission:
    educator = User.objects.get(email=email)
    credential = MicroCredential.objects.get(slug=slug)
    with transaction.atomic():
        submission = submission_start(educator=educator, credential=credential)
        first = submission.version.requirements.filter(kind="text").order_by("part", "position")
        response_save(
            submission=submission,
            requirement=first[0],
            text="In my classroom I started by asking students what they already knew.",
            by=educator,
        )
    return submission


def _submitted(email: str, slug: str) -> Submission:
    """An attempt with every text written and a document for every upload, submitted."""
    submission = _started(email, slug)
    educator = submission.educator
    for requirement in submission.version.requirements.all():
        if requirement.kind == "text":
            response_save(
                submission=submission,
                requirement=requirement,
                text=f"For {requirement.title.lower()}: what I planned, what happened, and "
                "what the students' work showed me.",
                by=educator,
            )
            continue
        with transaction.atomic():  # processing runs when this commits (tasks in process)
            artifact = artifact_create(
                submission=submission,
                requirement=requirement,
                filename=f"{requirement.title}.pdf",
                size=len(DEMO_PDF),
                content_type="application/pdf",
                by=educator,
            )
            artifact_receive_file(artifact=artifact, file=ContentFile(DEMO_PDF))
    return submission_submit(submission=submission, by=educator)


def _decide(submission: Submission, reviewer: User, *, passing: bool) -> None:
    review = review_claim(submission=submission, reviewer=reviewer)
    scores = []
    for index, criterion in enumerate(submission.version.criteria.all()):
        levels = list(criterion.levels.all())
        meets = next(level for level in levels if level.passing)
        below = next(level for level in levels if not level.passing)
        short = not passing and index == 0
        feedback = (
            "The evidence shows the routine once; show how you used what it told you the next "
            "day, with two students' work before and after."
            if short
            else ""
        )
        scores.append(
            ScoreInput(criterion=criterion, level=below if short else meets, feedback=feedback)
        )
    review_complete(
        review=review,
        by=reviewer,
        scores=scores,
        feedback="Clear, well organized evidence."
        if passing
        else "A good start: one criterion needs more evidence. Try again with the note below.",
    )
