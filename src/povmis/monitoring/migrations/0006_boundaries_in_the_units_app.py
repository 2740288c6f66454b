"""The maps' outlines now belong to the units app (units 0002); their table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0005_units_in_their_own_app'),
        ('units', '0002_boundaries_join_the_units'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns it changes.
            state_operations=[migrations.DeleteModel(name='Boundary')],
        ),
    ]
