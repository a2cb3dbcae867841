"""Typo-tolerant search: the pg_trgm extension and a GIN trigram index on version titles, on
PostgreSQL only (SQLite keeps the plain-text fallback; CreateExtension skips other databases)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS credentials_title_trgm "
            "ON credentials_microcredentialversion USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS credentials_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("credentials", "0004_teams")]
    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
