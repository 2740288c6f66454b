"""Plan lines' and outputs' units are now the units app's (units 0001); the columns and their rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0003_plan_decision_transfers'),
        ('units', '0001_units_leave_the_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.AlterField(
                    model_name='output',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programme_outputs', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='planline',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plan_lines', to='units.adminunit'),
                ),
            ],
        ),
    ]
