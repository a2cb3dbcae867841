"""Renewing an expiring badge (ADR 0018): when a renewal may start, what it starts with, the
attempt limit counted from the last pass, the new badge's expiry, the pages that offer it and
the one reminder email."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from badges import services
from badges.models import Badge
from credentials.models import MicroCredential, MicroCredentialVersion
from submissions import services as submission_services
from submissions.models import Submission
from submissions.services import SubmissionError
from tests.support.badges import pass_submission
from tests.support.credentials import credential_action, make_stack, published_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(credential):
    """The micro-credential's badges are valid for a year."""
    MicroCredentialVersion.objects.filter(credential=credential).update(validity_years=1)
    credential.refresh_from_db()
    return credential


def _earned(cast, credential, *, expires_in_days: int) -> Badge:
    """A passed attempt whose badge expires in `expires_in_days` (negative: expired)."""
    passed = pass_submission(cast.educator, credential, cast.reviewer)
    badge = services.badge_award(submission=passed)
    Badge.objects.filter(pk=badge.pk).update(
        expires_at=timezone.now() + timedelta(days=expires_in_days)
    )
    badge.refresh_from_db()
    return badge


def _start(cast, credential) -> Submission:
    return submission_services.submission_start(educator=cast.educator, credential=credential)


def _fail(cast, submission) -> None:
    for requirement in submission.version.requirements.filter(kind="text", required=True):
        submission_services.response_save(
            submission=submission, requirement=requirement, text="Again.", by=cast.educator
        )
    submission_services.submission_submit(submission=submission, by=cast.educator)
    submission_services.submission_claimed(submission=submission, by=cast.reviewer)
    submission_services.submission_decided(submission=submission, passed=False, by=cast.reviewer)


# --------------------------------------------------------------------------- starting


def test_before_the_window_the_educator_is_told_when_renewal_opens(cast, expiring, client):
    _earned(cast, expiring, expires_in_days=200)
    with pytest.raises(SubmissionError, match="already earned") as refused:
        _start(cast, expiring)
    opens = timezone.localtime(timezone.now() + timedelta(days=110)).date()
    assert f"renew it from {opens:%B} {opens.day}, {opens.year}" in str(refused.value)

    client.force_login(cast.educator)
    action = credential_action(client, expiring)
    assert "View your badge" in action and "you can renew it from" in action
    assert "Renew this micro-credential" not in action


@pytest.mark.parametrize(("days", "words"), [(30, "expires on"), (-10, "expired on")])
def test_in_the_window_or_after_expiry_a_renewal_starts_empty(cast, expiring, client, days, words):
    badge = _earned(cast, expiring, expires_in_days=days)
    client.force_login(cast.educator)
    action = credential_action(client, expiring)
    assert "Renew this micro-credential" in action and words in action
    assert reverse("badges:detail", args=[badge.public_id]) in action

    response = client.post(reverse("submissions:start", args=[expiring.slug]))
    renewal = Submission.objects.get(educator=cast.educator, attempt=2)
    assert response.status_code == 302 and response.url == reverse(
        "submissions:detail", args=[renewal.public_id]
    )
    assert renewal.is_renewal and renewal.status == Submission.Status.DRAFT
    assert renewal.version_id == expiring.published_version_id
    # Current evidence: nothing is copied from the attempt that passed.
    assert not renewal.responses.exists() and not renewal.artifacts.exists()
    # Starting again continues the same draft; the page says it is the renewal.
    assert _start(cast, expiring).pk == renewal.pk
    assert "Continue your renewal" in credential_action(client, expiring)
    page = client.get(response.url).content.decode()
    assert "Attempt 2 (renewal)" in page


def test_a_badge_that_never_expires_is_not_renewed(cast, credential):
    services.badge_award(submission=pass_submission(cast.educator, credential, cast.reviewer))
    with pytest.raises(SubmissionError, match=r"You have already earned this micro-credential\.$"):
        _start(cast, credential)


def test_a_revoked_badge_is_not_renewed(cast, expiring, client, issuer_staff):
    badge = _earned(cast, expiring, expires_in_days=10)
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Evidence was not the educator's")
    with pytest.raises(SubmissionError, match=r"was revoked\. Contact Test Issuer"):
        _start(cast, expiring)
    client.force_login(cast.educator)
    assert "Renew this micro-credential" not in credential_action(client, expiring)


def test_the_attempt_limit_counts_from_the_last_pass(cast, expiring, client):
    MicroCredential.objects.filter(pk=expiring.pk).update(attempt_limit=1)
    expiring.refresh_from_db()
    _earned(cast, expiring, expires_in_days=30)
    renewal = _start(cast, expiring)  # the pass used the one attempt; a renewal counts afresh
    assert submission_services.attempts_used(educator=cast.educator, credential=expiring) == 0
    _fail(cast, renewal)
    assert submission_services.attempts_used(educator=cast.educator, credential=expiring) == 1
    with pytest.raises(SubmissionError, match="used all 1 attempts"):
        _start(cast, expiring)
    client.force_login(cast.educator)
    assert "You have used all 1 attempts" in credential_action(client, expiring)


def test_attempts_counted_is_the_not_yet_decisions_since_the_last_pass():
    counted = submission_services.attempts_counted
    assert counted([]) == 0
    assert counted([(1, "not_yet"), (2, "withdrawn"), (3, "not_yet"), (4, "draft")]) == 2
    assert counted([(1, "not_yet"), (2, "passed"), (3, "not_yet")]) == 1
    assert counted([(1, "passed"), (2, "not_yet"), (3, "passed")]) == 0


# --------------------------------------------------------------------------- the new badge


def test_a_renewal_keeps_the_time_the_old_badge_had_left(cast, expiring):
    old = _earned(cast, expiring, expires_in_days=30)
    renewal = pass_submission(cast.educator, expiring, cast.reviewer)
    assert renewal.is_renewal and renewal.attempt == 2
    new = services.badge_award(submission=renewal)
    assert new.pk != old.pk and new.expires_at == services.add_years(old.expires_at, 1)
    assert new.issued_at > old.issued_at


def test_a_renewal_after_expiry_runs_from_the_day_it_is_issued(cast, expiring):
    _earned(cast, expiring, expires_in_days=-30)
    new = services.badge_award(submission=pass_submission(cast.educator, expiring, cast.reviewer))
    assert new.expires_at == services.add_years(new.issued_at, 1)


def test_a_stack_badge_ends_with_the_renewal_not_the_badge_it_renewed(cast, expiring):
    old = _earned(cast, expiring, expires_in_days=30)
    renewed = services.badge_award(
        submission=pass_submission(cast.educator, expiring, cast.reviewer)
    )
    other = published_credential(cast.issuer, "exit-tickets", with_artifact=False)
    services.badge_award(submission=pass_submission(cast.educator, other, cast.reviewer))
    stack = make_stack(cast.issuer, [expiring, other])
    stack_badge = services.stack_badge_award(educator=cast.educator, stack=stack)
    assert stack_badge is not None
    assert old.expires_at < renewed.expires_at == stack_badge.expires_at


def test_the_pages_follow_the_renewal(cast, expiring, client):
    old = _earned(cast, expiring, expires_in_days=30)
    client.force_login(cast.educator)
    first_page = reverse("submissions:detail", args=[old.submission.public_id])
    page = client.get(first_page).content.decode()
    assert "Renew this micro-credential" in page and "it starts empty" in page
    mine = client.get(reverse("badges:mine")).content.decode()
    assert "Renew this badge" in mine

    renewal = pass_submission(cast.educator, expiring, cast.reviewer)
    page = client.get(first_page).content.decode()
    # The first attempt's page shows its own badge and leads to the renewal.
    assert reverse("badges:detail", args=[old.public_id]) in page
    assert "Attempt 2 renewed this micro-credential" in page
    assert reverse("submissions:detail", args=[renewal.public_id]) in page
    new = services.badge_award(submission=renewal)
    mine = client.get(reverse("badges:mine")).content.decode()
    assert "Renewed" in mine and "Renew this badge" not in mine
    action = credential_action(client, expiring)
    assert reverse("badges:detail", args=[new.public_id]) in action
    assert "Renew this micro-credential" not in action  # a year to go

    transcript = client.get(reverse("organizations:transcript"))
    assert transcript.status_code == 200
    assert transcript.content.decode().count("(renewal)") == 1


def _stack_of_two(cast, expiring, *, first_days: int, second_days: int):
    """Badges for both micro-credentials of a stack (expiring in the days given), and the stack
    badge they earn, which ends with the first of them."""
    _earned(cast, expiring, expires_in_days=first_days)
    other = published_credential(cast.issuer, "exit-tickets", with_artifact=False)
    MicroCredentialVersion.objects.filter(credential=other).update(validity_years=1)
    second = services.badge_award(submission=pass_submission(cast.educator, other, cast.reviewer))
    Badge.objects.filter(pk=second.pk).update(
        expires_at=timezone.now() + timedelta(days=second_days)
    )
    stack = make_stack(cast.issuer, [expiring, other])
    stack_badge = services.stack_badge_award(educator=cast.educator, stack=stack)
    assert stack_badge is not None and stack_badge.stack_sequence == 1
    return other, stack, stack_badge


def test_renewing_the_part_that_ends_first_issues_the_stack_badge_again(
    cast, expiring, client, mailoutbox
):
    other, _, first = _stack_of_two(cast, expiring, first_days=30, second_days=200)
    renewed = services.badge_award(
        submission=pass_submission(cast.educator, expiring, cast.reviewer)
    )
    # The stack badge now ends with the other part, which the renewal left the first to end.
    awarded = services.stack_badges_award(educator=cast.educator)
    again = Badge.objects.get(kind=Badge.Kind.STACK, stack_sequence=2)
    assert awarded == [again]
    assert again.expires_at == Badge.objects.get(credential=other).expires_at
    assert again.expires_at < renewed.expires_at
    first.refresh_from_db()
    assert first.status == "valid" and first.expires_at < again.expires_at  # left as it was
    assert services.stack_badges_award(educator=cast.educator) == []  # idempotent

    client.force_login(cast.educator)
    mine = client.get(reverse("badges:mine")).content.decode()
    assert mine.count(">Renewed<") == 2  # the first micro-credential badge and stack badge
    services.badge_send_email(badge_id=again.pk, kind="issued")
    assert "It renews the badge you earned before" in mailoutbox[-1].body


def test_renewing_a_part_that_does_not_end_first_leaves_the_stack_badge(cast, expiring):
    other, stack, first = _stack_of_two(cast, expiring, first_days=30, second_days=60)
    services.badge_award(submission=pass_submission(cast.educator, other, cast.reviewer))
    assert services.stack_badges_award(educator=cast.educator) == []
    assert services.stack_badge_award(educator=cast.educator, stack=stack) == first


def test_a_revoked_stack_badge_is_not_issued_again(cast, expiring, issuer_staff):
    _, _, first = _stack_of_two(cast, expiring, first_days=30, second_days=200)
    services.badge_revoke(badge=first, by=issuer_staff, reason="Issued in error")
    services.badge_award(submission=pass_submission(cast.educator, expiring, cast.reviewer))
    assert services.stack_badges_award(educator=cast.educator) == []
    assert Badge.objects.filter(kind=Badge.Kind.STACK).count() == 1


def test_an_expiring_stack_badge_is_listed_without_a_renewal(cast, expiring, client):
    """A stack badge ends with its parts and is not renewed itself: My badges lists it in its
    window and after its expiry (it answered 500 there: a renewal link with no credential)."""
    _earned(cast, expiring, expires_in_days=400)
    other = published_credential(cast.issuer, "exit-tickets", with_artifact=False)
    services.badge_award(submission=pass_submission(cast.educator, other, cast.reviewer))
    stack_badge = services.stack_badge_award(
        educator=cast.educator, stack=make_stack(cast.issuer, [expiring, other])
    )
    assert stack_badge is not None
    client.force_login(cast.educator)
    for days in (30, -30):
        Badge.objects.filter(pk=stack_badge.pk).update(
            expires_at=timezone.now() + timedelta(days=days)
        )
        response = client.get(reverse("badges:mine"))
        assert response.status_code == 200
        assert stack_badge.title in response.content.decode()
        assert "Renew this badge" not in response.content.decode()


def test_a_retired_micro_credential_offers_no_renewal(cast, expiring, client):
    badge = _earned(cast, expiring, expires_in_days=30)
    MicroCredential.objects.filter(pk=expiring.pk).update(status=MicroCredential.Status.RETIRED)
    client.force_login(cast.educator)
    assert "Renew this badge" not in client.get(reverse("badges:mine")).content.decode()
    page = client.get(reverse("submissions:detail", args=[badge.submission.public_id]))
    assert "Renew this micro-credential" not in page.content.decode()
    with pytest.raises(SubmissionError, match="not open for submissions"):
        _start(cast, expiring)


def test_a_revoked_renewal_leaves_nothing_to_renew_on_my_badges(
    cast, expiring, client, issuer_staff
):
    """Starting again is the issuer's decision after a revocation: the badge the revoked one
    renewed neither says "Renewed" nor offers a renewal that would be refused."""
    _earned(cast, expiring, expires_in_days=30)
    renewed = services.badge_award(
        submission=pass_submission(cast.educator, expiring, cast.reviewer)
    )
    services.badge_revoke(badge=renewed, by=issuer_staff, reason="Evidence was not the educator's")
    client.force_login(cast.educator)
    mine = client.get(reverse("badges:mine")).content.decode()
    assert "Renew this badge" not in mine and ">Renewed<" not in mine
    with pytest.raises(SubmissionError, match="was revoked"):
        _start(cast, expiring)


def test_a_renewal_issued_late_keeps_the_time_left_when_it_was_decided(cast, expiring):
    """The reviewer passed the renewal while the old badge was valid; the badge is issued after
    the old one expired (a worker outage): the time left at the decision is kept all the same."""
    old = _earned(cast, expiring, expires_in_days=30)
    renewal = pass_submission(cast.educator, expiring, cast.reviewer)
    Submission.objects.filter(pk=renewal.pk).update(decided_at=timezone.now() - timedelta(days=10))
    Badge.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=5))
    old.refresh_from_db()
    new = services.badge_award(submission=renewal)
    assert new.expires_at == services.add_years(old.expires_at, 1)


def test_the_api_says_which_attempt_is_a_renewal(cast, expiring, client):
    _earned(cast, expiring, expires_in_days=30)
    client.force_login(cast.educator)
    response = client.post(
        "/api/v1/submissions/",
        {"micro_credential": str(expiring.public_id)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["attempt"] == 2 and response.json()["is_renewal"] is True


# --------------------------------------------------------------------------- the reminder


def test_the_reminder_goes_once_when_the_renewal_opens(cast, expiring, mailoutbox, settings):
    settings.SITE_URL = "https://mc.example.org"
    badge = _earned(cast, expiring, expires_in_days=60)
    assert services.renewal_reminders_send() == [badge.pk]
    assert services.renewal_reminders_send() == []
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [cast.educator.email]
    assert message.subject.startswith("Renew your badge before") and badge.title in message.subject
    assert f"https://mc.example.org/catalog/{expiring.slug}/" in message.body
    assert "keeps the time your current one has left" in message.body


def test_no_reminder_outside_the_window_or_when_not_needed(
    cast, expiring, mailoutbox, issuer_staff
):
    badge = _earned(cast, expiring, expires_in_days=200)
    assert services.renewal_reminders_send() == []  # not yet in the window
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert services.renewal_reminders_send() == []  # expired already: the pages offer renewal
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() + timedelta(days=20))
    _start(cast, expiring)
    assert services.renewal_reminders_send() == []  # the renewal is under way
    Submission.objects.filter(is_renewal=True).update(status=Submission.Status.WITHDRAWN)
    MicroCredential.objects.filter(pk=expiring.pk).update(status=MicroCredential.Status.RETIRED)
    assert services.renewal_reminders_send() == []  # no longer offered
    MicroCredential.objects.filter(pk=expiring.pk).update(status=MicroCredential.Status.PUBLISHED)
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Wrong educator")
    assert services.renewal_reminders_send() == []
    assert [m.subject for m in mailoutbox if "Renew" in m.subject] == []


def test_a_failed_reminder_is_sent_by_a_later_run(cast, expiring, mailoutbox, settings):
    badge = _earned(cast, expiring, expires_in_days=60)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing answers
    assert services.renewal_reminders_send() == []
    assert Badge.objects.get(pk=badge.pk).renewal_reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.renewal_reminders_send() == [badge.pk]
    assert len(mailoutbox) == 1


def test_the_issued_email_of_a_renewal_says_so(cast, expiring, mailoutbox):
    _earned(cast, expiring, expires_in_days=30)
    first = Badge.objects.get()
    services.badge_send_email(badge_id=first.pk, kind="issued")
    renewed = services.badge_award(
        submission=pass_submission(cast.educator, expiring, cast.reviewer)
    )
    services.badge_send_email(badge_id=renewed.pk, kind="issued")
    first_mail, renewal_mail = mailoutbox
    assert "It renews the badge you earned before" not in first_mail.body
    assert "It renews the badge you earned before" in renewal_mail.body


def test_the_beat_schedule_sends_the_reminder(cast, expiring, mailoutbox, settings):
    # The schedule names the task that sends it (run here in process, as `make run` does).
    from django.core.management import call_command

    entry = settings.CELERY_BEAT_SCHEDULE["badges-renewal-reminders"]
    assert entry["task"] == "badges.tasks.send_renewal_reminders"
    _earned(cast, expiring, expires_in_days=60)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("run_periodic_tasks", once=True)
    assert [m.subject for m in mailoutbox if m.subject.startswith("Renew your badge")]
