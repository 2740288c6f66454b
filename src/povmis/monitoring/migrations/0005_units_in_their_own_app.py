"""The figures' units are now the units app's (units 0001); the columns and their rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_saved_scenarios'),
        ('units', '0001_units_leave_the_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.AlterField(
                    model_name='unitcount',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='unitdeprivation',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='unitflow',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='unittransition',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.adminunit'),
                ),
            ],
        ),
    ]
