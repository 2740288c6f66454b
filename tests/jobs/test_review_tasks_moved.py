"""A job stored before the review's tasks moved (to the registry, then its survey import) runs by the new paths."""

from __future__ import annotations

import pytest

from tests.migrations import latest, migrate

BEFORE = [("jobs", "0002_job_attempts_and_message_keys")]


@pytest.mark.django_db(transaction=True)
def test_stored_jobs_follow_the_review_tasks_to_the_registry() -> None:
    old = migrate(BEFORE)
    for task in (
        "povmis.web.import_jobs.commit_upload",
        "povmis.jobs.tasks.classify",
        "povmis.monitoring.whatif_jobs.compare",
    ):
        old.get_model("jobs", "Job").objects.create(task=task)

    new = migrate(latest())

    assert sorted(new.get_model("jobs", "Job").objects.values_list("task", flat=True)) == [
        "povmis.monitoring.whatif_jobs.compare",
        "povmis.registry.cycle_jobs.classify",
        "povmis.registry.survey_import.jobs.commit_upload",
    ]


@pytest.mark.django_db(transaction=True)
def test_stored_jobs_follow_the_survey_import_tasks_into_their_package() -> None:
    old = migrate([("jobs", "0003_review_tasks_in_the_registry")])
    for task in ("commit_upload", "check_upload", "error_workbook"):
        old.get_model("jobs", "Job").objects.create(task=f"povmis.registry.import_jobs.{task}")
    old.get_model("jobs", "Job").objects.create(task="povmis.registry.cycle_jobs.classify")

    new = migrate(latest())

    assert sorted(new.get_model("jobs", "Job").objects.values_list("task", flat=True)) == [
        "povmis.registry.cycle_jobs.classify",
        "povmis.registry.survey_import.jobs.check_upload",
        "povmis.registry.survey_import.jobs.commit_upload",
        "povmis.registry.survey_import.jobs.error_workbook",
    ]
