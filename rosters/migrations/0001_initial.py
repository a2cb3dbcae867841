"""Roster imports, moved here from the organizations app (organizations 0006).

State only: the tables were created by organizations 0002 and keep their names and rows; this
tells Django the models now live here.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


# The models as organizations 0002 created them, with their tables' names.
MOVED_MODELS = [
    migrations.CreateModel(
        name="RosterImport",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
            ("format", models.CharField(choices=[("oneroster", "OneRoster 1.1 CSV"), ("simple", "Simple CSV (email, name, school, role)")], max_length=12)),
            ("filename", models.CharField(blank=True, max_length=255)),
            ("status", models.CharField(choices=[("preview", "Waiting for confirmation"), ("applying", "Being applied"), ("applied", "Applied"), ("failed", "Failed"), ("discarded", "Discarded")], default="preview", max_length=12)),
            ("deactivate_missing", models.BooleanField(default=False)),
            ("summary", models.JSONField(blank=True, default=dict)),
            ("error_count", models.PositiveIntegerField(default=0)),
            ("failure_reason", models.TextField(blank=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("applied_at", models.DateTimeField(blank=True, null=True)),
            ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="roster_imports", to="organizations.organization")),
        ],
        options={
            "db_table": "organizations_rosterimport",
            "ordering": ["-created_at"],
        },
    ),
    migrations.CreateModel(
        name="RosterImportRow",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("position", models.PositiveIntegerField()),
            ("source", models.CharField(max_length=20)),
            ("kind", models.CharField(choices=[("org", "School or district"), ("user", "Person")], max_length=8)),
            ("action", models.CharField(choices=[("create", "Create"), ("update", "Update"), ("unchanged", "Unchanged"), ("deactivate", "Deactivate"), ("skip", "Skip"), ("error", "Error")], max_length=12)),
            ("label", models.CharField(max_length=300)),
            ("reason", models.TextField(blank=True)),
            ("data", models.JSONField(blank=True, default=dict)),
            ("roster_import", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rows", to="rosters.rosterimport")),
        ],
        options={
            "db_table": "organizations_rosterimportrow",
            "ordering": ["position"],
            "indexes": [models.Index(fields=["roster_import", "action"], name="organizatio_roster__5eebe4_idx")],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organizations", "0006_move_roster_imports_to_rosters"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=MOVED_MODELS, database_operations=[]),
    ]
