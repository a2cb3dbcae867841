from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def expire_from_creation(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Counted from creation, as for a new token: a token older than the lifetime is exactly the
    # forgotten credential the expiry is for, so it dies at deploy; its owner makes a new one.
    ApiToken = apps.get_model("accounts", "ApiToken")
    lifetime = timedelta(days=int(settings.API_TOKEN_TTL_DAYS))
    tokens = ApiToken.objects.using(schema_editor.connection.alias)
    tokens.update(expires_at=F("created_at") + lifetime)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_deferred_task_moves_to_common")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_from_creation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
