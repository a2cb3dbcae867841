"""What a micro-credential's page offers a signed-in educator, wherever they stand with it (start,
continue, follow, start the next attempt, or see the badge), and the badge on a passed
submission's page."""

import pytest
from django.urls import reverse

from badges.services import badge_award
from credentials.models import MicroCredential
from tests.support.credentials import credential_action, make_credential
from tests.support.submissions import attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(cast):
    return make_credential(cast.issuer, "wait-time")


def test_a_new_educator_is_offered_to_start(client, cast, credential):
    client.force_login(cast.educator)
    action = credential_action(client, credential)
    assert "Start this micro-credential" in action
    assert reverse("submissions:start", args=[credential.slug]) in action


def test_a_draft_is_continued_not_started_again(client, cast, credential):
    draft = attempt(cast, cast.educator, credential, "draft")
    client.force_login(cast.educator)
    action = credential_action(client, credential)
    assert "Continue attempt 1" in action and "Start" not in action
    assert reverse("submissions:detail", args=[draft.public_id]) in action


@pytest.mark.parametrize(
    ("outcome", "words"), [("submitted", "waiting for a reviewer"), ("in_review", "being reviewed")]
)
def test_a_submission_under_review_is_followed(client, cast, credential, outcome, words):
    submitted = attempt(cast, cast.educator, credential, outcome)
    client.force_login(cast.educator)
    action = credential_action(client, credential)
    assert "Follow your submission" in action and words in action and "Start" not in action
    assert reverse("submissions:detail", args=[submitted.public_id]) in action


def test_after_not_yet_the_next_attempt_starts_until_the_limit(client, cast, credential):
    first = attempt(cast, cast.educator, credential, "not_yet")
    client.force_login(cast.educator)
    action = credential_action(client, credential)
    assert "Start attempt 2" in action and "Read the feedback" in action
    assert reverse("submissions:detail", args=[first.public_id]) in action

    MicroCredential.objects.filter(pk=credential.pk).update(attempt_limit=1)
    action = credential_action(client, credential)
    assert "You have used all 1 attempts" in action
    assert "Start attempt" not in action and 'method="post"' not in action


def test_an_earned_credential_leads_to_its_badge(client, cast, credential, settings, tmp_path):
    from tests.support.storage import use_local_media

    use_local_media(settings, tmp_path / "media")
    passed = attempt(cast, cast.educator, credential, "passed")
    client.force_login(cast.educator)
    # Decided, badge not issued yet (the task runs after the commit).
    action = credential_action(client, credential)
    assert "See the decision" in action and "You earned this micro-credential on" in action
    assert "Start" not in action
    page = client.get(reverse("submissions:detail", args=[passed.public_id])).content.decode()
    assert "Your badge is being issued" in page

    badge = badge_award(submission=passed)
    badge_url = reverse("badges:detail", args=[badge.public_id])
    action = credential_action(client, credential)
    assert "View your badge" in action and badge_url in action
    page = client.get(reverse("submissions:detail", args=[passed.public_id])).content.decode()
    assert "View and share your badge" in page and badge_url in page


def _page(client, submission) -> str:
    response = client.get(reverse("submissions:detail", args=[submission.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_not_yet_page_leads_to_the_attempt_that_followed_it(client, cast, credential):
    from submissions import services

    first = attempt(cast, cast.educator, credential, "not_yet")
    client.force_login(cast.educator)
    assert "Start attempt 2" in _page(client, first)

    second = services.submission_start(educator=cast.educator, credential=credential)
    page = _page(client, first)
    assert "Continue attempt 2" in page and "Start attempt" not in page
    assert reverse("submissions:detail", args=[second.public_id]) in page

    services.submission_withdraw(submission=second, by=cast.educator)  # never submitted
    # Withdrawn attempts are not "the attempt that followed"; a new one is number 3, and it
    # copies the withdrawn attempt 2, the latest work.
    page = _page(client, first)
    assert "Start attempt 3" in page and "files from attempt 2 are copied in" in page
    action = credential_action(client, credential)
    assert "Start attempt 3" in action and "Your work from attempt 2 is copied in" in action


def test_no_start_button_once_the_attempts_are_used_up(client, cast, credential):
    first = attempt(cast, cast.educator, credential, "not_yet")
    MicroCredential.objects.filter(pk=credential.pk).update(attempt_limit=1)
    client.force_login(cast.educator)
    page = _page(client, first)
    assert "You have used all 1 attempts" in page
    assert reverse("submissions:start", args=[credential.slug]) not in page
