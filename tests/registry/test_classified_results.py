"""The results a classification announces are the results stored: those the apps above would read back."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.registry.cycle_data import review_results
from povmis.registry.models import ClassificationRun, ReviewCycle
from povmis.registry.services import classify_cycle
from povmis.registry.signals import results_stored
from tests.monitoring.conftest import classified

__all__ = ["classified"]

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_announced_results_equal_the_stored_results_read_back(classified) -> None:
    # Both reviews hold each kind of row: ethnic minority yes, no and unrecorded; a stayed-poor, an escape,
    # a poor to near-poor; two communes. Classifying 2024 again announces its results.
    announced: list[pl.DataFrame] = []

    def keep(sender: Any, *, run: ClassificationRun, results: pl.DataFrame, **kwargs: Any) -> None:
        announced.append(results)

    results_stored.connect(keep, dispatch_uid="test-keep-results")
    try:
        classify_cycle(ReviewCycle.objects.get(year=2024), user=classified.personas["province"])
    finally:
        results_stored.disconnect(dispatch_uid="test-keep-results")
    [results] = announced
    stored = review_results(2024)
    assert_frame_equal(results.sort("household_pk"), stored.sort("household_pk"))
    assert results["household_id"].sort().to_list() == ["A1", "A2", "A3", "A4", "B1", "B2"]
    assert results["transition"].null_count() < results.height  # labelled against 2023, not all empty
