"""An upload's check and commit as jobs: the worker reads the kept files and runs :func:`import_survey` on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from povmis.jobs.files import JobFile
from povmis.jobs.runner import Report
from povmis.registry.models import ImportBatch
from povmis.registry.services import import_survey
from povmis.registry.survey_import import error_report, uploads
from povmis.registry.views import import_progress

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def commit_upload(*, report: Report, folder: str, year: int, user_id: int, upload_key: str) -> dict[str, Any]:
    """Commit the upload kept in ``folder`` (once: ``upload_key`` is unique among committed batches)."""
    user = User.objects.get(pk=user_id)

    def say(message: str) -> None:
        step = import_progress.step_of(message)
        report(step, import_progress.percent(step, commit=True))

    say("reading")
    survey = uploads.survey(Path(folder))
    effect = import_survey(survey, year=year, user=user, commit=True, progress=say, upload_key=upload_key)
    return {"year": effect.year, "committed": effect.committed, "batch": effect.batch_id, "counts": effect.counts}


def _landed(*, folder: str, year: int, user_id: int, upload_key: str) -> dict[str, Any] | None:
    """The result of an earlier attempt whose commit landed although its worker died before saying so
    (PostgreSQL finishes a COMMIT it has received): the batch of this upload, committed by this user."""
    del folder  # the same arguments as the commit; the batch is found by the upload's key
    batch = ImportBatch.objects.filter(upload_key=upload_key, committed_by_id=user_id, cycle__year=year).first()
    if batch is None:
        return None
    counts = {"new": batch.new_count, "changed": batch.changed_count, "unchanged": batch.unchanged_count,
              "rejected": batch.rejected_count}  # fmt: skip
    return {"year": year, "committed": True, "batch": batch.pk, "counts": counts, "landed_earlier": True}


commit_upload.landed = _landed  # type: ignore[attr-defined]  # read by jobs.runner.run_job on a retry


def check_upload(*, report: Report, folder: str, year: int, user_id: int, upload_key: str) -> dict[str, Any]:
    """Run the upload kept in ``folder`` dry and keep its effect beside it, for the result page to show."""
    user = User.objects.get(pk=user_id)
    path = Path(folder)
    track = import_progress.tracker(path, commit=False)  # the import page's own progress, as before

    def say(message: str) -> None:
        track(message)
        step = import_progress.step_of(message)
        report(step, import_progress.percent(step, commit=False))

    survey = uploads.survey(path)
    effect = import_survey(survey, year=year, user=user, commit=False, progress=say)
    uploads.save_effect(path, effect)
    return {"upload": upload_key, "checked": True, "committed": False, "counts": effect.counts}


def error_workbook(*, report: Report, folder: str) -> JobFile:
    """The checked upload's error report, every issue of it: a province's file can have many thousands."""
    effect = uploads.effect(Path(folder))
    report("writing the error report", 10)
    content = error_report.workbook(effect["issues"], files=effect["files"], year=effect["year"])
    return JobFile(f"import-errors-{effect['year']}.xlsx", XLSX_TYPE, content, {"export": "import errors"})
