"""The fall-back risk: trained on the registry's own past transitions, stored, and read back by area.

:func:`score_risk` is the one action that writes it (``povmis risk score``, the job a stored
classification queues, the demo): the model learns every known transition t -> t+1 up to the latest
classified round, is backtested honestly on the last of them, and scores and explains every household
not poor in the latest round. The pages, the export and the API read the stored rows through
:func:`risk_list` and :func:`concentration`, never training or scoring during a request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction

from povmis.bulk import fetch_frame, insert_frame
from povmis.core.foresight.features import NUMERIC_FEATURES, risk_features
from povmis.errors import ServiceError
from povmis.foresight.risk import FACTORS, backtest_year, explain, fit
from povmis.jobs.models import Job
from povmis.jobs.services import submit
from povmis.monitoring.models import HouseholdRisk, RiskScoring
from povmis.monitoring.risk_rounds import classified_years, registry_rounds
from povmis.registry.cycle_data import like_prefix
from povmis.registry.models import Household
from povmis.units.models import AdminUnit

HIGH_SHARE = 0.10  # "high risk": the top decile of the whole scoring
RISK_TASK = "povmis.monitoring.risk.score_job"


def score_risk(year: int | None = None) -> RiskScoring:
    """Train on the rounds up to ``year`` (default the latest classified), score its not-poor households, store.

    Raises ServiceError when the registry has fewer than two classified rounds up to ``year``, or
    when its history holds nothing to learn (nobody became poor, or everybody did).
    """
    rounds = registry_rounds(year)
    years = sorted(rounds["year"].unique().to_list()) if rounds.height else []
    if year is not None and year not in years:
        raise ServiceError(f"the {year} review has not been classified")
    if len(years) < 2:
        raise ServiceError("the risk needs at least two classified reviews: one to learn from and the next")
    latest = years[-1]
    training = pl.concat([risk_features(rounds, y) for y in years[:-1]])
    try:
        model = fit(training)
        tested = backtest_year(rounds, years[-2]) if len(years) >= 3 else None
    except ValueError as error:
        raise ServiceError(str(error)) from error
    shown = explain(model, risk_features(rounds, latest))
    latest_round = rounds.filter(pl.col("year") == latest).select("household_id", "household_pk", "unit_path", "lacks")
    return _store(latest, model.trained_on, tested, shown.join(latest_round, on="household_id", how="left"))


def _store(year: int, trained_on: tuple[int, ...], tested: Any, shown: pl.DataFrame) -> RiskScoring:
    cut = _high_risk_from(shown["risk"])
    with transaction.atomic():
        scoring = RiskScoring.objects.create(
            year=year,
            trained_from=trained_on[0],
            trained_to=trained_on[-1],
            backtest_year=tested.year if tested else None,
            auc=tested.auc if tested else None,
            baseline_auc=tested.baseline_auc if tested else None,
            households=shown.height,
            high_risk_from=cut,
        )
        insert_frame(HouseholdRisk, _rows(shown, scoring.pk, cut))
        # Only the latest scoring is ever read: the older ones' rows would only fill the table.
        HouseholdRisk.objects.filter(scoring__lt=scoring.pk).delete()
        RiskScoring.objects.filter(pk__lt=scoring.pk).delete()
    return scoring


def _high_risk_from(risk: pl.Series) -> float:
    """The lowest risk of the top ``HIGH_SHARE`` (ties included), so the decile is the same on every page."""
    if risk.is_empty():
        return 1.0
    top = max(1, math.ceil(HIGH_SHARE * risk.len()))
    return float(risk.sort(descending=True)[top - 1])


def _rows(shown: pl.DataFrame, scoring: int, cut: float) -> pl.DataFrame:
    """The table's rows; each factor's value is the household's own value of that feature."""

    def value_of(k: int) -> pl.Expr:
        factor = pl.col(f"factor_{k}")
        return pl.coalesce(pl.when(factor == name).then(pl.col(name)) for name in NUMERIC_FEATURES)

    return shown.select(
        pl.lit(scoring, pl.Int64).alias("scoring_id"),
        pl.col("household_pk").alias("household_id"),
        "unit_path",
        pl.col("class").cast(pl.String).alias("household_class"),
        "risk",
        (pl.col("risk") >= cut).alias("high"),
        *[
            column
            for k in range(1, FACTORS + 1)
            for column in (pl.col(f"factor_{k}").fill_null("").alias(f"factor_{k}"), value_of(k).alias(f"value_{k}"))
        ],
        pl.col("lacks").fill_null(""),
    )


def score_job(*, report: Any, year: int | None = None) -> dict[str, Any]:
    """The queue's task: :func:`score_risk`, its record as the job's result."""
    report("scoring", 10)
    return scoring_json(score_risk(year))


def on_results_stored(sender: Any, *, run: Any, **kwargs: Any) -> None:
    """Queue the scoring again once a classification is stored: the worker trains, never a page view.

    Queued when the classification commits, so the job reads the stored results (and a classification
    rolled back queues nothing).
    """
    transaction.on_commit(queue_scoring)


def on_results_amended(sender: Any, *, run: Any, households: Any, **kwargs: Any) -> None:
    transaction.on_commit(queue_scoring)


def queue_scoring() -> Job | None:
    """Queue :func:`score_job` when there is a history to learn from and no scoring already waits."""
    if len(classified_years()) < 2 or Job.objects.filter(task=RISK_TASK, status=Job.Status.QUEUED).exists():
        return None
    return submit(RISK_TASK, user=None)


def latest_scoring() -> RiskScoring | None:
    return RiskScoring.objects.order_by("-pk").first()


def scoring_json(scoring: RiskScoring) -> dict[str, Any]:
    return {
        "year": scoring.year,
        "next_year": scoring.year + 1,
        "trained_on": [scoring.trained_from, scoring.trained_to],
        "backtest": None
        if scoring.auc is None
        else {"year": scoring.backtest_year, "auc": scoring.auc, "baseline_auc": scoring.baseline_auc},
        "households": scoring.households,
        "high_risk_from": scoring.high_risk_from,
        "computed_at": scoring.computed_at.isoformat(),
    }


H = Household._meta.db_table
U = AdminUnit._meta.db_table
K = HouseholdRisk._meta.db_table
LIST_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "head_name": pl.String(),
    "commune_code": pl.String(),
    "commune": pl.String(),
    "unit_path": pl.String(),
    "class": pl.String(),
    "risk": pl.Float64(),
    "high": pl.Boolean(),
    **{
        f"{part}_{k}": kind
        for k in range(1, FACTORS + 1)
        for part, kind in (("factor", pl.String()), ("value", pl.Float64()))
    },
    "lacks": pl.String(),
}


@dataclass(frozen=True)
class RiskFilter:
    """Which stored rows a list shows: under a unit path, optionally the high-risk ones only."""

    path: str
    high_only: bool = False


def _where(scoring: RiskScoring, wanted: RiskFilter) -> tuple[str, list[str | int | None]]:
    high = " AND k.high" if wanted.high_only else ""  # SQL, not a password
    return f"k.scoring_id = %s AND k.unit_path LIKE %s ESCAPE '\\'{high}", [scoring.pk, like_prefix(wanted.path)]


def risk_list(scoring: RiskScoring, wanted: RiskFilter, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    """The scored households under ``wanted.path``, highest risk first (the page's, the workbook's, the API's)."""
    factors = ", ".join(f"k.factor_{k}, k.value_{k}" for k in range(1, FACTORS + 1))
    where, params = _where(scoring, wanted)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    sql = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, h.head_name, c.code, c.name, k.unit_path, k.household_class, k.risk, k.high, {factors}, "  # noqa: S608
        f"k.lacks FROM {K} k JOIN {H} h ON h.id = k.household_id JOIN {U} c ON c.id = h.commune_id "
        f"WHERE {where} ORDER BY k.risk DESC, h.code{page}"
    )
    frame = fetch_frame(sql, params, LIST_SCHEMA)
    # Sorted again in Polars: the database's collation may order equal risks' codes otherwise.
    return frame.sort(["risk", "household_id"], descending=[True, False], maintain_order=True)


def risk_count(scoring: RiskScoring, wanted: RiskFilter) -> int:
    where, params = _where(scoring, wanted)
    # S608: only our own table and column names are formatted in; every value is a bound parameter.
    found = fetch_frame(f"SELECT COUNT(*) FROM {K} k WHERE {where}", params, {"n": pl.Int64()})  # noqa: S608
    return int(found["n"][0])


def concentration(scoring: RiskScoring, path: str) -> pl.DataFrame:
    """Per unit one level below ``path``: households scored, those at high risk, and their share.

    Columns: code, name, level, scored, high, share; the units with the most high-risk households first.
    """
    depth = path.count("/") + 1
    found = fetch_frame(
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT k.unit_path, COUNT(*), SUM(CASE WHEN k.high THEN 1 ELSE 0 END) FROM {K} k "  # noqa: S608
        "WHERE k.scoring_id = %s AND k.unit_path LIKE %s ESCAPE '\\' GROUP BY k.unit_path",
        [scoring.pk, like_prefix(path)],
        {"unit_path": pl.String(), "scored": pl.Int64(), "high": pl.Int64()},
    )
    by_unit = (
        found.with_columns(code=pl.col("unit_path").str.split("/").list.get(depth - 1, null_on_oob=True))
        .drop_nulls("code")
        .group_by("code")
        .agg(pl.col("scored").sum(), pl.col("high").sum())
    )
    units = pl.DataFrame(
        list(AdminUnit.objects.filter(code__in=by_unit["code"].to_list()).values_list("code", "name", "level")),
        schema={"code": pl.String, "name": pl.String, "level": pl.String},
        orient="row",
    )
    return (
        by_unit.join(units, on="code", how="inner")
        .with_columns(share=pl.col("high") / pl.col("scored"))
        .select("code", "name", "level", "scored", "high", "share")
        .sort(["high", "code"], descending=[True, False])
    )
