"""Stock and flows of poor and near-poor households between two reviews (docs/figures.md §3).

A unit's stock at the start is its households with that class in the previous review; at the end,
in this review. Every household of either stock is in exactly one flow, so the identity

    end = start - escaped - moved_out + newly_poor + fell_back + moved_in

holds by construction and :func:`check_identity` proves it on every frame before anything shows it.
A household is *present* in a unit at a review when it was classified there. ``moved_out`` is the
start's households not present at the end (moved away, left the register, or unclassified this time:
``unclassified`` counts those beside); ``moved_in`` the end's households not present at the start.

>>> import polars as pl
>>> before = pl.DataFrame({"household_id": ["a", "b", "c", "d"], "unit": ["u"] * 4,
...                        "class": ["poor", "poor", "poor", "near_poor"]})
>>> now = pl.DataFrame({"household_id": ["a", "b", "d", "e"], "unit": ["u"] * 4,
...                     "class": ["poor", "near_poor", "poor", "poor"],
...                     "transition": ["stayed_poor", "poor_to_near_poor", "near_poor_to_poor", "newly_poor"]})
>>> poor_flows(before, now, ["unit"]).drop("unit").row(0, named=True)  # doctest: +NORMALIZE_WHITESPACE
{'start': 3, 'stayed': 1, 'escaped': 1, 'moved_out': 1, 'unclassified': 0, 'newly_poor': 1, 'fell_back': 0,
 'moved_in': 1, 'end': 3}
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from povmis.core.transitions import FELL_BACK_INTO_POVERTY

POOR, NEAR_POOR = "poor", "near_poor"
POOR_FLOWS = ("start", "stayed", "escaped", "moved_out", "unclassified", "newly_poor", "fell_back", "moved_in", "end")
NEAR_POOR_FLOWS = (
    "start", "stayed", "escaped", "became_poor", "moved_out", "unclassified",
    "from_poor", "newly_near_poor", "moved_in", "end",
)  # fmt: skip


class IdentityError(ValueError):
    """A stock-flow identity does not hold: a household was counted in no flow or in two."""


def _paired(before: pl.DataFrame, now: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """One row per household and unit in either review: class before, class now, this review's label."""
    keys = ["household_id", *by]
    earlier = before.select(*keys, pl.col("class").cast(pl.String).alias("before"))
    later = now.select(*keys, pl.col("class").cast(pl.String).alias("now"), pl.col("transition").alias("label"))
    answered = now.select(*keys, pl.lit(value=True).alias("answered"))
    return (
        earlier.join(later, on=keys, how="full", coalesce=True)
        .with_columns(present_before=pl.col("before").is_not_null(), present_now=pl.col("now").is_not_null())
        .join(answered, on=keys, how="left")
        .with_columns(pl.col("answered").fill_null(value=False))
    )


def _sum(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(value=False).cast(pl.Int64).sum()


def poor_flows(before: pl.DataFrame, now: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per group of ``by``: the poor households' flows (:data:`POOR_FLOWS`), identity checked.

    ``before`` has household_id, ``by`` and class (null: unclassified); ``now`` also the transition.
    """
    was, is_ = pl.col("before") == POOR, pl.col("now") == POOR
    came = is_ & pl.col("present_before") & ~was.fill_null(value=False)
    fell_back = came & (pl.col("label") == FELL_BACK_INTO_POVERTY)
    frame = (
        _paired(before, now, by)
        .group_by(*by)
        .agg(
            start=_sum(was),
            stayed=_sum(was & is_),
            escaped=_sum(was & pl.col("present_now") & ~is_),
            moved_out=_sum(was & ~pl.col("present_now")),
            unclassified=_sum(was & ~pl.col("present_now") & pl.col("answered")),
            newly_poor=_sum(came & ~fell_back),
            fell_back=_sum(fell_back),
            moved_in=_sum(is_ & ~pl.col("present_before")),
            end=_sum(is_),
        )
        .sort(*by)
    )
    inflow = pl.col("newly_poor") + pl.col("fell_back") + pl.col("moved_in")
    return check_identity(frame, pl.col("escaped") + pl.col("moved_out"), inflow)


def near_poor_flows(before: pl.DataFrame, now: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per group of ``by``: the near-poor households' flows (:data:`NEAR_POOR_FLOWS`), identity checked."""
    was, is_ = pl.col("before") == NEAR_POOR, pl.col("now") == NEAR_POOR
    still = pl.col("present_now") & ~is_
    came = is_ & pl.col("present_before") & ~was.fill_null(value=False)
    frame = (
        _paired(before, now, by)
        .group_by(*by)
        .agg(
            start=_sum(was),
            stayed=_sum(was & is_),
            escaped=_sum(was & still & (pl.col("now") != POOR)),
            became_poor=_sum(was & (pl.col("now") == POOR)),
            moved_out=_sum(was & ~pl.col("present_now")),
            unclassified=_sum(was & ~pl.col("present_now") & pl.col("answered")),
            from_poor=_sum(came & (pl.col("before") == POOR)),
            newly_near_poor=_sum(came & (pl.col("before") != POOR)),
            moved_in=_sum(is_ & ~pl.col("present_before")),
            end=_sum(is_),
        )
        .sort(*by)
    )
    outflow = pl.col("escaped") + pl.col("became_poor") + pl.col("moved_out")
    return check_identity(frame, outflow, pl.col("from_poor") + pl.col("newly_near_poor") + pl.col("moved_in"))


def check_identity(frame: pl.DataFrame, outflow: pl.Expr, inflow: pl.Expr) -> pl.DataFrame:
    """``frame`` itself when end = start - outflow + inflow on every row; else :class:`IdentityError`."""
    broken = frame.filter(pl.col("end") != pl.col("start") - outflow + inflow)
    if broken.height:
        raise IdentityError(f"stock-flow identity broken on {broken.height} row(s): {broken.row(0, named=True)}")
    return frame


FLOWS = {POOR: POOR_FLOWS, NEAR_POOR: NEAR_POOR_FLOWS}


def checked(frame: pl.DataFrame, side: str) -> pl.DataFrame:
    """A frame of one stock's flows (columns :data:`FLOWS`\\ [side], however summed), identity checked."""
    if side == POOR:
        return check_identity(
            frame,
            pl.col("escaped") + pl.col("moved_out"),
            pl.col("newly_poor") + pl.col("fell_back") + pl.col("moved_in"),
        )
    return check_identity(
        frame,
        pl.col("escaped") + pl.col("became_poor") + pl.col("moved_out"),
        pl.col("from_poor") + pl.col("newly_near_poor") + pl.col("moved_in"),
    )


def wide(rows: pl.DataFrame, by: list[str]) -> dict[str, pl.DataFrame]:
    """Rows of (``by``, household_class, flow, households) as one checked frame per stock."""
    result = {}
    for side, names in FLOWS.items():
        mine = rows.filter(pl.col("household_class") == side)
        sums = [pl.col("households").filter(pl.col("flow") == name).sum().cast(pl.Int64).alias(name) for name in names]
        frame = mine.group_by(*by).agg(sums).sort(*by) if by else mine.select(sums)
        result[side] = checked(frame, side)
    return result
