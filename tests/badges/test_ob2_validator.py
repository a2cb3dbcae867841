"""The official 1EdTech Open Badges 2.0 validator (badgecheck 1.2.0) against our live server.

The validator runs in its own Python 3.11 venv, installed by scripts/ob2-validator-setup.sh
into .venv-ob2/ (PyPI at install time only; the run itself is offline except for loopback).
It fetches our assertion, BadgeClass, issuer profile and images over HTTP from a real server
(pytest-django's live_server, on the test database) exactly as it would from anyone's.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from badges import documents, services
from badges.models import Badge
from tests.support.badges import pass_submission
from tests.support.credentials import published_credential
from tests.support.ob2_validator import Validator, install_validator
from tests.support.servers import get

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def validator() -> Validator:
    return install_validator()


@pytest.fixture
def live_site(live_server, settings) -> str:
    settings.SITE_URL = live_server.url
    return str(live_server.url)


@pytest.fixture
def live_badge(live_site, cast, credential) -> Badge:
    submission = pass_submission(cast.educator, credential, cast.reviewer)
    return services.badge_award(submission=submission)


def _download(url: str, target: Path) -> Path:
    status, body = get(url)
    assert status == 200, url
    target.write_bytes(body)
    return target


def test_fresh_assertion_is_valid_for_the_official_validator(validator, live_badge, cast):
    code, summary, report = validator.run("--data", documents.assertion_url(live_badge))
    assert code == 0, summary
    assert report["report"]["valid"] is True
    assert report["report"]["errorCount"] == 0
    assert report["report"]["validationSubject"] == documents.assertion_url(live_badge)
    graph_types = {node.get("type") for node in report["graph"]}
    assert {"Assertion", "BadgeClass", "Issuer"} <= graph_types

    code, summary, _ = validator.run(
        "--data",
        documents.assertion_url(live_badge),
        "--recipient",
        json.dumps({"email": cast.educator.email}),
    )
    assert code == 0, summary
    code, summary, _ = validator.run(
        "--data",
        documents.assertion_url(live_badge),
        "--recipient",
        json.dumps({"email": "someone-else@test.org"}),
    )
    assert code == 1
    assert "VERIFY_RECIPIENT_IDENTIFIER" in summary


def test_baked_png_and_svg_are_valid_for_the_official_validator(validator, live_badge, tmp_path):
    png = _download(documents.png_url(live_badge), tmp_path / "badge.png")
    code, summary, report = validator.run("--image", str(png))
    assert code == 0, summary
    assert report["report"]["validationSubject"] == documents.assertion_url(live_badge)

    svg = _download(documents.svg_url(live_badge), tmp_path / "badge.svg")
    code, summary, _ = validator.run("--image", str(svg))
    assert code == 0, summary


def test_expired_assertion_fails_the_official_validator(validator, live_site, cast):
    credential = published_credential(cast.issuer, "expiring-checks", with_artifact=False)
    credential.published_version.__class__.objects.filter(
        pk=credential.published_version_id
    ).update(validity_years=1)
    submission = pass_submission(cast.educator, credential, cast.reviewer)
    badge = services.badge_award(submission=submission)
    assert badge.expires_at is not None
    # The badge was issued two years ago; its one year of validity is over.
    issued = timezone.now() - timedelta(days=730)
    Badge.objects.filter(pk=badge.pk).update(
        issued_at=issued, expires_at=services.add_years(issued, 1)
    )
    code, summary, _ = validator.run("--data", documents.assertion_url(badge))
    assert code == 1
    assert "ASSERTION_TIMESTAMP_CHECKS" in summary and "expired" in summary


def test_revoked_assertion_answers_410_and_fails_the_official_validator(
    validator, live_badge, issuer_staff
):
    services.badge_revoke(badge=live_badge, by=issuer_staff, reason="Awarded in error")
    status, body = get(documents.assertion_url(live_badge), {"Accept": "application/ld+json"})
    assert status == 410
    assert json.loads(body)["revoked"] is True
    code, _summary, _ = validator.run("--data", documents.assertion_url(live_badge))
    assert code == 1


def test_stack_badge_assertion_is_valid_for_the_official_validator(validator, live_badge, cast):
    from tests.support.credentials import make_stack

    stack = make_stack(cast.issuer, [live_badge.credential])
    stack_badge = services.stack_badge_award(educator=cast.educator, stack=stack)
    assert stack_badge is not None
    code, summary, _ = validator.run("--data", documents.assertion_url(stack_badge))
    assert code == 0, summary
