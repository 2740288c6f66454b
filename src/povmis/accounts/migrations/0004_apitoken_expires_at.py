# API tokens get an expiry. Tokens issued before it existed expire POVMIS_API_TOKEN_DAYS after this
# migration runs, so no script stops at once and none keeps a key that never expires.

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at=None).update(
        expires_at=timezone.now() + timedelta(days=settings.POVMIS_API_TOKEN_DAYS)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_apitoken_revocation'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(),
        ),
    ]
