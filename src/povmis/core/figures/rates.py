"""Rates of a unit's households, as fractions of the classified households (docs/figures.md §1).

The denominator is the classified households of the review. Unclassified households (answers missing
or invalid: class null) are counted beside, in ``households`` and ``unclassified``, never in a rate.
A household whose ethnicity is not recorded counts in the totals but in neither group's rate.

>>> import polars as pl
>>> counts = pl.DataFrame({
...     "year": [2024] * 4, "household_class": ["poor", "near_poor", "not_poor", None],
...     "ethnic_minority": [True, False, False, None], "households": [1, 2, 7, 2],
... })
>>> row = rates(counts, ["year"]).row(0, named=True)
>>> row["households"], row["classified"], row["unclassified"], row["poverty_rate"], row["multidimensional_poverty_rate"]
(12, 10, 2, 0.1, 0.3)
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

POOR, NEAR_POOR = "poor", "near_poor"
COUNT_COLUMNS = ("households", "classified", "unclassified", "poor", "near_poor", "poor_near")
GROUP_COLUMNS = ("em", "em_poor", "kinh", "kinh_poor")
# rate column → (numerator, denominator)
RATES = {
    "poverty_rate": ("poor", "classified"),
    "near_poverty_rate": ("near_poor", "classified"),
    # The national "tỷ lệ nghèo đa chiều" (multidimensional poverty rate): poor and near-poor together.
    "multidimensional_poverty_rate": ("poor_near", "classified"),
    "em_poverty_rate": ("em_poor", "em"),
    "kinh_poverty_rate": ("kinh_poor", "kinh"),
}


def fraction(part: str, whole: str) -> pl.Expr:
    """``part / whole``, unrounded; null when the whole is empty (no classified household)."""
    return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole)).otherwise(None)


def with_rates(totals: pl.DataFrame) -> pl.DataFrame:
    """Add every rate of :data:`RATES` to a frame of counts."""
    return totals.with_columns(fraction(part, whole).alias(name) for name, (part, whole) in RATES.items())


def rates(counts: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Counts and rates per group of ``by``, from rows of household_class (null: unclassified),
    ethnic_minority (null: not recorded) and households."""
    cls = pl.col("household_class")
    classified, poor, near = cls.is_not_null(), cls == POOR, cls == NEAR_POOR
    em = pl.col("ethnic_minority").fill_null(value=False) & classified
    kinh = (~pl.col("ethnic_minority")).fill_null(value=False) & classified
    n = pl.col("households")
    totals = (
        counts.group_by(*by)
        .agg(
            households=n.sum(),
            classified=n.filter(classified).sum(),
            unclassified=n.filter(~classified).sum(),
            poor=n.filter(poor).sum(),
            near_poor=n.filter(near).sum(),
            poor_near=n.filter(poor | near).sum(),
            em=n.filter(em).sum(),
            em_poor=n.filter(em & poor).sum(),
            kinh=n.filter(kinh).sum(),
            kinh_poor=n.filter(kinh & poor).sum(),
        )
        .with_columns(pl.col(*COUNT_COLUMNS, *GROUP_COLUMNS).cast(pl.Int64))
    )
    return with_rates(totals).sort(*by)


def household_counts(households: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Rows for :func:`rates` from one row per household (``class`` and ``ethnic_minority``)."""
    return households.group_by(*by, pl.col("class").cast(pl.String).alias("household_class"), "ethnic_minority").agg(
        households=pl.len().cast(pl.Int64)
    )
