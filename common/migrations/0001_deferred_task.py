"""DeferredTask moves here from accounts (accounts 0005 forgets it): state only. The table
keeps its name (accounts_deferredtask, created by accounts 0003) and its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DeferredTask",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("task_name", models.CharField(max_length=200)),
                        ("args", models.JSONField(default=list)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "due_at",
                            models.DateTimeField(blank=True, db_index=True, null=True),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                    ],
                    options={
                        "db_table": "accounts_deferredtask",
                        "ordering": ["id"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
