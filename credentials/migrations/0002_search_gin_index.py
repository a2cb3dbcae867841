"""A GIN index for full-text search, on PostgreSQL only (SQLite uses the plain-text fallback)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS credentials_search_gin "
            "ON credentials_microcredentialversion USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS credentials_search_gin")


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
