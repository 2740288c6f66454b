"""What the support policies would pay for the households a what-if moves between classes.

Every changed household is judged by the shipped policies (policies/*/policy.yaml, core/policies)
twice on one date: under its old class and under its new one. A policy's payment is its amount, or
its share of the health-insurance premium of that date (policies/health_insurance/premiums.yaml); the
cost is what the new classes get minus what the old ones got, per policy, in integer VND. A policy that
pays no sum of money (legal aid, referrals) does not appear. An answer the round does not hold (is the
household agricultural? did it escape poverty recently?) is unknown, and an unknown never entitles,
so the cost counts only what the registry can stand behind.

>>> import datetime as dt
>>> import polars as pl
>>> from povmis.core.policies.policy import load_policy
>>> households = pl.DataFrame({"household_id": ["a", "b"], "old_class": ["near_poor", "average"],
...                            "new_class": ["poor", "average"]})
>>> support_cost(households, None, (load_policy("electricity"),), dt.date(2024, 12, 31), 1_263_600)
{'electricity': 46000, 'total': 46000}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from povmis.core.policies.entitlements import entitlements
from povmis.core.policies.inputs import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from povmis.core.policies.policy import Policy, policies_dir

PREMIUM_POLICY = "health_insurance"
KINDS: dict[str, pl.DataType] = {"bool": pl.Boolean(), "date?": pl.Date(), "int": pl.Int64()}


@dataclass(frozen=True)
class BaseSalary:
    effective_from: dt.date
    vnd: int
    source: str


@dataclass(frozen=True)
class Premiums:
    rate_per_mille: int
    months: int
    base_salary: tuple[BaseSalary, ...]

    def annual(self, on: dt.date) -> int:
        """A person's premium for a year at the base salary in force on ``on``, integer VND.

        >>> load_premiums().annual(dt.date(2024, 12, 31))
        1263600
        """
        in_force = [row for row in self.base_salary if row.effective_from <= on]
        if not in_force:
            raise ValueError(f"premiums.yaml: no base salary in force on {on}")
        return in_force[-1].vnd * self.rate_per_mille // 1000 * self.months


def load_premiums(path: Path | None = None) -> Premiums:
    where = path or policies_dir() / PREMIUM_POLICY / "premiums.yaml"
    document = yaml.safe_load(where.read_text(encoding="utf-8"))
    try:
        rows = tuple(
            BaseSalary(row["from"], int(row["vnd"]), str(row["source"]))
            for row in sorted(document["base_salary"], key=lambda row: row["from"])
        )
        return Premiums(int(document["rate_per_mille"]), int(document["months"]), rows)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"{where.name}: missing or invalid {error}; give rate_per_mille, months, base_salary"
        ) from error


def support_cost(
    households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...], on: dt.date, premium: int
) -> dict[str, int]:
    """Per policy (and ``total``), what the changed households' new classes get minus what their old got."""
    changed = households.filter(pl.col("old_class").cast(pl.String).ne_missing(pl.col("new_class").cast(pl.String)))
    changed = _with_unknowns(changed, policies, HOUSEHOLD_COLUMNS)
    people = None if members is None else _people(members.join(changed.select("household_id"), on="household_id",
                                                                how="semi"), policies)  # fmt: skip
    paid = {side: _paid(changed, people, policies, on, premium, side) for side in ("old_class", "new_class")}
    joined = paid["old_class"].join(paid["new_class"], on="policy", how="full", coalesce=True, suffix="_new")
    change = joined.select("policy", (pl.col("vnd_new").fill_null(0) - pl.col("vnd").fill_null(0)).alias("vnd"))
    cost = {policy: int(vnd) for policy, vnd in change.sort("policy").iter_rows() if vnd}
    return {**cost, "total": sum(cost.values())}


def _paid(
    households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...], on: dt.date, premium: int,
    side: str,
) -> pl.DataFrame:  # fmt: skip
    classed = households.with_columns(pl.col(side).cast(pl.String).alias("class"))
    found = entitlements(classed, members, policies, on)
    value = (
        pl.when(pl.col("amount_vnd").is_not_null()).then(pl.col("amount_vnd"))
        .when(pl.col("share").is_not_null() & (pl.col("policy") == PREMIUM_POLICY))
        .then((pl.col("share") * premium).round(0).cast(pl.Int64))
    )  # fmt: skip
    return found.group_by("policy").agg(value.sum().alias("vnd")).filter(pl.col("vnd") > 0)


def _with_unknowns(frame: pl.DataFrame, policies: tuple[Policy, ...], kinds: dict[str, str]) -> pl.DataFrame:
    """The columns the policies read that the round does not hold, as unknown (null) of their type."""
    wanted = {column for policy in policies for column in policy.columns()} & (set(kinds) - {"household_id"})
    absent = sorted(wanted - set(frame.columns) - {"class"})
    return frame.with_columns(pl.lit(None, dtype=KINDS.get(kinds[name], pl.String())).alias(name) for name in absent)


def _people(members: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """Only the member answers the policies read: the household's own columns come from the household."""
    wanted = {column for policy in policies if policy.level == "member" for column in policy.columns()}
    own = sorted(wanted & (set(MEMBER_COLUMNS) - {"household_id", "member_id"}) & set(members.columns))
    return _with_unknowns(members.select("household_id", "member_id", *own), policies, MEMBER_COLUMNS)
