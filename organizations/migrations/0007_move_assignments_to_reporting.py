"""Assignments move to the reporting app (reporting 0001).

State only: the table keeps its name (the model sets `db_table`), its rows and its
constraints; nothing is run against it. Its content type follows the model, so the admin's
history and any granted permissions still point at it.
"""

from django.db import migrations

MODELS = ["assignment"]


def move_content_types(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "organizations", "reporting")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "reporting", "organizations")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0006_move_roster_imports_to_rosters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Assignment")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
