"""Issuing, stacks, revocation, sharing, emails and keys: the badge services."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from badges import documents, images, keys, services, tasks
from badges.baking import unbake_png
from badges.models import Badge, BadgeEvent, IssuerKey, StatusList
from badges.ob3 import status_list as bitstring
from badges.ob3 import verify
from submissions import services as submission_services
from submissions.models import Submission
from tests.support.badges import pass_submission
from tests.support.credentials import make_stack, published_credential


def _local_resolver(badge: Badge):
    key = badge.signing_key
    assert key is not None

    def resolve(verification_method: str) -> bytes:
        assert verification_method == keys.verification_method_id(key)
        return verify.public_key_from_multikey(key.public_key_multibase)

    return resolve


# --------------------------------------------------------------------------- issuing


@pytest.mark.django_db
def test_badge_award_issues_a_complete_badge_once(cast, passed):
    badge = services.badge_award(submission=passed)
    again = services.badge_award(submission=passed)
    assert again.pk == badge.pk
    assert Badge.objects.filter(submission=passed).count() == 1
    assert badge.kind == Badge.Kind.MICRO_CREDENTIAL
    assert badge.educator == cast.educator and badge.issuer == cast.issuer
    assert badge.recipient_identity == documents.identity_hash(
        cast.educator.email, badge.recipient_salt
    )
    assert badge.recipient_identity.startswith("sha256$")
    assert badge.expires_at is None  # the version sets no validity
    assert list(badge.events.values_list("action", flat=True)) == ["issued"]
    # Baked PNG in the public storage carries the hosted assertion.
    baked = unbake_png(images.read(badge.image_png))
    assert baked is not None and documents.assertion_url(badge) in baked
    assert badge.image_svg.endswith(".svg")
    assert verify.verify_credential(
        badge.credential_json, resolve_key=_local_resolver(badge)
    ).verified


@pytest.mark.django_db
def test_badge_award_refuses_a_submission_that_has_not_passed(cast, credential):
    submission = submission_services.submission_start(educator=cast.educator, credential=credential)
    with pytest.raises(services.BadgeRefused):
        services.badge_award(submission=submission)
    assert not Badge.objects.exists()


@pytest.mark.django_db
def test_expiry_follows_validity_years(cast):
    credential = published_credential(cast.issuer, "expiring", with_artifact=False)
    version = credential.published_version
    version.__class__.objects.filter(pk=version.pk).update(validity_years=3)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    assert badge.expires_at == services.add_years(badge.issued_at, 3)
    assert badge.credential_json["validUntil"] == documents.iso(badge.expires_at)
    assert documents.ob2_assertion(badge)["expires"] == documents.iso(badge.expires_at)


def test_add_years_handles_leap_day():
    assert services.add_years(datetime(2024, 2, 29, tzinfo=UTC), 1) == datetime(
        2025, 2, 28, tzinfo=UTC
    )


@pytest.mark.django_db
def test_request_issue_enqueues_only_after_commit(
    cast, passed, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(tasks.badge_award_task, "delay", calls.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.badge_request_issue(submission=passed)
        assert calls == []  # nothing runs inside the transaction
    assert len(callbacks) == 1
    assert calls == [passed.pk]


@pytest.mark.django_db
def test_issue_task_issues_and_is_idempotent_and_emails_once(
    cast, passed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.badge_award_task(passed.pk)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.badge_award_task(passed.pk)
    badge = Badge.objects.get(submission=passed)
    assert Badge.objects.count() == 1
    issued_mail = [m for m in mail.outbox if "You earned a badge" in m.subject]
    assert len(issued_mail) == 1
    message = issued_mail[0]
    assert message.to == [cast.educator.email]
    assert documents.public_url(badge) in message.body
    assert message.attachments[0][0] == "badge.png"
    assert unbake_png(message.attachments[0][1]) is not None


@pytest.mark.django_db
def test_issue_task_waits_out_a_database_that_is_away_when_it_starts(cast, passed):
    from django.db import OperationalError

    refused = []

    def away_once(execute, sql, params, many, context):
        if not refused and "submissions_submission" in sql:
            refused.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    from celery.exceptions import Retry

    # The task asks to be run again later (not failed for good) ...
    with connection.execute_wrapper(away_once), pytest.raises(Retry):
        tasks.badge_award_task.apply(args=[passed.pk])
    assert refused, "the lookup never met the outage"
    assert not Badge.objects.filter(submission=passed).exists()
    # ... and the retry, with the database back, issues the badge.
    tasks.badge_award_task.apply(args=[passed.pk])
    assert Badge.objects.filter(submission=passed).count() == 1


@pytest.mark.django_db
def test_issue_task_ignores_a_submission_that_has_not_passed(cast, credential):
    submission = submission_services.submission_start(educator=cast.educator, credential=credential)
    tasks.badge_award_task(submission.pk)
    tasks.badge_award_task(999_999)
    assert not Badge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_task_runs_issue_one_badge_per_submission(cast, credential):
    """Eight workers race on the same passed submission: one badge, one index, one event."""
    submission = pass_submission(cast.educator, credential, cast.reviewer)
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            tasks.badge_award_task(submission.pk)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Badge.objects.filter(submission=submission).count() == 1
    assert BadgeEvent.objects.filter(action="issued").count() == 1
    assert IssuerKey.objects.filter(issuer=cast.issuer).count() == 1
    assert StatusList.objects.filter(issuer=cast.issuer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_badge_per_submission_is_a_database_constraint(cast, credential):
    from django.db import IntegrityError

    submission = pass_submission(cast.educator, credential, cast.reviewer)
    badge = services.badge_award(submission=submission)
    duplicate = Badge.objects.get(pk=badge.pk)
    duplicate.pk = None
    duplicate.public_id = Badge._meta.get_field("public_id").get_default()
    duplicate.status_list_index = (badge.status_list_index + 1) % StatusList.SIZE
    with pytest.raises(IntegrityError):
        duplicate.save(force_insert=True)


# --------------------------------------------------------------------------- stacks


@pytest.mark.django_db
def test_completing_every_credential_of_a_stack_issues_the_stack_badge(
    cast, credential, django_capture_on_commit_callbacks
):
    second = published_credential(cast.issuer, "second-checks", with_artifact=False)
    stack = make_stack(cast.issuer, [credential, second])
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_award(submission=pass_submission(cast.educator, credential, cast.reviewer))
    assert not Badge.objects.filter(kind=Badge.Kind.STACK).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_award(submission=pass_submission(cast.educator, second, cast.reviewer))
    stack_badge = Badge.objects.get(kind=Badge.Kind.STACK)
    assert (stack_badge.educator, stack_badge.stack, stack_badge.title) == (
        cast.educator,
        stack,
        stack.title,
    )
    assert stack_badge.submission is None
    # Idempotent: checking again issues nothing new; another educator gets nothing.
    assert services.stack_badges_award(educator=cast.educator) == []
    assert services.stack_badges_award(educator=cast.colleague) == []
    assert Badge.objects.filter(kind=Badge.Kind.STACK).count() == 1
    credential_doc = stack_badge.credential_json
    assert credential_doc["credentialSubject"]["achievement"]["name"] == stack.title
    assert verify.verify_credential(
        credential_doc, resolve_key=_local_resolver(stack_badge)
    ).verified


@pytest.mark.django_db
def test_revoked_part_does_not_complete_a_stack(cast, credential, issuer_staff):
    second = published_credential(cast.issuer, "second-checks", with_artifact=False)
    make_stack(cast.issuer, [credential, second])
    first_badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    services.badge_revoke(badge=first_badge, by=issuer_staff, reason="Plagiarised evidence")
    services.badge_award(submission=pass_submission(cast.educator, second, cast.reviewer))
    assert services.stack_badges_award(educator=cast.educator) == []


@pytest.mark.django_db
def test_revoking_a_part_revokes_the_stack_badge_standing_on_it(
    cast, credential, issuer_staff, django_capture_on_commit_callbacks
):
    second = published_credential(cast.issuer, "second-checks", with_artifact=False)
    other_stack = make_stack(cast.issuer, [second], slug="only-second")
    make_stack(cast.issuer, [credential, second])
    with django_capture_on_commit_callbacks(execute=True):
        first_badge = services.badge_award(
            submission=pass_submission(cast.educator, credential, cast.reviewer)
        )
        services.badge_award(submission=pass_submission(cast.educator, second, cast.reviewer))
    assert Badge.objects.filter(kind=Badge.Kind.STACK, revoked_at=None).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_revoke(badge=first_badge, by=issuer_staff, reason="Plagiarised evidence")
    stacks = {b.stack: b for b in Badge.objects.filter(kind=Badge.Kind.STACK)}
    kept = stacks.pop(other_stack)
    (revoked,) = stacks.values()
    assert kept.revoked_at is None  # its stack does not need the revoked micro-credential
    assert revoked.revoked_at is not None and revoked.revoked_by == issuer_staff
    assert first_badge.title in revoked.revocation_reason
    assert "Plagiarised evidence" in revoked.revocation_reason
    status_list = StatusList.objects.get(pk=revoked.status_list_id)
    encoded = status_list.credential["credentialSubject"]["encodedList"]
    assert bitstring.is_set(encoded, revoked.status_list_index)
    assert len([m for m in mail.outbox if "revoked" in m.subject]) == 2


# --------------------------------------------------------------------------- revocation


@pytest.mark.django_db
def test_revoke_sets_the_status_bit_audits_and_emails(
    cast, badge, issuer_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revoked = services.badge_revoke(badge=badge, by=issuer_staff, reason="Awarded in error")
    assert revoked.revoked_at is not None and revoked.revoked_by == issuer_staff
    event = revoked.events.get(action="revoked")
    assert (event.actor, event.note) == (issuer_staff, "Awarded in error")
    status_list = StatusList.objects.get(pk=badge.status_list_id)
    encoded = status_list.credential["credentialSubject"]["encodedList"]
    assert bitstring.is_set(encoded, badge.status_list_index)
    assert not bitstring.is_set(encoded, (badge.status_list_index + 1) % StatusList.SIZE)
    revoked_mail = [m for m in mail.outbox if "revoked" in m.subject]
    assert len(revoked_mail) == 1 and "Awarded in error" in revoked_mail[0].body
    # Revoking again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_revoke(badge=badge, by=issuer_staff, reason="Other reason")
    assert Badge.objects.get(pk=badge.pk).revocation_reason == "Awarded in error"
    assert len([m for m in mail.outbox if "revoked" in m.subject]) == 1


@pytest.mark.django_db
def test_revoke_needs_a_reason(badge, issuer_staff):
    with pytest.raises(services.BadgeError):
        services.badge_revoke(badge=badge, by=issuer_staff, reason="   ")
    assert Badge.objects.get(pk=badge.pk).revoked_at is None


# --------------------------------------------------------------------------- sharing


@pytest.mark.django_db
def test_sharing_changes_are_the_earners_and_audited(cast, badge):
    services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=False,
        evidence_summary="  Three cycles. ",
        evidence_published=True,
    )
    badge.refresh_from_db()
    assert (badge.is_public, badge.evidence_summary, badge.evidence_published) == (
        False,
        "Three cycles.",
        True,
    )
    assert set(badge.events.values_list("action", flat=True)) == {
        "issued",
        "sharing_changed",
        "evidence_changed",
    }
    with pytest.raises(services.BadgeError):
        services.badge_update_sharing(
            badge=badge,
            by=cast.colleague,
            is_public=True,
            evidence_summary="",
            evidence_published=False,
        )
    with pytest.raises(services.BadgeError):
        services.badge_update_sharing(
            badge=badge,
            by=cast.educator,
            is_public=True,
            evidence_summary="",
            evidence_published=True,
        )


# --------------------------------------------------------------------------- keys


@pytest.mark.django_db
def test_private_keys_are_encrypted_at_rest_and_never_in_str(cast, badge):
    key = IssuerKey.objects.get(issuer=cast.issuer)
    secret = keys.ob3_keys.private_key_to_multibase(
        keys.decrypt_private_key(key.private_key_encrypted)
    )
    assert secret not in key.private_key_encrypted
    assert secret not in str(key) and secret not in repr(key)
    signing = keys.signing_key_for(issuer=cast.issuer)
    assert secret not in repr(signing)


@pytest.mark.django_db
def test_a_changed_secret_key_with_fallback_still_decrypts(cast, badge, settings):
    key = IssuerKey.objects.get(issuer=cast.issuer)
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test"
    with pytest.raises(keys.KeyUnavailable):
        keys.decrypt_private_key(key.private_key_encrypted)
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    keys.decrypt_private_key(key.private_key_encrypted)


@pytest.mark.django_db
def test_rotation_keeps_old_credentials_verifiable(cast, credential, badge, staff_user=None):
    old_key = badge.signing_key
    new_key = keys.issuer_key_rotate(issuer=cast.issuer, by=cast.staff)
    assert new_key.active and not IssuerKey.objects.get(pk=old_key.pk).active
    later = services.badge_award(
        submission=pass_submission(cast.colleague, credential, cast.reviewer)
    )
    assert later.signing_key == new_key
    profile = documents.ob3_issuer_profile(
        cast.issuer, list(IssuerKey.objects.filter(issuer=cast.issuer))
    )
    published = {m["publicKeyMultibase"] for m in profile["verificationMethod"]}
    assert published == {old_key.public_key_multibase, new_key.public_key_multibase}
    for issued in (badge, later):
        assert verify.verify_credential(
            issued.credential_json, resolve_key=_local_resolver(issued)
        ).verified
    assert BadgeEvent.objects.filter(action="key_rotated", issuer=cast.issuer).count() == 1


# --------------------------------------------------------------------------- sweeper


@pytest.mark.django_db
def test_sweeper_issues_badges_a_lost_message_left_behind(
    cast, passed, settings, django_capture_on_commit_callbacks
):
    settings.BADGES_SWEEP_GRACE_SECONDS = 0
    Submission.objects.filter(pk=passed.pk).update(
        decided_at=passed.decided_at - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.badges_sweep()
    assert report["issues"] == 1
    assert Badge.objects.filter(submission=passed).exists()
    assert services.badges_sweep()["issues"] == 0


@pytest.mark.django_db
def test_a_key_from_settings_is_imported_as_a_rotation(cast, credential, badge, settings):
    generated = badge.signing_key
    configured = keys.ob3_keys.generate_private_key()
    settings.BADGES_ISSUER_KEYS = {
        cast.issuer.slug: keys.ob3_keys.private_key_to_multibase(configured)
    }
    later = services.badge_award(
        submission=pass_submission(cast.colleague, credential, cast.reviewer)
    )
    public = keys.ob3_keys.public_key_to_multibase(configured.public_key())
    assert later.signing_key.public_key_multibase == public
    assert IssuerKey.objects.get(pk=generated.pk).active is False  # still published
    assert later.credential_json["proof"]["verificationMethod"].endswith("#" + public)
    assert verify.verify_credential(
        later.credential_json, resolve_key=_local_resolver(later)
    ).verified
    assert verify.verify_credential(
        badge.credential_json, resolve_key=_local_resolver(badge)
    ).verified
    with pytest.raises(keys.KeyUnavailable):
        keys.issuer_key_rotate(issuer=cast.issuer, by=cast.staff)
