"""A world whose every user-controlled text is an XSS payload, built through the services."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accounts.services import user_update_profile
from badges import services as badge_services
from credentials.models import Competency, FocusArea, MicroCredentialVersion
from credentials.services import credential_create, criterion_add, requirement_add, version_publish
from reviews import services as review_services
from rosters.services import roster_import_preview
from submissions import services as submission_services
from tests.rosters.test_roster import orgs_csv, user_line, users_csv
from tests.support.badges import pass_submission
from tests.support.cast import Cast
from tests.support.reviews import scores, set_policy
from tests.support.submissions import ready_artifact

# Breaks out of text, attributes ("), textareas and script blocks alike.
PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(1)</script></textarea>"
# Where a value becomes a file path or a CSV cell: no slash, comma or double quote.
PLAIN_PAYLOAD = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"

# What a rendered page must never contain: a live tag or handler from the payloads, or a
# javascript: link. What it must contain: the payload, escaped (proof it was rendered).
RAW = ("<img src=x", "<script>alert(1)", "</textarea><", 'href="javascript:')
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(html: str, where: object) -> None:
    lowered = html.lower()
    leaked = [marker for marker in RAW if marker.lower() in lowered]
    assert not leaked, f"{where}: unescaped {leaked}"
    assert ESCAPED in html, f"{where}: the payload is not on the page (the check proves nothing)"


@dataclass
class Poisoned:
    credential: Any
    submission: Any
    review: Any
    badge: Any
    roster_import: Any
    requirement: Any


def poison(cast: Cast) -> Poisoned:
    """Payloads in: names, catalog text (every field an author types), responses, the
    reviewer's comment and feedback, roster org and people names, the badge's summary."""
    for user in (cast.educator, cast.reviewer, cast.author, cast.district_admin):
        user_update_profile(user=user, display_name=f"{PAYLOAD} {user.email}")
    credential = _poisoned_credential(cast)
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))

    submission = submission_services.submission_start(educator=cast.educator, credential=credential)
    requirement = None
    for requirement_ in submission.version.requirements.all():
        if requirement_.kind == "text":
            submission_services.response_save(
                submission=submission, requirement=requirement_, text=PAYLOAD, by=cast.educator
            )
        else:
            requirement = requirement_
            ready_artifact(submission, requirement_, filename=f"{PLAIN_PAYLOAD}.mp4")
    submission_services.submission_submit(submission=submission, by=cast.educator)
    review = review_services.review_claim(submission=submission, reviewer=cast.reviewer)
    review_services.review_comment_add(
        review=review, requirement=requirement, text=PAYLOAD, by=cast.reviewer
    )
    badge_credential = _poisoned_credential(cast, slug="xss-badge", with_artifact=False)
    badge = badge_services.badge_award(
        submission=pass_submission(cast.educator, badge_credential, cast.reviewer)
    )
    badge_services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=True,
        evidence_summary=PAYLOAD,
        evidence_published=True,
    )
    roster = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=users_csv(
            user_line("t-1", "sch-x", "teacher", PLAIN_PAYLOAD, PLAIN_PAYLOAD, "x@example.org")
        ),
        orgs_file=orgs_csv(
            f"dist-1,,2026-08-01T00:00:00Z,{PLAIN_PAYLOAD},district,,",
            f"sch-x,,2026-08-01T00:00:00Z,{PLAIN_PAYLOAD} school,school,,dist-1",
        ),
    )
    return Poisoned(credential, submission, review, badge, roster, requirement)


def complete_with_feedback(poisoned: Poisoned, cast: Cast) -> None:
    """The reviewer answers "not yet" with the payload as overall and criterion feedback."""
    version = poisoned.submission.version
    failing = {c.title for c in version.criteria.all()}
    review_services.review_complete(
        review=poisoned.review,
        by=cast.reviewer,
        scores=scores(version, failing=failing, feedback=PAYLOAD),
        feedback=PAYLOAD,
    )


def _poisoned_credential(cast: Cast, slug: str = "xss-credential", *, with_artifact: bool = True):
    area, _ = FocusArea.objects.get_or_create(slug="xss", defaults={"name": PAYLOAD})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name=PAYLOAD, defaults={"statement": PAYLOAD}
    )
    version = credential_create(
        issuer=cast.issuer,
        slug=slug,
        title=f"{PAYLOAD} {slug}",
        focus_area=area,
        competency=competency,
        key_method=PAYLOAD,
        pd_hours=Decimal("5"),
        by=None,
        research=PAYLOAD,
        method_components=[PAYLOAD],
        # Written past the form (which refuses it), as an API or an import could.
        resources=[{"title": PAYLOAD, "url": JS_URL}],
    )
    parts = [
        requirement_add(version=version, part=part, title=PAYLOAD, prompt=PAYLOAD, kind="text")
        for part in ((1, 3) if with_artifact else (1, 2, 3))
    ]
    if with_artifact:
        parts.append(
            requirement_add(
                version=version,
                part=2,
                title=PAYLOAD,
                prompt=PAYLOAD,
                kind="artifact",
                accepted_types=["video"],
                max_size_mb=10,
            )
        )
    levels = [
        {"name": f"{PAYLOAD} no", "description": PAYLOAD, "passing": False},
        {"name": f"{PAYLOAD} yes", "description": PAYLOAD, "passing": True},
    ]
    criterion_add(
        version=version, title=PAYLOAD, description=PAYLOAD, requirements=parts, levels=levels
    )
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential
