"""Deprivations as a bitmask the database can filter, filled for the results already stored.

Bit i is the i-th indicator of the run's standard. Existing rows are filled from their JSON list, one
UPDATE per run and indicator (no row is read into Python).
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill_masks(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from povmis.core.standard import load_standard

    run_model = apps.get_model("registry", "ClassificationRun")
    result_model = apps.get_model("registry", "HouseholdResult")
    table = schema_editor.connection.ops.quote_name(result_model._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for run_id, standard_id in run_model.objects.values_list("pk", "standard_id"):
            for bit, indicator in enumerate(load_standard(standard_id).indicators):
                cursor.execute(
                    f"UPDATE {table} SET deprived_mask = deprived_mask + %s "  # noqa: S608  # a quoted table name
                    "WHERE run_id = %s AND deprived LIKE %s",
                    [1 << bit, run_id, f'%"{indicator.id}"%'],
                )


class Migration(migrations.Migration):
    # 0006 is another change to the registry made at the same time; this one needs only 0005.
    dependencies = [
        ("registry", "0006_personal_data_reads"),
    ]

    operations = [
        migrations.AddField(
            model_name="householdresult",
            name="deprived_mask",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
    ]
