"""The maps' outlines leave monitoring for the units app, keeping their table and rows."""

from typing import Any

from django.db import migrations, models


MOVED = ["boundary"]


def move_content_types(apps: Any, schema_editor: Any) -> None:
    """Whatever refers to the outlines' content type (permissions) follows it to the new app."""
    _relabel(apps, "monitoring", "units")


def move_content_types_back(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "units", "monitoring")


def _relabel(apps: Any, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('monitoring', '0005_units_in_their_own_app'),
        ('units', '0001_units_leave_the_registry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table stays where it is: only Django's idea of which app owns it changes.
            state_operations=[
                migrations.CreateModel(
                    name='Boundary',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('level', models.CharField(max_length=10)),
                        ('geometry', models.TextField()),
                    ],
                    options={
                        'db_table': 'monitoring_boundary',
                        'ordering': ('code',),
                    },
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
