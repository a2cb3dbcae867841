"""Assignments, moved here from the organizations app (organizations 0007).

State only: the table was created by organizations 0002 and keeps its name, rows, index and
constraints; this tells Django the model now lives here.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


# The model as organizations 0002 created it, with its table's name.
MOVED_MODELS = [
    migrations.CreateModel(
        name="Assignment",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
            ("kind", models.CharField(choices=[("recommended", "Recommended"), ("required", "Assigned")], default="recommended", max_length=12)),
            ("due_on", models.DateField(blank=True, null=True)),
            ("note", models.CharField(blank=True, max_length=500)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("cancelled_at", models.DateTimeField(blank=True, null=True)),
            ("assigned_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ("credential", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="credentials.microcredential")),
            ("educator", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to=settings.AUTH_USER_MODEL)),
            ("organization", models.ForeignKey(help_text="The organization on whose behalf it was made (its admins manage it).", on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="organizations.organization")),
            ("school", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="school_assignments", to="organizations.organization")),
            ("stack", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="credentials.stack")),
        ],
        options={
            "db_table": "organizations_assignment",
            "ordering": ["-created_at"],
            "indexes": [models.Index(fields=["organization", "cancelled_at"], name="organizatio_organiz_bc46d3_idx")],
            "constraints": [
                models.CheckConstraint(condition=models.Q(models.Q(("educator__isnull", False), ("school__isnull", True)), models.Q(("educator__isnull", True), ("school__isnull", False)), _connector="OR"), name="organizations_assignment_one_target"),
                models.CheckConstraint(condition=models.Q(models.Q(("credential__isnull", False), ("stack__isnull", True)), models.Q(("credential__isnull", True), ("stack__isnull", False)), _connector="OR"), name="organizations_assignment_one_item"),
            ],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("credentials", "0002_search_gin_index"),
        ("organizations", "0007_move_assignments_to_reporting"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=MOVED_MODELS, database_operations=[]),
    ]
