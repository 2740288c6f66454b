"""Deliveries in bulk: a whole province's lists written and read without one ORM object per row.

COPY on PostgreSQL, batched ``executemany`` on SQLite (``registry.bulk``). Each row gets the natural key
the import stores (``imports.KEY_FIELDS``), so a list loaded here and re-imported by hand is found present.
A row naming a household code the registry does not know refuses the whole frame, nothing written.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db import transaction

from povmis.bulk import db_now, fetch_frame, insert_frame, key_table
from povmis.core.policies.inputs import refuse
from povmis.registry.cycle_data import household_pks
from povmis.registry.models import Household
from povmis.support.imports import delivery_rows
from povmis.support.models import Delivery

D = Delivery._meta.db_table
H = Household._meta.db_table
STORED_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "household_id": pl.String(),
    "national_id": pl.String(),
    "member_id": pl.String(),
    "policy": pl.String(),
    "delivered_on": pl.String(),  # as text on both databases (ISO), parsed below
    "amount_vnd": pl.Int64(),
    "quantity": pl.Int64(),
    "programme": pl.String(),
    "project": pl.String(),
    "agency": pl.String(),
    "reference": pl.String(),
}


def store_deliveries(frame: pl.DataFrame, source: str, recorded_by: int | None = None) -> int:
    """Write the deliveries of ``frame`` (the layout of docs/support.md, households by code); the rows added.

    Rows already stored (the same natural key) are skipped, so loading the same list twice adds nothing.
    """
    pks = household_pks(frame["household_id"].drop_nulls().unique())
    rows = frame.with_row_index("_row", offset=2).join(pks, on="household_id", how="left")
    unknown = rows.filter(pl.col("household_pk").is_null())
    if unknown.height:
        refuse(source, [(int(r), "household_id", v, "no household has this code")
                        for r, v in unknown.select("_row", "household_id").rows()])  # fmt: skip
    stored = delivery_rows(rows, "household_pk").unique("fingerprint", keep="first", maintain_order=True)
    with transaction.atomic():
        present = _present(stored["fingerprint"])
        new = stored.filter(~pl.col("fingerprint").is_in(present.implode()))
        return insert_frame(
            Delivery, new.with_columns(recorded_by_id=pl.lit(recorded_by), recorded_at=pl.lit(db_now()))
        )


def stored_deliveries(start: dt.date, end: dt.date) -> pl.DataFrame:
    """The stored deliveries dated from ``start`` to ``end``, in the layout the reconciliation reads.

    ``row`` is the delivery's id, so a listed row can be found again; an empty member code or national
    ID is null, as in a file.
    """
    sql = (
        f"SELECT d.id, h.code, d.national_id, d.member_code, d.policy, CAST(d.delivered_on AS TEXT), d.amount_vnd, "  # noqa: S608  # table names from model metadata, values as parameters
        f"d.quantity, d.programme, d.project, d.agency, d.reference FROM {D} d "
        f"JOIN {H} h ON h.id = d.household_id WHERE d.delivered_on BETWEEN %s AND %s ORDER BY d.id"
    )
    frame = fetch_frame(sql, [start.isoformat(), end.isoformat()], STORED_SCHEMA)
    return frame.with_columns(
        pl.col("delivered_on").str.to_date("%Y-%m-%d"),
        pl.col("member_id", "national_id", "programme", "project", "agency").replace("", None),
    )


def _present(fingerprints: pl.Series) -> pl.Series:
    with key_table(fingerprints) as keys:
        sql = f"SELECT d.fingerprint FROM {keys} k JOIN {D} d ON d.fingerprint = k.key"  # noqa: S608  # our table names
        return fetch_frame(sql, [], {"fingerprint": pl.String()})["fingerprint"]
