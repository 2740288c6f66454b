"""The review's long work the queue runs: keyword arguments from the job's row, and ``report``.

Each calls the same service as the page and the command line; ``report(step, percent)`` records progress.
What it returns (JSON) is the job's result.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from povmis.jobs.runner import Report
from povmis.registry.models import ReviewCycle

CLASSIFY_STEPS = {"loading": 10, "classifying": 40, "storing": 70, "done": 100}


def classify(*, report: Report, year: int, user_id: int | None) -> dict[str, Any]:
    """Classify review ``year`` as :func:`povmis.registry.services.classify_cycle` does."""
    from povmis.registry.services import classify_cycle  # noqa: PLC0415  # the services import this module's callers

    user = None if user_id is None else User.objects.get(pk=user_id)
    cycle = ReviewCycle.objects.get(year=year)

    def say(message: str) -> None:
        report(message, CLASSIFY_STEPS.get(message.split(" ")[0], 0))

    run = classify_cycle(cycle, user=user, progress=say)
    return {"run": run.pk, "households": run.household_count, "standard": run.standard_id}
