"""A role's unit is now the units app's (units 0001); the column and its rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_rolechange'),
        ('units', '0001_units_leave_the_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.AlterField(
                    model_name='role',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='units.adminunit'),
                ),
            ],
        ),
    ]
