"""The survey import's tasks moved into the registry's survey_import package: stored jobs follow them."""

from typing import Any

from django.db import migrations

MOVED = {
    f"povmis.registry.import_jobs.{task}": f"povmis.registry.survey_import.jobs.{task}"
    for task in ("commit_upload", "check_upload", "error_workbook")
}


def forwards(apps: Any, schema_editor: Any) -> None:
    job = apps.get_model("jobs", "Job")
    for old, new in MOVED.items():
        job.objects.filter(task=old).update(task=new)


def backwards(apps: Any, schema_editor: Any) -> None:
    job = apps.get_model("jobs", "Job")
    for old, new in MOVED.items():
        job.objects.filter(task=new).update(task=old)


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0003_review_tasks_in_the_registry'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
