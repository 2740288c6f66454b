"""Delivery lists (loans, insurance cards, courses, houses, models), typed and matched to households and members.

A row names its recipient by member code, national ID or household code. A row that names nobody the
registry knows is kept and reported as unmatched, never dropped.
"""

from __future__ import annotations

import polars as pl

from povmis.core.policies.inputs import SupportInputError, refuse, typed_cells
from povmis.core.policies.policy import Policy

DELIVERY_COLUMNS = {
    "household_id": "text?",
    "national_id": "text?",
    "member_id": "text?",
    "policy": "text",
    "delivered_on": "date",
    "amount_vnd": "int?",
    "quantity": "int?",
    "programme": "text?",
    "project": "text?",
    "agency": "text?",
    "reference": "text?",
}
WHO = ("household_id", "national_id", "member_id")


def delivery_table(frame: pl.DataFrame, source: str, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """The deliveries typed, each with its ``row`` in the file (the header is row 1).

    Refused whole if any cell is bad: every bad cell is listed at once, so one round of fixes suffices.
    """
    if not {"policy", "delivered_on"} <= set(frame.columns) or not set(WHO) & set(frame.columns):
        raise SupportInputError(
            f"{source}: needs the columns policy, delivered_on and one of {', '.join(WHO)}; "
            "the layout is in docs/support.md"
        )
    filled = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in DELIVERY_COLUMNS if c not in frame.columns
    )
    typed, problems = typed_cells(filled, DELIVERY_COLUMNS, source)
    typed = typed.with_row_index("row", offset=2)
    known = [policy.id for policy in policies]
    problems += [
        (row, "policy", value, f"unknown policy; use one of {', '.join(known)}")
        for row, value in typed.filter(~pl.col("policy").is_in(known)).select("row", "policy").rows()
    ]
    nobody = typed.filter(pl.all_horizontal(pl.col(c).is_null() for c in WHO))
    problems += [
        (row, "household_id", None, "names nobody; give household_id, national_id or member_id")
        for (row,) in nobody.select("row").rows()
    ]
    negative = typed.filter((pl.col("amount_vnd") < 0) | (pl.col("quantity") < 0))
    problems += [
        (row, "amount_vnd", str(v), "must not be negative") for row, v in negative.select("row", "amount_vnd").rows()
    ]
    if problems:
        refuse(source, problems)
    return typed.with_columns(pl.col("row").cast(pl.Int64))


def match(
    deliveries: pl.DataFrame, households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...]
) -> pl.DataFrame:
    """Each delivery with its recipient, ``to_household`` and ``to_member``, or ``unmatched``: why nobody was found.

    A member code wins over a national ID, which wins over a household code; a member-level policy
    (a health insurance card, a course) must name a member.
    """
    level = pl.DataFrame({"policy": [p.id for p in policies], "level": [p.level for p in policies]})
    known_households = households.select(
        pl.col("household_id").alias("_known_household"), pl.lit(value=True).alias("_household_known")
    )
    people = _people(members)
    by_code = people.select(
        pl.col("member_id").alias("_code"),
        pl.col("member_id").alias("_by_code"),
        pl.col("household_id").alias("_code_household"),
    )
    by_id = people.filter(pl.col("national_id").is_not_null()).select(
        pl.col("national_id").alias("_nid"),
        pl.col("member_id").alias("_by_nid"),
        pl.col("household_id").alias("_nid_household"),
    )
    joined = (
        deliveries.join(level, on="policy", how="left")
        .join(by_code, left_on="member_id", right_on="_code", how="left")
        .join(by_id, left_on="national_id", right_on="_nid", how="left")
        .join(known_households, left_on="household_id", right_on="_known_household", how="left")
    )
    to_member = pl.coalesce("_by_code", "_by_nid")
    member_household = pl.coalesce("_code_household", "_nid_household")
    household = (
        pl.when(to_member.is_not_null())
        .then(member_household)
        .when(pl.col("_household_known"))
        .then(pl.col("household_id"))
    )
    conflict = (
        to_member.is_not_null() & pl.col("household_id").is_not_null() & (pl.col("household_id") != member_household)
    )
    reason = (
        pl.when(conflict)
        .then(pl.lit("the member is not of the household named"))
        .when((pl.col("level") == "member") & to_member.is_null())
        .then(pl.lit("names no known member (a member-level policy)"))
        .when(household.is_null())
        .then(pl.lit("names no known household or member"))
    )
    return joined.with_columns(
        to_household=pl.when(reason.is_null()).then(household),
        to_member=pl.when(reason.is_null() & (pl.col("level") == "member")).then(to_member),
        unmatched=reason,
    ).select(*deliveries.columns, "to_household", "to_member", "unmatched")


def _people(members: pl.DataFrame | None) -> pl.DataFrame:
    schema = {"member_id": pl.String, "household_id": pl.String, "national_id": pl.String}
    if members is None:
        return pl.DataFrame(schema=schema)
    national = (
        pl.col("national_id")
        if "national_id" in members.columns
        else pl.lit(None, dtype=pl.String).alias("national_id")
    )
    return members.select("member_id", "household_id", national)
