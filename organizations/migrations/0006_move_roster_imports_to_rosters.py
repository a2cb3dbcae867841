"""Roster imports move to the rosters app (rosters 0001).

State only: the tables keep their names (the models set `db_table`) and their rows; nothing
is run against them. Their content types follow the models, so the admin's history and any
granted permissions still point at them.
"""

from django.db import migrations

MODELS = ["rosterimport", "rosterimportrow"]


def move_content_types(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "organizations", "rosters")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "rosters", "organizations")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0005_move_keys_and_webhooks_to_integrations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RosterImportRow"),
                migrations.DeleteModel(name="RosterImport"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
