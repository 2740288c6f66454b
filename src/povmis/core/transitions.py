"""How each household moved between two reviews: stayed poor, escaped, newly poor, fell back, ...

The labels follow domain.md §3.10 (Phiếu C's "from old poor / from old near-poor / new", Mẫu 02's
escaped households, and re-poverty, *tái nghèo*). One vectorised pass over a class history, the
same for one commune or a province.

>>> import polars as pl
>>> history = pl.DataFrame({
...     "household_id": ["a", "a", "a", "b", "b", "c"],
...     "year": [2022, 2023, 2024, 2023, 2024, 2024],
...     "class": ["poor", "not_poor", "poor", "near_poor", "poor", "poor"],
... })
>>> label_transitions(history, 2024).sort("household_id")["transition"].to_list()
['fell_back_into_poverty', 'near_poor_to_poor', 'newly_poor']
"""

from __future__ import annotations

import polars as pl

POOR, NEAR_POOR = "poor", "near_poor"

STAYED_POOR = "stayed_poor"
ESCAPED_POVERTY = "escaped_poverty"  # poor → average or not poor
POOR_TO_NEAR_POOR = "poor_to_near_poor"  # escaped poverty, onto the near-poor list
NEWLY_POOR = "newly_poor"  # poor now, never poor in an earlier review (phát sinh)
FELL_BACK_INTO_POVERTY = "fell_back_into_poverty"  # poor, escaped, poor again (tái nghèo)
NEAR_POOR_TO_POOR = "near_poor_to_poor"
STAYED_NEAR_POOR = "stayed_near_poor"
ESCAPED_NEAR_POVERTY = "escaped_near_poverty"  # near-poor → average or not poor
NEWLY_NEAR_POOR = "newly_near_poor"
STAYED_OUT = "stayed_out"  # neither poor nor near-poor, before and now
UNCLASSIFIED = "unclassified"  # this review could not classify the household

TRANSITIONS = (
    STAYED_POOR,
    ESCAPED_POVERTY,
    POOR_TO_NEAR_POOR,
    NEWLY_POOR,
    FELL_BACK_INTO_POVERTY,
    NEAR_POOR_TO_POOR,
    STAYED_NEAR_POOR,
    ESCAPED_NEAR_POVERTY,
    NEWLY_NEAR_POOR,
    STAYED_OUT,
    UNCLASSIFIED,
)


def label_transitions(history: pl.DataFrame, year: int) -> pl.DataFrame:
    """Label each household classified in ``year`` against the latest earlier review.

    ``history`` has household_id, year and class (null when unclassified) for every review so far.
    Returns household_id, previous_class (null when not reviewed then) and transition.
    """
    current = history.filter(pl.col("year") == year).select("household_id", "class")
    earlier = history.filter(pl.col("year") < year)
    previous_year = earlier["year"].max() if earlier.height else None
    # A literal, not a bare None: the first review has no earlier year and the filter keeps nothing.
    previous = earlier.filter(pl.col("year") == pl.lit(previous_year, pl.Int64)).select(
        "household_id", pl.col("class").alias("previous_class")
    )
    escaped_once = _escaped_once(earlier)
    frame = (
        current.join(previous, on="household_id", how="left")
        .join(escaped_once, on="household_id", how="left")
        .with_columns(pl.col("escaped_once").fill_null(value=False))
    )
    return frame.select("household_id", "previous_class", _label().alias("transition"))


def _escaped_once(earlier: pl.DataFrame) -> pl.DataFrame:
    """Households that were poor in some review and out of poverty in a later one."""
    poor = pl.col("class") == POOR
    return (
        earlier.filter(pl.col("class").is_not_null())
        .group_by("household_id")
        .agg(
            pl.col("year").filter(poor).min().alias("first_poor"),
            pl.col("year").filter(~poor).max().alias("last_out"),
        )
        .select(
            "household_id",
            (pl.col("last_out") > pl.col("first_poor")).fill_null(value=False).alias("escaped_once"),
        )
    )


def _label() -> pl.Expr:
    now, before = pl.col("class"), pl.col("previous_class")
    was_poor, was_near = before == POOR, before == NEAR_POOR
    return (
        pl.when(now.is_null()).then(pl.lit(UNCLASSIFIED))
        .when((now == POOR) & was_poor.fill_null(value=False)).then(pl.lit(STAYED_POOR))
        .when((now == POOR) & pl.col("escaped_once")).then(pl.lit(FELL_BACK_INTO_POVERTY))
        .when((now == POOR) & was_near.fill_null(value=False)).then(pl.lit(NEAR_POOR_TO_POOR))
        .when(now == POOR).then(pl.lit(NEWLY_POOR))
        .when((now == NEAR_POOR) & was_poor.fill_null(value=False)).then(pl.lit(POOR_TO_NEAR_POOR))
        .when((now == NEAR_POOR) & was_near.fill_null(value=False)).then(pl.lit(STAYED_NEAR_POOR))
        .when(now == NEAR_POOR).then(pl.lit(NEWLY_NEAR_POOR))
        .when(was_poor.fill_null(value=False)).then(pl.lit(ESCAPED_POVERTY))
        .when(was_near.fill_null(value=False)).then(pl.lit(ESCAPED_NEAR_POVERTY))
        .otherwise(pl.lit(STAYED_OUT))
    )  # fmt: skip
