# One commit per upload: the import page's upload a batch committed, unique.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0007_result_deprivation_mask'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='upload_key',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
    ]
