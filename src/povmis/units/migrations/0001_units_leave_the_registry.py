"""The administrative units leave the registry for their own app, keeping their tables and rows."""

import datetime
from typing import Any

import django.db.models.deletion
from django.db import migrations, models


MOVED = ["adminunit", "unitsuccession"]


def move_content_types(apps: Any, schema_editor: Any) -> None:
    """Whatever refers to the units' content types (permissions) follows them to the new app."""
    _relabel(apps, "registry", "units")


def move_content_types_back(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "units", "registry")


def _relabel(apps: Any, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0014_village_meetings_and_complaints'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name='AdminUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('level', models.CharField(choices=[('province', 'province'), ('district', 'district'), ('commune', 'commune'), ('village', 'village')], max_length=10)),
                        ('path', models.CharField(db_index=True, editable=False, max_length=200)),
                        ('is_urban', models.BooleanField(default=False)),
                        ('is_disadvantaged', models.BooleanField(default=False)),
                        ('valid_from', models.DateField(default=datetime.date(2000, 1, 1))),
                        ('valid_to', models.DateField(blank=True, null=True)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='units.adminunit')),
                    ],
                    options={
                        'db_table': 'registry_adminunit',
                        'ordering': ['path'],
                    },
                ),
                migrations.CreateModel(
                    name='UnitSuccession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('merged_into', 'merged into'), ('split_into', 'split into'), ('renamed', 'renamed')], max_length=12)),
                        ('effective', models.DateField()),
                        ('share', models.FloatField(default=1.0)),
                        ('predecessor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='successions', to='units.adminunit')),
                        ('successor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='predecessions', to='units.adminunit')),
                    ],
                    options={
                        'db_table': 'registry_unitsuccession',
                        'constraints': [models.UniqueConstraint(fields=('predecessor', 'successor'), name='one_succession_per_pair')],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
