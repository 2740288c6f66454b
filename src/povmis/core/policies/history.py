"""A household's place on the list on any day: the class and escape dates a delivery is judged on.

A delivery is judged on its own date, so a household that escaped poverty in June is poor for a card
given in March and not for one given in August. The history is three frames, each read by an as-of
join (the latest row on or before the day), one join for two million deliveries:

- ``lists``: ``household_id``, ``since``, ``class``: a periodic list's class from the day it came in force;
- ``decisions``: ``household_id``, ``decided_on``, ``decided_class``: a monthly decision changes the class
  from its date, until a later periodic list (which reviewed the household again) replaces it;
- ``escapes``: ``household_id``, ``on``, ``kind`` (``poverty`` or ``near_poverty``): the days it escaped.

>>> import datetime as dt
>>> households = pl.DataFrame({"household_id": ["H1"], "class": ["not_poor"],
...     "escaped_poverty_on": [dt.date(2025, 6, 15)], "escaped_near_poverty_on": [None]})
>>> given = pl.DataFrame({"household_id": ["H1", "H1"], "on": [dt.date(2025, 3, 1), dt.date(2025, 8, 1)]})
>>> status_on(given, from_escapes(households))["class"].to_list()
['poor', 'not_poor']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from povmis.core.procedures.list_in_force import decision_stands

ESCAPES = ("escaped_poverty_on", "escaped_near_poverty_on")
KINDS = {"escaped_poverty_on": "poverty", "escaped_near_poverty_on": "near_poverty"}
STATUS = ("class", *ESCAPES)
LIST_SCHEMA: dict[str, pl.DataType] = {"household_id": pl.String(), "since": pl.Date(), "class": pl.String()}
DECISION_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "decided_on": pl.Date(),
    "decided_class": pl.String(),
}
ESCAPE_SCHEMA: dict[str, pl.DataType] = {"household_id": pl.String(), "on": pl.Date(), "kind": pl.String()}


def typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame``'s columns of ``schema``, in its order and types."""
    return frame.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


@dataclass(frozen=True)
class History:
    lists: pl.DataFrame
    decisions: pl.DataFrame
    escapes: pl.DataFrame


def from_escapes(households: pl.DataFrame) -> History:
    """The history a households file tells by itself: before its latest escape from poverty it was poor,
    before its latest escape from near-poverty (and after any escape from poverty) near-poor.

    A file holds the class at the period's end and the escape dates, nothing of earlier moves back.
    """
    frame = households.select(
        "household_id", pl.col("class").cast(pl.String),
        *[(pl.col(name) if name in households.columns else pl.lit(None)).cast(pl.Date).alias(name) for name in ESCAPES],
    )  # fmt: skip
    poverty, near = pl.col("escaped_poverty_on"), pl.col("escaped_near_poverty_on")
    near_after = near.is_not_null() & (poverty.is_null() | (near > poverty))
    first = pl.when(poverty.is_not_null()).then(pl.lit("poor")).when(near_after).then(pl.lit("near_poor"))
    after_poverty = pl.when(near_after).then(pl.lit("near_poor")).otherwise(pl.col("class"))
    lists = pl.concat(
        [
            frame.select("household_id", since=pl.lit(dt.date.min), **{"class": first.otherwise(pl.col("class"))}),
            frame.filter(poverty.is_not_null()).select("household_id", since=poverty, **{"class": after_poverty}),
            frame.filter(near_after).select("household_id", since=near, **{"class": pl.col("class")}),
        ]
    )
    escapes = pl.concat(
        frame.filter(pl.col(name).is_not_null()).select("household_id", on=pl.col(name), kind=pl.lit(KINDS[name]))
        for name in ESCAPES
    )
    return History(typed(lists, LIST_SCHEMA), pl.DataFrame(schema=DECISION_SCHEMA), typed(escapes, ESCAPE_SCHEMA))


def status_on(given: pl.DataFrame, history: History) -> pl.DataFrame:
    """``given`` (``household_id``, ``on``, any other columns) with the ``class`` and escape dates of its day.

    A household with no list in force on the day has no class: it was on no list, entitled to nothing.
    """
    days = given.with_row_index("_order").sort("on")
    listed = days.join_asof(
        history.lists.sort("since"),
        left_on="on",
        right_on="since",
        by="household_id",
        strategy="backward",
        check_sortedness=False,
    )
    decided = listed.join_asof(
        history.decisions.sort("decided_on"), left_on="on", right_on="decided_on", by="household_id",
        strategy="backward", check_sortedness=False,
    )  # fmt: skip
    # A later periodic list reviewed the household again: a decision before it no longer counts.
    current = decision_stands(pl.col("decided_on"), pl.col("since"))
    judged = decided.with_columns(
        pl.when(current).then(pl.col("decided_class")).otherwise(pl.col("class")).alias("class")
    )
    for name, kind in KINDS.items():
        escapes = history.escapes.filter(pl.col("kind") == kind).select("household_id", pl.col("on").alias(name))
        judged = judged.join_asof(
            escapes.sort(name),
            left_on="on",
            right_on=name,
            by="household_id",
            strategy="backward",
            check_sortedness=False,
        )
    return judged.sort("_order").select(*given.columns, *STATUS)
