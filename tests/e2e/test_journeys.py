"""The four journeys of the platform, in real Chromium against `make stack`'s topology: gunicorn
and a Celery worker under the production (stack) settings, PostgreSQL, Redis and the moto S3
server, with the demo data.

1. An educator finds a micro-credential by search, starts it, writes responses (closing the tab
   midway loses nothing), uploads a 200 MB classroom video (cut off, then resumed), submits.
2. The reviewer claims it, plays the video, scores and decides "not yet" with feedback; the
   educator reads it and resubmits; the reviewer passes it.
3. The educator sees the badge, opens its public page and verifies it; the official Open Badges
   2.0 validator accepts the assertion.
4. The district admin sees the educator as earned, filters by school, exports CSV and opens the
   transcript PDF.

Every page visited is checked with axe-core (no serious or critical WCAG 2.1 AA violation) and
saved as a screenshot; the key actions (start, upload, submit, score, complete) use the keyboard.
"""

import hashlib
import json
from pathlib import Path

import pytest
from django.db import connection

from organizations.models import Organization
from reviews.models import ReviewPolicy
from tests.interop import node
from tests.support.browser import SCREENSHOTS
from tests.support.journeys.badge import see_badge, verify
from tests.support.journeys.district_admin import district_admin
from tests.support.journeys.educator import (
    find_and_start,
    object_sha256,
    submit,
    upload_plan,
    upload_video,
    write_responses,
)
from tests.support.journeys.people import ADMIN, EDUCATOR, REVIEWER, Person, person_signed_in
from tests.support.journeys.reviewer import (
    claim,
    decide,
    play_video,
    read_feedback_and_resubmit,
    score,
)
from tests.support.media_files import make_classroom_video
from tests.support.ob2_validator import Validator
from tests.support.stack import Stack, running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.s3]


# --------------------------------------------------------------------------------------------
# Fixtures: the stack, the media
# --------------------------------------------------------------------------------------------


@pytest.fixture
def stack(transactional_db, s3_endpoint, s3_buckets):
    with running_stack(
        database=connection.settings_dict, s3_endpoint=s3_endpoint, buckets=s3_buckets
    ) as running:
        running.manage("seed_demo")
        # The demo issuer samples a share of decisions for a second review by another reviewer;
        # these journeys follow one reviewer, so no sampling (the decision goes to the educator).
        issuer = Organization.objects.get(slug="open-practice")
        ReviewPolicy.objects.update_or_create(issuer=issuer, defaults={"second_review_rate": 0})
        yield running


@pytest.fixture(scope="session")
def classroom_video() -> Path:
    return make_classroom_video()


@pytest.fixture(scope="session")
def question_plan(tmp_path_factory) -> Path:
    """A real one-page PDF, as a word processor would export it."""
    from PIL import Image, ImageDraw

    path = tmp_path_factory.mktemp("docs") / "question-plan.pdf"
    image = Image.new("RGB", (850, 1100), "white")
    ImageDraw.Draw(image).text((60, 60), "Question plan: six key questions", fill="black")
    image.save(path, "PDF")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(8 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# The journeys, in order, on one stack (their steps: tests/support/journeys/)
# --------------------------------------------------------------------------------------------


def test_four_journeys_on_the_stack(
    stack: Stack,
    browser,
    classroom_video: Path,
    question_plan: Path,
    request: pytest.FixtureRequest,
    s3_endpoint: str,
    s3_buckets: dict[str, str],
    tmp_path: Path,
) -> None:
    base = stack.url
    people: list[Person] = []
    for old in SCREENSHOTS.glob("journeys-*"):
        old.unlink()  # this run's screenshots only

    def sign_in(name: str, email: str) -> Person:
        people.append(person_signed_in(browser, base, name, email))
        return people[-1]

    try:
        # 1. The educator: search, start, write (tab closed midway), upload, submit.
        maria = sign_in("educator", EDUCATOR)
        submission = find_and_start(maria)
        write_responses(maria, submission)
        upload_plan(maria, submission, question_plan)
        artifact = upload_video(
            maria, submission, classroom_video, s3_endpoint, s3_buckets["private"]
        )
        artifact.refresh_from_db()
        assert artifact.size == classroom_video.stat().st_size
        assert artifact.sha256 == _sha256(classroom_video)
        key = artifact.storage_key
        assert object_sha256(s3_endpoint, s3_buckets["private"], key) == artifact.sha256
        submit(maria)
        maria.assert_clean()

        # 2. The reviewer: not yet; the educator resubmits; pass.
        reviewer = sign_in("reviewer", REVIEWER)
        claim(reviewer, submission)
        play_video(reviewer)
        score(reviewer, submission, failing_first=True)
        decide(reviewer, "Not yet")
        second = read_feedback_and_resubmit(maria, submission)
        claim(reviewer, second)
        play_video(reviewer)
        score(reviewer, second, failing_first=False)
        decide(reviewer, "Pass")
        reviewer.assert_clean()

        # 3. The badge: seen, shown, verified, and valid for the official validator.
        badge = see_badge(maria)
        assert maria.page.url == f"{base}/badges/{badge.public_id}/"
        assertion = maria.page.locator('link[rel="alternate"]').get_attribute("href")
        assert assertion == f"{base}/ob2/assertions/{badge.public_id}"
        visitor_context = browser.new_context(viewport={"width": 1280, "height": 900})
        visitor = Person("visitor", visitor_context, visitor_context.new_page(), base)
        visitor.watch(visitor.page)
        people.append(visitor)
        verify(visitor, maria.page.url)
        validator: Validator = request.getfixturevalue("ob2_validator")
        code, summary, report = validator.run(
            "--data", assertion, "--recipient", json.dumps({"email": EDUCATOR})
        )
        assert code == 0, summary
        assert report["report"]["valid"] is True and report["report"]["errorCount"] == 0
        # The OB 3.0 credential the worker signed, verified by Digital Bazaar's verifier.
        credential = node.http_json(f"{base}/ob3/credentials/{badge.public_id}")
        [independent] = node.verify([credential], node.served_documents([credential]))
        assert independent == {"verified": True, "errors": [], "revoked": False}, independent
        maria.assert_clean()
        visitor.assert_clean()

        # 4. The district admin.
        admin = sign_in("admin", ADMIN)
        district_admin(admin, tmp_path)
        admin.assert_clean()
    except Exception:
        for person in people:
            print(f"---- {person.name}: {person.errors}")
        for name in ("web", "worker"):
            print(f"---- {name}.log (tail)\n{stack.log(name)[-4000:]}")
        raise
    finally:
        for person in people:
            person.context.close()
