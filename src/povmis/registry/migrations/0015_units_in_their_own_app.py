"""The registry's units and their successions now belong to the units app (units 0001); the foreign keys point there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_role_unit_in_units_app'),
        ('monitoring', '0005_units_in_their_own_app'),
        ('programme', '0004_units_in_their_own_app'),
        ('registry', '0014_village_meetings_and_complaints'),
        ('support', '0004_reconciliation_counts'),
        ('units', '0001_units_leave_the_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.RemoveField(
                    model_name='adminunit',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='personaldataread',
                    name='commune',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='household',
                    name='village',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='village_households', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='communereview',
                    name='commune',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='household',
                    name='commune',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='households', to='units.adminunit'),
                ),
                migrations.AlterField(
                    model_name='villagemeeting',
                    name='village',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='units.adminunit'),
                ),
                migrations.DeleteModel(
                    name='UnitSuccession',
                ),
                migrations.DeleteModel(
                    name='AdminUnit',
                ),
            ],
        ),
    ]
