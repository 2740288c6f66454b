"""The production queue for real: a job submitted through Redis (127.0.0.1:6379) runs on a `povmis worker` process.

The test process enqueues through django-q2's Redis broker, as a web server started with
``POVMIS_REDIS_URL`` does; the worker is the installed entry point started with the same variable.
A Redis database of its own (13) keeps other workers on the machine from taking the task.
"""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
import redis
from django_q.conf import Conf
from django_q.models import OrmQ

from povmis.jobs.models import Job
from povmis.jobs.services import submit
from tests.jobs.test_worker_kill import POVMIS, ROOT, code_path, database_url, wait_for

REDIS_URL = os.environ.get("POVMIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis() -> redis.Redis:
    return redis.from_url(REDIS_URL)


def _reachable() -> bool:
    try:
        return bool(_redis().ping())
    except redis.ConnectionError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _reachable(), reason=f"no Redis at {REDIS_URL}"),
]


@pytest.fixture
def redis_queue(monkeypatch):
    """The test process's queue client on Redis, as with POVMIS_REDIS_URL; the queue emptied before and after."""
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
    queue = f"django_q:{Conf.CLUSTER_NAME}:q"
    _redis().delete(queue)
    yield queue
    _redis().delete(queue)


def test_a_job_submitted_through_redis_runs_on_a_real_worker_process(world, redis_queue):
    admin = world.personas["admin"]
    job = submit("povmis.registry.cycle_jobs.classify", user=admin, year=2024, user_id=admin.pk)
    assert (_redis().llen(redis_queue), OrmQ.objects.count()) == (1, 0)  # in Redis, not in the database queue
    env = {**os.environ, "DATABASE_URL": database_url(), "POVMIS_REDIS_URL": REDIS_URL, "PYTHONPATH": code_path()}
    worker = subprocess.Popen(  # its own process group: the cluster's children stop with it
        [str(POVMIS), "worker"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status in (Job.Status.DONE, Job.Status.FAILED))
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # its job is done (or the test failed): nothing to wind down
        worker.wait(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts, job.result["households"]) == ("done", "", 1, 0)
    assert _redis().llen(redis_queue) == 0
