"""Delivery lists brought in from the agencies, and deliveries recorded one by one: the same path.

A list lands whole or not at all (one transaction), every row matched to a household of the importer's
area by household code, national ID or member code; a row that matches nobody refuses the list with its
row and column. Re-importing a list changes nothing: each row's natural key is stored once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import QuerySet

from povmis.accounts.scoping import Access, AnyUser, scope
from povmis.bulk import db_now, insert_frame
from povmis.core.policies.deliveries import delivery_table
from povmis.core.policies.inputs import refuse
from povmis.core.policies.policy import load_policies
from povmis.registry.models import Household, MemberSurvey
from povmis.support.counts import communes_of, store_counts_of_deliveries
from povmis.support.models import Delivery

KEY_FIELDS = ("household_id", "member_code", "national_id", "policy", "delivered_on", "amount_vnd", "quantity",
              "programme", "project", "agency", "reference")  # fmt: skip


@dataclass(frozen=True)
class DeliveryImport:
    rows: int
    created: int
    already_present: int  # stored by an earlier import of the same rows
    repeated_in_file: int  # exact copies of another row of the same file, kept once
    dry_run: bool


def import_deliveries(frame: pl.DataFrame, source: str, user: AnyUser, *, dry_run: bool = False) -> DeliveryImport:
    """Check, match and (unless ``dry_run``) store a delivery list; raises SupportInputError naming bad cells."""
    typed = delivery_table(frame, source, load_policies())
    matched = _match(typed, user)
    ambiguous = matched.filter(pl.col("ambiguous").is_not_null())
    if ambiguous.height:
        several = ambiguous.select("row", "member_id", "ambiguous").rows()
        refuse(source, [(row, "member_id", value, f"is a member code of several households ({households}); "
                         "add the household_id or the national_id") for row, value, households in several])  # fmt: skip
    unmatched = matched.filter(pl.col("household").is_null())
    if unmatched.height:
        refuse(source, [(row, column, value, "names no household of your area; check the code")
                        for row, column, value in _named(unmatched).rows()])  # fmt: skip
    rows = delivery_rows(matched)
    unique = rows.unique("fingerprint", keep="first", maintain_order=True)
    present = set(
        Delivery.objects.filter(fingerprint__in=unique["fingerprint"].to_list()).values_list("fingerprint", flat=True)
    )
    new = unique.filter(~pl.col("fingerprint").is_in(list(present)))
    if not dry_run:
        stamped = new.with_columns(recorded_by_id=pl.lit(getattr(user, "pk", None)), recorded_at=pl.lit(db_now()))
        with transaction.atomic():
            insert_frame(Delivery, stamped)
            if new.height:
                places = communes_of(new["household_id"])
                store_counts_of_deliveries(new.select("household_id", "delivered_on").join(places, on="household_id"))
    return DeliveryImport(rows.height, new.height, len(present), rows.height - unique.height, dry_run)


def record_delivery(
    user: AnyUser,
    *,
    household: str,
    policy: str,
    delivered_on: dt.date,
    member: str = "",
    national_id: str = "",
    amount_vnd: int | None = None,
    quantity: int | None = None,
    programme: str = "",
    project: str = "",
    agency: str = "",
    reference: str = "",
) -> DeliveryImport:
    """One delivery, as a page or the API records it: a list of one row, through the same checks."""
    values = {"household_id": household, "member_id": member, "national_id": national_id, "policy": policy,
              "delivered_on": delivered_on.isoformat(), "amount_vnd": "" if amount_vnd is None else str(amount_vnd),
              "quantity": "" if quantity is None else str(quantity), "programme": programme, "project": project,
              "agency": agency, "reference": reference}  # fmt: skip
    return import_deliveries(pl.DataFrame({k: [v] for k, v in values.items()}), "delivery", user)


def _match(typed: pl.DataFrame, user: AnyUser) -> pl.DataFrame:
    """Each row's household (id) within the user's area: by national ID, else member code, else household code.

    A member's code is unique within its household only: with a household code beside it, it names that
    household's member; alone, it must name one member of the area (``ambiguous`` lists the households else).
    """
    households = scope(user, Household.objects.filter(code__in=_values(typed, "household_id")), Access.EDIT)
    by_code = pl.DataFrame(
        list(households.values_list("code", "id")),
        schema={"household_id": pl.String, "_by_code": pl.Int64},
        orient="row",
    )
    people = scope(user, MemberSurvey.objects.all(), Access.EDIT)
    by_nid = _people(people.filter(national_id__in=_values(typed, "national_id")))
    members = _members(people.filter(member_code__in=_values(typed, "member_id")))
    alone = members.group_by("member_id").agg(
        _alone=pl.col("_h").first(), ambiguous=pl.col("household_id").unique().sort().str.join(", ")
    )
    joined = (
        typed.join(by_code, on="household_id", how="left")
        .join(by_nid.rename({"key": "national_id", "_h": "_by_nid"}), on="national_id", how="left")
        .join(members.rename({"_h": "_in_household"}), on=["household_id", "member_id"], how="left")
        .join(alone, on="member_id", how="left")
    )
    several = pl.col("ambiguous").str.contains(",")
    by_member = pl.when(pl.col("household_id").is_not_null()).then("_in_household").when(~several).then("_alone")
    named_by_member = pl.col("national_id").is_null() & pl.col("member_id").is_not_null()
    return joined.with_columns(
        household=pl.coalesce("_by_nid", pl.when(pl.col("member_id").is_not_null()).then(by_member), "_by_code"),
        ambiguous=pl.when(named_by_member & pl.col("household_id").is_null() & several).then("ambiguous"),
    )


def _people(queryset: QuerySet[Any]) -> pl.DataFrame:
    rows = list(queryset.values_list("national_id", "survey__household_id").distinct())
    return pl.DataFrame(rows, schema={"key": pl.String, "_h": pl.Int64}, orient="row").unique("key", keep="first")


def _members(queryset: QuerySet[Any]) -> pl.DataFrame:
    """member code, household code, household id: each member of the area once (across its surveys)."""
    rows = list(queryset.values_list("member_code", "survey__household__code", "survey__household_id").distinct())
    schema = {"member_id": pl.String, "household_id": pl.String, "_h": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row").unique(["member_id", "household_id"])


def _values(typed: pl.DataFrame, column: str) -> list[str]:
    return typed[column].drop_nulls().unique().to_list()


def _named(unmatched: pl.DataFrame) -> pl.DataFrame:
    """The column that named the recipient, for the error: the national ID, the member, or the household."""
    column = (
        pl.when(pl.col("national_id").is_not_null())
        .then(pl.lit("national_id"))
        .when(pl.col("member_id").is_not_null())
        .then(pl.lit("member_id"))
        .otherwise(pl.lit("household_id"))
    )
    value = pl.coalesce("national_id", "member_id", "household_id")
    return unmatched.select(pl.col("row").cast(pl.Int64), column.alias("column"), value.alias("value"))


def delivery_rows(matched: pl.DataFrame, household: str = "household") -> pl.DataFrame:
    """The delivery table's columns from matched rows (``household`` names the key column), with the
    natural key (``fingerprint``) that makes a list found present when it is loaded again."""
    rows = matched.select(
        household_id=pl.col(household),
        member_code=pl.col("member_id").fill_null(""),
        national_id=pl.col("national_id").fill_null(""),
        policy="policy",
        delivered_on="delivered_on",
        amount_vnd="amount_vnd",
        quantity="quantity",
        programme=pl.col("programme").fill_null(""),
        project=pl.col("project").fill_null(""),
        agency=pl.col("agency").fill_null(""),
        reference=pl.col("reference").fill_null(""),
    )
    key = pl.concat_str([pl.col(name).cast(pl.String).fill_null("") for name in KEY_FIELDS], separator="|")
    return rows.with_columns(fingerprint=key)
