"""A real import job that stops inside its transaction on its first run, so a test can kill its worker there.

It calls the same :func:`commit_upload` as the import page; only its progress callback waits once the
households and answers are written (``writing audit``) and before the transaction commits.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from povmis.jobs.runner import Report
from povmis.registry.survey_import.jobs import commit_upload


def commit_pausing_once(*, report: Report, pause_file: str, **arguments: Any) -> dict[str, Any]:
    marker = Path(pause_file)

    def pausing(step: str, percent: int) -> None:
        report(step, percent)
        if step == "writing audit" and not marker.exists():
            marker.write_text("inside the transaction")
            time.sleep(600)  # until the test kills the worker

    return commit_upload(report=pausing, **arguments)
