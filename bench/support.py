"""Benchmark: entitlements under every shipped policy for a province, and the reconciliation of its deliveries.

    python bench/support.py                                   # 540,000 households, 2 million members and deliveries
    python bench/support.py --households 100000 --members 370000 --deliveries 400000

Entitlements are computed three ways from the same policy files: povmis (Polars), a straightforward
Python loop over each household and member (on a sample), and DuckDB SQL generated from the same
conditions. The run checks that all three give the same (household, member, policy, rule) rows before
printing ratios. The reconciliation of the delivery rows is timed, its peak memory measured, and its
counts on a sample checked against a Python loop over each delivery row before that ratio is printed. The last
line is machine-readable:

    RESULT households=N members=N entitlements_per_second=R vs_loop=X vs_duckdb=Y reconcile_rows_per_second=R ...
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from typing import Any

import duckdb
import polars as pl
import psutil

from classify import PeakMemory, timed
from povmis.core.policies.entitlements import entitlements
from povmis.core.policies.policy import Policy, load_policies
from povmis.core.policies.reconcile import Reconciliation, reconcile

ON = dt.date(2024, 12, 31)
KEY = ["household_id", "member_id", "policy", "rule"]


def _uniform(index: pl.Expr, seed: int) -> pl.Expr:
    return (index.hash(seed) % 1_000_003).cast(pl.Float64) / 1_000_003


def make_province(households: int, members: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Households with the shares of a poor province (6% poor, 8% near-poor), members sorted by household."""
    i = pl.int_range(0, households, dtype=pl.Int64)
    u = [_uniform(pl.col("i"), seed + k) for k in range(12)]
    escaped = pl.lit(dt.date(2020, 1, 1)) + pl.duration(days=(u[8] * 1800).cast(pl.Int64))
    frame = (
        pl.select(i.alias("i"))
        .with_columns(
            household_id=pl.format("H{}", pl.col("i")),
            **{
                "class": pl.when(u[0] < 0.06)
                .then(pl.lit("poor"))
                .when(u[0] < 0.14)
                .then(pl.lit("near_poor"))
                .when(u[0] < 0.30)
                .then(pl.lit("average"))
                .otherwise(pl.lit("not_poor"))
            },
            area=pl.when(u[1] < 0.75).then(pl.lit("rural")).otherwise(pl.lit("urban")),
            agricultural=u[2] < 0.6,
            ethnic_minority=u[3] < 0.3,
            poor_district=u[4] < 0.15,
            poor_commune=u[5] < 0.2,
            extremely_difficult_commune=u[6] < 0.1,
            escaped_poverty_on=pl.when(u[7] < 0.05).then(escaped),
            escaped_near_poverty_on=pl.when(u[9] < 0.04).then(escaped),
            deprived_housing_quality=(u[10] < 0.3).cast(pl.Int8),
        )
        .with_columns(  # the stored status beside the class, held by most agricultural average households
            agricultural_average=(pl.col("class") == "average") & pl.col("agricultural") & (u[11] < 0.8)
        )
    )
    people = pl.select(pl.int_range(0, members, dtype=pl.Int64).alias("j")).with_columns(
        household_id=pl.format("H{}", pl.col("j") * households // members),
        member_id=pl.format("M{}", pl.col("j")),
        age=(_uniform(pl.col("j"), seed + 20) * 85).cast(pl.Int64),
        disabled=_uniform(pl.col("j"), seed + 21) < 0.03,
        wants_training=_uniform(pl.col("j"), seed + 22) < 0.4,
    )
    return frame.drop("i"), people.drop("j")


def make_deliveries(entitled: pl.DataFrame, households: pl.DataFrame, rows: int, seed: int) -> pl.DataFrame:
    """Most rows to the entitled, some repeated (twice), some to random households (ineligible), 1% unknown."""
    base = entitled.sample(n=rows, with_replacement=rows > entitled.height, seed=seed)
    base = base.with_row_index("k").with_columns(u=_uniform(pl.col("k").cast(pl.Int64), seed))
    day = pl.lit(dt.date(2024, 1, 1)) + pl.duration(days=(pl.col("u") * 365).cast(pl.Int64))
    stranger = households["household_id"].sample(n=base.height, with_replacement=True, seed=seed + 1)
    return base.with_columns(stranger=stranger).select(
        household_id=pl.when(pl.col("u") < 0.01)
        .then(pl.lit("UNKNOWN"))
        .when((pl.col("u") < 0.05) & pl.col("member_id").is_null())
        .then(pl.col("stranger"))
        .otherwise(pl.col("household_id")),
        national_id=pl.lit(None, dtype=pl.String),
        member_id=pl.col("member_id"),
        policy=pl.col("policy"),
        delivered_on=day.clip(upper_bound=ON),
        amount_vnd=pl.col("amount_vnd"),
        quantity=pl.lit(1, dtype=pl.Int64),
        programme=pl.lit("ntp-spr-2021-2025"),
        project=pl.lit(None, dtype=pl.String),
        agency=pl.lit("agency"),
        reference=pl.format("R{}", pl.col("k")),
        row=pl.col("k").cast(pl.Int64) + 2,
    )


# --- The Python loop: the same conditions, interpreted one row at a time ---------------------------------
def holds(condition: dict[str, Any], row: dict[str, Any], on: dt.date) -> bool | None:  # noqa: PLR0911 -- one per form
    """Kleene logic, as SQL and Polars have it: None is "unknown"."""
    if not condition:
        return True
    if "column" in condition:
        value = row[condition["column"]]
        if value is None:
            return None
        if "within_years" in condition:
            back = on.year - condition["within_years"]
            # 29 February counts back to 28 February, as Polars' offset_by does.
            since = on.replace(year=back) if (on.month, on.day) != (2, 29) else dt.date(back, 2, 28)
            return bool(value <= on and value > since)
        op = next(op for op in ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in") if op in condition)
        target = condition[op]
        return {
            "eq": lambda: value == target,
            "ne": lambda: value != target,
            "lt": lambda: value < target,
            "lte": lambda: value <= target,
            "gt": lambda: value > target,
            "gte": lambda: value >= target,
            "in": lambda: value in target,
            "not_in": lambda: value not in target,
        }[op]()
    if "not" in condition:
        inner = holds(condition["not"], row, on)
        return None if inner is None else not inner
    parts = [holds(part, row, on) for part in condition.get("all") or condition.get("any") or []]
    if "all" in condition:
        return False if False in parts else (None if None in parts else True)
    return True if True in parts else (None if None in parts else False)


def loop_entitlements(
    households: pl.DataFrame, members: pl.DataFrame, policies: tuple[Policy, ...]
) -> set[tuple[Any, ...]]:
    found = set()
    by_household: dict[str, list[dict[str, Any]]] = {}
    for member in members.iter_rows(named=True):
        by_household.setdefault(member["household_id"], []).append(member)
    for household in households.iter_rows(named=True):
        for policy in policies:
            rows = (
                [household]
                if policy.level == "household"
                else [household | m for m in by_household.get(household["household_id"], [])]
            )
            for row in rows:
                rule = next((r for r in policy.rules if r.in_force(ON) and holds(r.eligible, row, ON)), None)
                if rule is not None:
                    found.add(
                        (
                            row["household_id"],
                            row.get("member_id") if policy.level == "member" else None,
                            policy.id,
                            rule.id,
                        )
                    )
    return found


def loop_reconcile(
    households: pl.DataFrame, members: pl.DataFrame, deliveries: pl.DataFrame, policies: tuple[Policy, ...]
) -> dict[str, int]:
    """The reconciliation's totals, one household, member and delivery row at a time."""
    homes = {h["household_id"]: h for h in households.iter_rows(named=True)}
    people = {m["member_id"]: homes[m["household_id"]] | m for m in members.iter_rows(named=True)}
    by_id = {m["national_id"]: m for m in people.values() if m.get("national_id")}

    def rule(policy: Policy, row: dict[str, Any], on: dt.date) -> str | None:
        return next((r.id for r in policy.rules if r.in_force(on) and holds(r.eligible, row, on)), None)

    entitled = {
        (p.id, key)
        for p in policies
        for key, row in (people if p.level == "member" else homes).items()
        if rule(p, row, ON) is not None
    }
    by_policy = {p.id: p for p in policies}
    got, seen = set(), Counter[tuple[str, str]]()
    counts = dict.fromkeys(("ineligible", "twice", "unmatched"), 0)
    for row in deliveries.sort("delivered_on", "row").iter_rows(named=True):
        policy = by_policy[row["policy"]]
        member = people.get(row["member_id"]) or by_id.get(row["national_id"])
        if member is not None and row["household_id"] is not None and row["household_id"] != member["household_id"]:
            counts["unmatched"] += 1
            continue
        if (policy.level == "member" and member is None) or (member is None and row["household_id"] not in homes):
            counts["unmatched"] += 1
            continue
        subject = member["member_id"] if policy.level == "member" and member else (member or row)["household_id"]
        judged = as_on(people[subject] if policy.level == "member" else homes[subject], row["delivered_on"])
        got.add((policy.id, subject))
        counts["ineligible"] += rule(policy, judged, row["delivered_on"]) is None
        seen[policy.same_purpose, subject] += 1
        counts["twice"] += seen[policy.same_purpose, subject] > policy.limit.times
    delivered = len(entitled & got)
    # The bench's deliveries all fall within the period: nobody was supported before it (already_supported).
    missed = len(entitled) - delivered
    return {"entitled": len(entitled), "delivered": delivered, "missed": missed, "already_supported": 0, **counts}


def as_on(row: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The household as it stood on ``day``: poor before its escape from poverty, near-poor before near-poverty's."""
    poverty, near = row["escaped_poverty_on"], row["escaped_near_poverty_on"]
    judged = dict(row)
    if poverty is not None and day < poverty:
        judged["class"] = "poor"
    elif near is not None and (poverty is None or near > poverty) and day < near:
        judged["class"] = "near_poor"
    judged["escaped_poverty_on"] = poverty if poverty is not None and poverty <= day else None
    judged["escaped_near_poverty_on"] = near if near is not None and near <= day else None
    return judged


# --- DuckDB: the same conditions, written as SQL --------------------------------------------------------
def sql(condition: dict[str, Any]) -> str:
    if not condition:
        return "TRUE"
    if "column" in condition:
        column = f'"{condition["column"]}"'
        if "within_years" in condition:
            years = int(condition["within_years"])
            return f"({column} <= on_date AND {column} > on_date - INTERVAL {years} YEAR)"
        ops = {"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
        for op, symbol in ops.items():
            if op in condition:
                return f"{column} {symbol} {_literal(condition[op])}"
        values = ", ".join(_literal(v) for v in condition.get("in", condition.get("not_in", [])))
        return f"{column} {'IN' if 'in' in condition else 'NOT IN'} ({values})"
    if "not" in condition:
        return f"NOT ({sql(condition['not'])})"
    joiner = " AND " if "all" in condition else " OR "
    return "(" + joiner.join(sql(part) for part in condition.get("all") or condition["any"]) + ")"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value) if isinstance(value, int | float) else f"'{value}'"


def duckdb_sql(policies: tuple[Policy, ...]) -> str:
    selects = []
    for policy in policies:
        cases = " ".join(
            f"WHEN on_date >= DATE '{r.effective_from}'"
            + (f" AND on_date <= DATE '{r.effective_to}'" if r.effective_to else "")
            + f" AND {sql(r.eligible)} THEN '{r.id}'"
            for r in policy.rules
        )
        source = "households h" if policy.level == "household" else "members m JOIN households h USING (household_id)"
        member = "NULL" if policy.level == "household" else "member_id"
        selects.append(
            f"SELECT household_id, {member} AS member_id, '{policy.id}' AS policy, rule FROM "
            f"(SELECT *, CASE {cases} END AS rule FROM (SELECT *, DATE '{ON}' AS on_date FROM {source})) "
            "WHERE rule IS NOT NULL"
        )
    return "\nUNION ALL\n".join(selects)


def _rule_case(policy: Policy) -> str:
    return (
        "CASE "
        + " ".join(
            f"WHEN on_date >= DATE '{r.effective_from}'"
            + (f" AND on_date <= DATE '{r.effective_to}'" if r.effective_to else "")
            + f" AND {sql(r.eligible)} THEN '{r.id}'"
            for r in policy.rules
        )
        + " END"
    )


# A household's class and escape dates on the delivery's day, from its escape dates (core.policies.history).
AS_OF = """
    CASE WHEN h.escaped_poverty_on > d.delivered_on THEN 'poor'
         WHEN h.escaped_near_poverty_on > d.delivered_on
              AND (h.escaped_poverty_on IS NULL OR h.escaped_near_poverty_on > h.escaped_poverty_on) THEN 'near_poor'
         ELSE h.class END AS class,
    CASE WHEN h.escaped_poverty_on <= d.delivered_on THEN h.escaped_poverty_on END AS escaped_poverty_on,
    CASE WHEN h.escaped_near_poverty_on <= d.delivered_on THEN h.escaped_near_poverty_on END
        AS escaped_near_poverty_on,
    d.delivered_on AS on_date"""


def duckdb_reconcile_sql(policies: tuple[Policy, ...], start: dt.date, end: dt.date) -> dict[str, str]:
    """The reconciliation's definitions (docs/support.md) as SQL: the totals, and the ineligible and twice rows."""
    values = ", ".join(f"('{p.id}', '{p.level}', '{p.same_purpose}', {p.limit.times})" for p in policies)
    judged = []
    for p in policies:
        source = (
            "good d JOIN households h ON h.household_id = d.hh"
            if p.level == "household"
            else "good d JOIN members m ON m.member_id = d.to_member JOIN households h ON h.household_id = d.hh"
        )
        columns = "h.* EXCLUDE (household_id, class, escaped_poverty_on, escaped_near_poverty_on)"
        if p.level == "member":
            columns += ", m.* EXCLUDE (household_id, member_id, national_id)"
        judged.append(
            f"SELECT row FROM (SELECT d.row, {columns}, {AS_OF} FROM {source} WHERE d.policy = '{p.id}') "
            f"WHERE {_rule_case(p)} IS NULL"
        )
    common = f"""
WITH pol(policy, level, purpose, times) AS (VALUES {values}),
ent AS MATERIALIZED ({duckdb_sql(policies)}),
ent_k AS (SELECT DISTINCT policy, COALESCE(member_id, household_id) AS subject FROM ent),
d AS (SELECT * FROM deliveries WHERE delivered_on BETWEEN DATE '{start}' AND DATE '{end}'),
m1 AS MATERIALIZED (
    SELECT d.*, COALESCE(mm.member_id, mn.member_id) AS to_member, COALESCE(mm.household_id, mn.household_id) AS mh,
        k.household_id IS NOT NULL AS known
    FROM d LEFT JOIN members mm ON mm.member_id = d.member_id
    LEFT JOIN members mn ON mn.national_id = d.national_id
    LEFT JOIN households k ON k.household_id = d.household_id),
matched AS MATERIALIZED (
    SELECT m1.*, pol.level, pol.purpose, pol.times, COALESCE(mh, m1.household_id) AS hh,
        CASE WHEN pol.level = 'member' THEN to_member ELSE COALESCE(mh, m1.household_id) END AS subject,
        (to_member IS NOT NULL AND m1.household_id IS NOT NULL AND m1.household_id <> mh)
        OR (pol.level = 'member' AND to_member IS NULL)
        OR (to_member IS NULL AND NOT known) AS bad
    FROM m1 JOIN pol USING (policy)),
good AS MATERIALIZED (SELECT * FROM matched WHERE NOT bad),
ineligible AS ({" UNION ALL ".join(judged)}),
twice AS (
    SELECT row FROM (SELECT row, times,
        ROW_NUMBER() OVER (PARTITION BY purpose, subject ORDER BY delivered_on, row) AS n FROM good)
    WHERE n > times),
got AS (SELECT DISTINCT policy, subject FROM good)
"""
    totals = (
        common
        + """
SELECT (SELECT COUNT(*) FROM ent_k) AS entitled,
    (SELECT COUNT(*) FROM ent_k SEMI JOIN got USING (policy, subject)) AS delivered,
    (SELECT COUNT(*) FROM ent_k ANTI JOIN got USING (policy, subject)) AS missed,
    0 AS already_supported, -- the bench's deliveries all fall within the period
    (SELECT COUNT(*) FROM ineligible) AS ineligible,
    (SELECT COUNT(*) FROM twice) AS twice,
    (SELECT COUNT(*) FROM matched WHERE bad) AS unmatched
"""
    )
    return {
        "totals": totals,
        "ineligible": common + "SELECT row FROM ineligible",
        "twice": common + "SELECT row FROM twice",
    }


def compare_duckdb_reconcile(
    connection: duckdb.DuckDBPyConnection,
    members: pl.DataFrame,
    deliveries: pl.DataFrame,
    reconciled: Reconciliation,
    rec: Any,
    repeat: int,
) -> tuple[Any, float]:
    """The reconciliation in DuckDB SQL, checked against Polars' (counts and rows); its timing and ratio."""
    policies = load_policies()
    total = reconciled.as_dict()["total"]
    connection.register("deliveries", deliveries.to_arrow())
    if "national_id" not in members.columns:  # the SQL matches by national ID too, as the core does
        connection.register("members", members.with_columns(national_id=pl.lit(None, dtype=pl.String)).to_arrow())
    statements = duckdb_reconcile_sql(policies, dt.date(2024, 1, 1), ON)
    with PeakMemory() as duck_memory:
        duck_totals, duck_rec = timed(lambda: connection.sql(statements["totals"]).pl(), repeat)
    assert duck_totals.to_dicts()[0] == {k: v for k, v in total.items() if k != "coverage"}, "DuckDB SQL disagrees"
    for listed in ("ineligible", "twice"):
        rows = set(connection.sql(statements[listed]).pl()["row"].to_list())
        assert rows == set(getattr(reconciled, listed)["row"].to_list()), f"DuckDB SQL lists other {listed} rows"
    rec_vs_duckdb = duck_rec.best / rec.best
    print(
        f"reconcile, DuckDB SQL: {duck_rec}; {deliveries.height / duck_rec.best:,.0f} rows/s; peak "
        f"{duck_memory.peak / 2**20:,.0f} MiB (same counts, same ineligible and twice rows); Polars is "
        f"{rec_vs_duckdb:.2f}x its speed"
    )
    return duck_rec, rec_vs_duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=540_000)
    parser.add_argument("--members", type=int, default=2_000_000)
    parser.add_argument("--deliveries", type=int, default=2_000_000)
    parser.add_argument("--loop-sample", type=int, default=10_000, help="households for the Python loop")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    policies = load_policies()
    households, members = make_province(args.households, args.members, args.seed)
    print(f"province: {households.height:,} households, {members.height:,} members, {len(policies)} policies")

    with PeakMemory() as memory:
        result, ours = timed(lambda: entitlements(households, members, policies, ON), args.repeat)
    subjects = households.height + members.height
    per_second = subjects / ours.best
    print(
        f"entitlements (Polars): {ours}; {result.height:,} rows; {per_second:,.0f} households+members/s; "
        f"peak {memory.peak / 2**20:,.0f} MiB"
    )

    sample = households.head(args.loop_sample)
    sample_members = members.join(sample.select("household_id"), on="household_id", how="semi")
    looped, loop_time = timed(lambda: loop_entitlements(sample, sample_members, policies))
    expected = set(result.join(sample.select("household_id"), on="household_id", how="semi").select(KEY).rows())
    assert looped == expected, f"the Python loop disagrees: {len(looped ^ expected)} rows differ"
    vs_loop = (loop_time.best / (sample.height + sample_members.height)) / (ours.best / subjects)
    print(f"Python loop: {loop_time} on {sample.height:,} households (same rows); Polars is {vs_loop:,.0f}x faster")

    connection = duckdb.connect()
    connection.register("households", households.to_arrow())
    connection.register("members", members.to_arrow())
    query = duckdb_sql(policies)
    by_duckdb, duck = timed(lambda: connection.sql(query).pl(), args.repeat)
    assert set(by_duckdb.select(KEY).rows()) == set(result.select(KEY).rows()), "DuckDB SQL disagrees"
    vs_duckdb = duck.best / ours.best
    print(f"DuckDB SQL: {duck} (same rows); Polars is {vs_duckdb:.2f}x its speed")

    deliveries = make_deliveries(result, households, args.deliveries, args.seed)
    del by_duckdb, looped
    held = psutil.Process().memory_info().rss  # the province, its entitlements and the deliveries
    with PeakMemory() as reconcile_memory:
        reconciled, rec = timed(
            lambda: reconcile(households, members, deliveries, policies, dt.date(2024, 1, 1), ON), args.repeat
        )
    total = reconciled.as_dict()["total"]
    rows_per_second = deliveries.height / rec.best
    print(
        f"reconcile (Polars): {rec}; {deliveries.height:,} delivery rows, {rows_per_second:,.0f} rows/s; "
        f"peak {reconcile_memory.peak / 2**20:,.0f} MiB ({(reconcile_memory.peak - held) / 2**20:,.0f} MiB above the "
        f"{held / 2**20:,.0f} MiB its inputs held); total {total}"
    )
    duck_rec, rec_vs_duckdb = compare_duckdb_reconcile(connection, members, deliveries, reconciled, rec, args.repeat)
    sample_deliveries = deliveries.join(sample.select("household_id"), on="household_id", how="semi")
    window = (dt.date(2024, 1, 1), ON)
    on_sample = reconcile(sample, sample_members, sample_deliveries, policies, *window).as_dict()["total"]
    looped_counts, loop_rec = timed(lambda: loop_reconcile(sample, sample_members, sample_deliveries, policies))
    assert looped_counts == {k: v for k, v in on_sample.items() if k != "coverage"}, "the Python loop disagrees"
    rec_vs_loop = (loop_rec.best / max(sample_deliveries.height, 1)) / (rec.best / deliveries.height)
    print(
        f"reconcile, Python loop: {loop_rec} on {sample_deliveries.height:,} rows of {sample.height:,} households "
        f"(same counts); Polars is {rec_vs_loop:,.0f}x faster per row"
    )
    print(
        f"RESULT households={households.height} members={members.height} entitlements_per_second={per_second:.0f} "
        f"entitlements_seconds={ours.best:.2f} entitlements_peak_mib={memory.peak / 2**20:.0f} vs_loop={vs_loop:.1f} "
        f"vs_duckdb={vs_duckdb:.2f} deliveries={deliveries.height} reconcile_seconds={rec.best:.2f} "
        f"reconcile_rows_per_second={rows_per_second:.0f} reconcile_peak_mib={reconcile_memory.peak / 2**20:.0f} "
        f"reconcile_vs_loop={rec_vs_loop:.1f} reconcile_vs_duckdb={rec_vs_duckdb:.2f} "
        f"reconcile_duckdb_seconds={duck_rec.best:.2f}"
    )


if __name__ == "__main__":
    main()
