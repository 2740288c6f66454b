"""`povmis worker`: run the job queue's worker (imports, classifications, exports) until stopped.

The queue is the database by default (no other server needed) and Redis when ``POVMIS_REDIS_URL`` is
set; the worker is django-q2's cluster. ``povmis serve`` starts it beside the web server.
"""

from __future__ import annotations

import click

from povmis.commands.django import run_management


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--once", is_flag=True, help="Run the jobs waiting now, then stop (for a cron job or a test).")
def worker(*, once: bool) -> None:
    """Run the background jobs (imports, classifications, exports) until stopped with Ctrl-C."""
    run_management("qcluster", ["--run-once"] if once else [])
