"""Webhook signing secrets move from plain text to `secret_encrypted` (Fernet under a key
derived from SECRET_KEY, see common/crypto.py); existing rows are encrypted in place."""

from django.db import migrations, models

from common.crypto import decrypt_text, encrypt_text

# Frozen here: the value organizations.models.WEBHOOK_SECRET_PURPOSE had when this ran.
PURPOSE = b"microcred webhook secret encryption v1"


def encrypt_secrets(apps, schema_editor):
    WebhookEndpoint = apps.get_model("organizations", "WebhookEndpoint")
    endpoints = WebhookEndpoint.objects.using(schema_editor.connection.alias)
    for endpoint in endpoints.only("pk", "secret").iterator():
        endpoint.secret_encrypted = encrypt_text(endpoint.secret, purpose=PURPOSE)
        endpoint.save(using=schema_editor.connection.alias, update_fields=["secret_encrypted"])


def decrypt_secrets(apps, schema_editor):
    WebhookEndpoint = apps.get_model("organizations", "WebhookEndpoint")
    endpoints = WebhookEndpoint.objects.using(schema_editor.connection.alias)
    for endpoint in endpoints.only("pk", "secret_encrypted").iterator():
        endpoint.secret = decrypt_text(endpoint.secret_encrypted, purpose=PURPOSE)
        endpoint.save(using=schema_editor.connection.alias, update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_integrations_keys_webhooks"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookendpoint",
            name="secret_encrypted",
            field=models.TextField(default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        # A default only so that reversing (re-adding the column to existing rows) works.
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RemoveField(model_name="webhookendpoint", name="secret"),
    ]
