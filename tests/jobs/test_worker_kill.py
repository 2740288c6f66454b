"""A real `povmis worker` killed with kill -9 in the middle of an import's transaction: nothing half-written.

The worker is the installed entry point, run as a process against the test database; the job is the
import page's commit, paused inside its transaction once its households and answers are written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from povmis.jobs.runner import run_job
from povmis.jobs.services import retry, submit
from povmis.registry.models import AuditEntry, Household, HouseholdSurvey, ImportBatch, MemberSurvey
from povmis.registry.survey_import import uploads
from tests.jobs.test_jobs import checked_upload

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
POVMIS = Path(sys.executable).with_name("povmis")


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def code_path() -> str:
    """The checkout's code first, then its tests (the pausing job): never another copy an editable install names."""
    return os.pathsep.join([str(ROOT / "src"), str(ROOT)])


def start_worker() -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": code_path()}
    return subprocess.Popen(  # its own process group: the cluster's children die with it
        [str(POVMIS), "worker"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_a_worker_killed_mid_import_leaves_nothing_written_and_the_job_runs_again_cleanly(
    world, browser, settings, tmp_path
):
    client = browser("cadre")
    token = checked_upload(client)
    cadre = world.personas["cadre"]
    pause = tmp_path / "paused"
    job = submit(
        "tests.jobs.pausing.commit_pausing_once",
        user=cadre,
        pause_file=str(pause),
        folder=str(uploads.root() / token),
        year=2024,
        user_id=cadre.pk,
        upload_key=token,
    )
    worker = start_worker()
    try:
        wait_for(pause.exists)  # the worker is inside the import's transaction, rows written
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert Household.objects.filter(code="H9").count() == 0
    assert (ImportBatch.objects.count(), HouseholdSurvey.objects.count(), MemberSurvey.objects.count()) == (0, 0, 0)
    assert AuditEntry.objects.count() == 0
    job.refresh_from_db()
    assert job.status == "running"  # as the dead worker left it
    settings.POVMIS_JOB_STALE_SECONDS = 1
    time.sleep(1.5)
    assert job.as_dict()["status"] == "failed"
    assert client.get(f"/jobs/{job.pk}/status/").json()["retryable"] is True
    retry(job, user=cadre)
    run_job(job.pk)  # the retry, at once, on the same upload
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 2)
    assert job.result["counts"] == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    assert (ImportBatch.objects.count(), HouseholdSurvey.objects.count(), AuditEntry.objects.count()) == (1, 2, 2)


def test_povmis_worker_once_runs_the_waiting_classification_and_stops(world, tmp_path):
    job = submit(
        "povmis.registry.cycle_jobs.classify",
        user=world.personas["admin"],
        year=2024,
        user_id=world.personas["admin"].pk,
    )
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": code_path()}
    done = subprocess.run(  # noqa: PLW1510  # the exit code is asserted
        [str(POVMIS), "worker", "--once"], cwd=tmp_path, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    job.refresh_from_db()
    assert (job.status, job.result["households"]) == ("done", 0)
