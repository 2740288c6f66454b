"""Fixtures for the jobs' and the races' tests: threads on connections of their own."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.monitoring.conftest import (
    classified,  # noqa: F401  # the monitoring fixture's two rounds, for the what-if jobs
)


class Outcome:
    """What a thread's call returned or raised."""

    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, Outcome]:
    """Run ``call`` in a thread of its own, hence on a database connection of its own, closed at its end."""
    outcome = Outcome()

    def run() -> None:
        try:
            outcome.value = call()
        except BaseException as error:  # the test inspects it
            outcome.error = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def threads() -> Callable[[Callable[[], Any]], tuple[threading.Thread, Outcome]]:
    return in_thread
