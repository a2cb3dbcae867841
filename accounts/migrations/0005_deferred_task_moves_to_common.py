"""DeferredTask now belongs to the common app (common 0001): accounts forgets it, state only.
No table is renamed and no row moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_deferred_task_due_at"),
        ("common", "0001_deferred_task"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DeferredTask")],
            database_operations=[],
        ),
    ]
