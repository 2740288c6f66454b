"""The review's tasks moved from the pages' module and the queue's app to the registry: stored jobs follow them."""

from typing import Any

from django.db import migrations

MOVED = {
    f"povmis.web.import_jobs.{task}": f"povmis.registry.import_jobs.{task}"
    for task in ("commit_upload", "check_upload", "error_workbook")
} | {"povmis.jobs.tasks.classify": "povmis.registry.cycle_jobs.classify"}


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
        ('jobs', '0002_job_attempts_and_message_keys'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
