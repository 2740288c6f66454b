"""A worker killed exactly while PostgreSQL runs its import's COMMIT: the import lands once, the retry says so.

The server finishes a COMMIT it has received even when its client is gone, so the worker dies not
knowing whether its work landed. A deferred trigger makes the COMMIT itself slow, the test kills the
worker (kill -9) while the server runs it, and the job, shown failed, is run again: no UniqueViolation,
no second batch, and the job is done with the import that landed, its lost attempt in its history.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.db import connection

from povmis.jobs.runner import run_job
from povmis.jobs.services import retry, submit
from povmis.registry.models import AuditEntry, HouseholdSurvey, ImportBatch
from povmis.registry.survey_import import uploads
from tests.jobs.test_jobs import checked_upload
from tests.jobs.test_worker_kill import start_worker, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
        reason="SQLite has no server that finishes a dead process's COMMIT (its kill -9: test_worker_kill.py)",
    ),
]
SLOW_COMMIT = """
CREATE FUNCTION povmis_test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(4); RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER povmis_test_slow_commit AFTER INSERT ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION povmis_test_slow_commit();
"""
COMMITTING = """
SELECT pid FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE 'commit%%'
"""


def _committing() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(COMMITTING)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def slow_commit():
    with connection.cursor() as cursor:
        cursor.execute(SLOW_COMMIT.format(table=connection.ops.quote_name(ImportBatch._meta.db_table)))
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER povmis_test_slow_commit ON {connection.ops.quote_name(ImportBatch._meta.db_table)}"
        )
        cursor.execute("DROP FUNCTION povmis_test_slow_commit()")


def test_a_worker_killed_during_commit_lands_the_import_once_and_its_retry_says_so(
    world, browser, settings, slow_commit
):
    client = browser("cadre")
    token = checked_upload(client)
    cadre = world.personas["cadre"]
    job = submit(
        "povmis.registry.survey_import.jobs.commit_upload",
        user=cadre,
        folder=str(uploads.root() / token),
        year=2024,
        user_id=cadre.pk,
        upload_key=token,
    )
    worker = start_worker()
    try:
        wait_for(lambda: bool(_committing()))  # the server is running the import's COMMIT
        backend = _committing()[0]
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    wait_for(lambda: backend not in _committing())  # the server finished the COMMIT for a client now gone
    batch = ImportBatch.objects.get()
    assert (batch.upload_key, HouseholdSurvey.objects.count(), AuditEntry.objects.count()) == (token, 2, 2)
    job.refresh_from_db()
    assert job.status == "running"  # the worker died before it could say done
    settings.POVMIS_JOB_STALE_SECONDS = 1
    time.sleep(1.5)
    retry(job, user=cadre)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("done", 2, "")
    assert job.result == {"year": 2024, "committed": True, "batch": batch.pk, "landed_earlier": True,
                          "counts": {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}}  # fmt: skip
    assert [(a["number"], a["outcome"]) for a in job.history()] == [(1, "lost"), (2, "done")]
    assert (ImportBatch.objects.count(), HouseholdSurvey.objects.count(), AuditEntry.objects.count()) == (1, 2, 2)
    page = client.get(f"/jobs/{job.pk}/").text
    assert "An earlier attempt's import had landed before its worker stopped" in page
    assert "Your jobs that failed" not in client.get("/").text
