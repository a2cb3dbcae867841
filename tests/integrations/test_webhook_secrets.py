"""Webhook signing secrets at rest: encrypted under SECRET_KEY (common/crypto.py), still signing
real deliveries, surviving a SECRET_KEY rotation that keeps the old key as a fallback; and the
admin, which never shows a secret or a key digest."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from integrations.api_keys import Scope, organization_key_create
from integrations.models import WebhookDelivery, WebhookEndpoint
from tests.integrations import test_webhooks as hooks
from tests.integrations.test_webhooks import endpoint_for, signature_ok

pytestmark = pytest.mark.django_db

# The webhook tests' fixtures: a real HTTP receiver, and retries without waiting.
receiver = hooks.receiver
_fast_retries = hooks._fast_retries


def _stored_row(endpoint: WebhookEndpoint) -> str:
    """Everything the database holds for the endpoint, as text (what a dump would show)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t::text FROM organizations_webhookendpoint t WHERE id = %s", [endpoint.pk]
        )
        return str(cursor.fetchone()[0])


def test_the_database_holds_no_secret_and_deliveries_still_verify(
    cast,
    receiver,
    django_capture_on_commit_callbacks,
):
    endpoint, secret = endpoint_for(cast.district, receiver.url)
    assert secret.startswith("whsec_")
    stored = _stored_row(endpoint)
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret
    from integrations import webhooks

    with django_capture_on_commit_callbacks(execute=True):
        webhooks.webhook_test_send(endpoint=endpoint)
    assert len(receiver.received) == 1 and signature_ok(secret, receiver.received[0])
    assert not signature_ok("whsec_another", receiver.received[0])


def test_a_rotated_secret_key_with_the_old_one_as_fallback_still_signs(
    cast,
    receiver,
    settings,
    django_capture_on_commit_callbacks,
):
    from integrations import webhooks

    endpoint, secret = endpoint_for(cast.district, receiver.url)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-rotated-secret-key-for-this-test-" + "x" * 20
    settings.SECRET_KEY_FALLBACKS = []
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    # Without the old key nothing can sign: the attempt fails (no request sent, no crash).
    with django_capture_on_commit_callbacks(execute=True):
        lost = webhooks.webhook_test_send(endpoint=WebhookEndpoint.objects.get(pk=endpoint.pk))
    lost.refresh_from_db()
    assert lost.status == WebhookDelivery.Status.FAILED and "decrypt" in lost.last_error
    assert receiver.received == []
    settings.SECRET_KEY_FALLBACKS = [old_key]
    reloaded = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert reloaded.secret == secret
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.webhook_test_send(endpoint=reloaded)
    assert len(receiver.received) == 1 and signature_ok(secret, receiver.received[0])


def test_the_admin_shows_keys_and_webhooks_without_their_secrets(
    cast,
    receiver,
):
    endpoint, secret = endpoint_for(cast.district, receiver.url)
    key, plain = organization_key_create(
        organization=cast.district, name="SIS", scopes=[Scope.PROGRESS_READ], by=None
    )
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@test.org", "pw-not-used-here"))
    pages = [
        reverse("admin:integrations_webhookendpoint_changelist"),
        reverse("admin:integrations_webhookendpoint_change", args=[endpoint.pk]),
        reverse("admin:integrations_organizationapikey_changelist"),
        reverse("admin:integrations_organizationapikey_change", args=[key.pk]),
        reverse("admin:integrations_webhookdelivery_changelist"),
    ]
    for page in pages:
        response = admin.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        for hidden in (secret, endpoint.secret_encrypted, plain, key.digest):
            assert hidden not in html, page
    assert endpoint.url in admin.get(pages[1]).content.decode()
    assert admin.get(reverse("admin:integrations_webhookendpoint_add")).status_code == 403
    revoked = admin.post(pages[2], {"action": "revoke", "_selected_action": [key.pk]}, follow=True)
    assert revoked.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_secrets_and_reverses():
    from django.db.migrations.executor import MigrationExecutor

    from tests.support.factories import make_org

    district = make_org("district", "Migrated District")
    before = [("organizations", "0003_integrations_keys_webhooks")]
    after = [("organizations", "0004_webhook_secret_encrypted")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldEndpoint = old_apps.get_model("organizations", "WebhookEndpoint")
    old = OldEndpoint.objects.create(
        organization_id=district.pk,
        url="https://hooks.example.org/in",
        secret="whsec_plain-text-from-before",
        event_types=["badge.awarded"],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    endpoint = WebhookEndpoint.objects.get(pk=old.pk)
    assert "whsec_plain-text-from-before" not in _stored_row(endpoint)
    assert endpoint.secret == "whsec_plain-text-from-before"
    executor = MigrationExecutor(connection)
    executor.migrate(before)  # and back: the plain column is restored
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM organizations_webhookendpoint WHERE id = %s", [old.pk])
        assert cursor.fetchone()[0] == "whsec_plain-text-from-before"
    executor = MigrationExecutor(connection)
    # Everything forward again (what came after 0004 too): the next tests find the schema and
    # the migration records as they were.
    executor.migrate(executor.loader.graph.leaf_nodes())
