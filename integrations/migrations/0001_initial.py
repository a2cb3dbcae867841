"""Organization API keys and webhooks, moved here from the organizations app
(organizations 0005).

State only: the tables were created by organizations 0003 and 0004 and keep their names and
rows; this tells Django the models now live here.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


# The models as organizations 0003 and 0004 left them, with their tables' names.
MOVED_MODELS = [
    migrations.CreateModel(
        name="WebhookEndpoint",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
            ("url", models.URLField(max_length=500)),
            ("secret_encrypted", models.TextField(editable=False)),
            ("event_types", models.JSONField(default=list)),
            ("is_active", models.BooleanField(default=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("updated_at", models.DateTimeField(auto_now=True)),
            ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="webhook_endpoints", to="organizations.organization")),
        ],
        options={
            "db_table": "organizations_webhookendpoint",
            "ordering": ["-created_at"],
            "indexes": [models.Index(fields=["organization", "is_active"], name="organizatio_organiz_b24df3_idx")],
        },
    ),
    migrations.CreateModel(
        name="WebhookDelivery",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
            ("event_id", models.UUIDField(db_index=True)),
            ("event_type", models.CharField(max_length=40)),
            ("payload", models.JSONField()),
            ("status", models.CharField(choices=[("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")], default="pending", max_length=12)),
            ("attempts", models.PositiveIntegerField(default=0)),
            ("last_status_code", models.PositiveIntegerField(blank=True, null=True)),
            ("last_error", models.TextField(blank=True)),
            ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("updated_at", models.DateTimeField(auto_now=True)),
            ("delivered_at", models.DateTimeField(blank=True, null=True)),
            ("endpoint", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deliveries", to="integrations.webhookendpoint")),
        ],
        options={
            "db_table": "organizations_webhookdelivery",
            "ordering": ["-created_at", "-id"],
            "indexes": [
                models.Index(fields=["endpoint", "-created_at"], name="organizatio_endpoin_21a8d1_idx"),
                models.Index(fields=["status", "next_attempt_at"], name="organizatio_status_093785_idx"),
            ],
        },
    ),
    migrations.CreateModel(
        name="OrganizationApiKey",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
            ("name", models.CharField(max_length=100)),
            ("scopes", models.JSONField(default=list)),
            ("prefix", models.CharField(db_index=True, max_length=12)),
            ("digest", models.CharField(editable=False, max_length=64, unique=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("last_used_at", models.DateTimeField(blank=True, null=True)),
            ("revoked_at", models.DateTimeField(blank=True, null=True)),
            ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_keys", to="organizations.organization")),
        ],
        options={
            "db_table": "organizations_organizationapikey",
            "ordering": ["-created_at"],
            "indexes": [models.Index(fields=["organization", "revoked_at"], name="organizatio_organiz_3a0a7e_idx")],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organizations", "0005_move_keys_and_webhooks_to_integrations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=MOVED_MODELS, database_operations=[]),
    ]
