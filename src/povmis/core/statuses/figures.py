"""The statuses' figures, defined once: holders counted per unit, for the pages, the exports and the API.

>>> import polars as pl
>>> held = pl.DataFrame({"unit_code": ["1", "1", "2"], "unit_name": ["A", "A", "B"],
...     "status": ["agricultural_average", "low_income_worker", "low_income_worker"]})
>>> counts_per_unit(held).rows()
[('1', 'A', 1, 1), ('2', 'B', 0, 1)]
"""

from __future__ import annotations

import polars as pl

STATUSES = ("agricultural_average", "low_income_worker")


def counts_per_unit(held: pl.DataFrame) -> pl.DataFrame:
    """One row per unit with holders: ``unit_code``, ``unit_name`` and one count per status, every status a column."""
    counts = [(pl.col("status") == status).sum().cast(pl.Int64).alias(status) for status in STATUSES]
    return held.group_by("unit_code", "unit_name").agg(counts).sort("unit_code")
