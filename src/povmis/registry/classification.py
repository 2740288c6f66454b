"""Classifying a whole review cycle with the core engine, and storing the results with their reasons.

The cycle is read into Polars in two queries, classified in one vectorised call, labelled against
earlier reviews, and written back in bulk (COPY on PostgreSQL): no ORM object per household. The
stored results stay in hand, in the read model's columns, for the apps that follow a classification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import role_kind
from povmis.bulk import fetch_frame, insert_frame, key_table
from povmis.core.classify import classify
from povmis.core.standard import Standard, load_standard
from povmis.core.transitions import label_transitions
from povmis.errors import PermissionDenied
from povmis.registry.cycle_data import cycle_frames
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import ClassificationRun, Household, HouseholdResult, HouseholdSurvey, ReviewCycle
from povmis.registry.stages import ensure_open
from povmis.registry.survey_import import Progress

CLASSIFIERS = {RoleKind.PROVINCE_OFFICER, RoleKind.ADMINISTRATOR}
STORED = ("class", "class_rule", "deprivation_count", "reason_vi", "reason_en")


@dataclass(frozen=True)
class ClassifiedReview:
    run: ClassificationRun
    # The stored results as the read model (cycle_data.review_results) for the whole review; None when the
    # standard asks no area (the read model's area is then the stored answers', which only a read finds).
    results: pl.DataFrame | None


def classify_cycle(cycle: ReviewCycle, *, user: User | None, progress: Progress | None = None) -> ClassificationRun:
    """Classify every household of the cycle; ``user`` None is the command line acting as the system."""
    return classify_review(cycle, user=user, progress=progress).run


def classify_review(cycle: ReviewCycle, *, user: User | None, progress: Progress | None = None) -> ClassifiedReview:
    """:func:`classify_cycle`, and the results it stored as :func:`review_results` reads them back.

    The apps that follow a classification (entitlements, counts) take the results from here: reading
    half a million results back, with each household's answers and members, cost them seconds.
    """
    say = progress or (lambda _message: None)
    ensure_may_classify(cycle, user)
    standard = load_standard(cycle.standard_id)
    with transaction.atomic():
        # Read and stored under the cycle's lock: no import or correction lands between the answers read
        # and the classes stored, and any that waits for it is stamped after this run (the stage guard).
        cycle = lock_cycle(cycle.pk)
        say("loading answers")
        households, members = cycle_frames(cycle.pk, standard)
        say(f"classifying {households.height} households")
        keys = households.select("household_id", "household_pk")
        known = _known(households, members)
        result = classify(households.drop("household_pk", "commune_path"), members, standard).households
        del households, members  # a province's answers: let them go before the results are written
        result = result.select("household_id", *STORED, *standard.flags).join(keys, on="household_id", how="left")
        result = result.join(_transitions(cycle, result), on="household_id", how="left")
        say("storing results")
        HouseholdResult.objects.filter(cycle=cycle).delete()
        run = ClassificationRun.objects.create(
            cycle=cycle,
            standard_id=standard.id,
            standard_hash=standard.content_hash,
            ran_by=user,
            household_count=result.height,
        )
        insert_frame(HouseholdResult, _rows(result, standard, cycle, run))
        results = None if known is None else _read_model(result, known, standard, cycle.pk)
    say("done")
    return ClassifiedReview(run, results)


def reclassify_households(cycle: ReviewCycle, codes: Sequence[str]) -> ClassificationRun | None:
    """Classify again only the households ``codes`` of a classified cycle, under its last run's standard.

    For a correction: the same evaluator on those households' answers, their rows of the run replaced
    and stamped (``classified_at``), in the caller's transaction, under the cycle's lock. Nothing is
    done (None) before the cycle's first classification, or when the standard's file no longer has the
    run's hash: then the whole review must be classified again, and the stage guard says so.
    """
    run = ClassificationRun.objects.filter(cycle=cycle).order_by("-ran_at").first()
    if run is None:
        return None
    standard = load_standard(run.standard_id)
    if standard.content_hash != run.standard_hash:
        return None
    lock_cycle(cycle.pk)
    households, members = cycle_frames(cycle.pk, standard, list(codes))
    if households.is_empty():
        return None
    keys = households.select("household_id", "household_pk")
    result = classify(households.drop("household_pk", "commune_path"), members, standard).households
    result = result.select("household_id", *STORED, *standard.flags).join(keys, on="household_id", how="left")
    result = result.join(_transitions(cycle, result, codes), on="household_id", how="left")
    rows = _rows(result, standard, cycle, run)
    HouseholdResult.objects.filter(run=run, household_id__in=rows["household_id"].to_list()).delete()
    insert_frame(HouseholdResult, rows)
    HouseholdResult.objects.filter(run=run, household_id__in=rows["household_id"].to_list()).update(
        classified_at=timezone.now()
    )
    return run


def ensure_may_classify(cycle: ReviewCycle, user: User | None) -> None:
    """Refuse a closed cycle, or a user whose role does not classify (the page asks before queueing the job)."""
    ensure_open(cycle)
    if user is not None and role_kind(user) not in CLASSIFIERS:
        raise PermissionDenied(_("only the province or an administrator classifies a review cycle"))


def _rows(result: pl.DataFrame, standard: Standard, cycle: ReviewCycle, run: ClassificationRun) -> pl.DataFrame:
    return result.select(
        pl.lit(cycle.pk).alias("cycle_id"),
        pl.lit(run.pk).alias("run_id"),
        pl.col("household_pk").alias("household_id"),
        pl.col("class").cast(pl.String).fill_null("").alias("household_class"),
        pl.col("class_rule").cast(pl.String).fill_null(""),
        pl.col("deprivation_count").fill_null(0).cast(pl.Int64),
        deprived_mask(standard).alias("deprived_mask"),
        pl.col("reason_vi").fill_null(""),
        pl.col("reason_en").fill_null(""),
        pl.col("transition").fill_null(""),
    )


def deprived_mask(standard: Standard) -> pl.Expr:
    """The deprivation flags as one integer, bit i for the standard's i-th indicator (see HouseholdResult)."""
    bits = [pl.col(ind.flag).cast(pl.Boolean).fill_null(value=False).cast(pl.Int64) * (1 << bit)
            for bit, ind in enumerate(standard.indicators)]  # fmt: skip
    return pl.sum_horizontal(bits) if bits else pl.lit(0, pl.Int64)


def _transitions(cycle: ReviewCycle, result: pl.DataFrame, codes: Sequence[str] | None = None) -> pl.DataFrame:
    """Label against earlier reviews' stored classes (empty for the first review); of ``codes`` only if given."""
    sql = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, c.year, r.household_class FROM {HouseholdResult._meta.db_table} r "  # noqa: S608
        f"JOIN {ReviewCycle._meta.db_table} c ON c.id = r.cycle_id "
        f"JOIN {Household._meta.db_table} h ON h.id = r.household_id WHERE c.year < %s"
    )
    schema: dict[str, pl.DataType] = {"household_id": pl.String(), "year": pl.Int64(), "class": pl.String()}
    if codes is None:
        earlier = fetch_frame(sql, [cycle.year], schema)
    else:
        with key_table(pl.Series(list(codes), dtype=pl.String)) as keys:
            earlier = fetch_frame(sql + f" AND h.code IN (SELECT key FROM {keys})", [cycle.year], schema)  # noqa: S608  # a table name of ours
    earlier = earlier.with_columns(pl.when(pl.col("class") == "").then(None).otherwise(pl.col("class")).alias("class"))
    current = result.select("household_id", pl.lit(cycle.year, pl.Int64).alias("year"), pl.col("class").cast(pl.String))
    return label_transitions(pl.concat([earlier, current]), cycle.year).select("household_id", "transition")


def _known(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame | None:
    """Per household, what the read model shows beside the results: its commune's path, area answer and persons."""
    if "area" not in households.columns:
        return None
    persons = members.group_by("household_id").agg(persons=pl.len().cast(pl.Int64))
    known = households.select("household_id", pl.col("commune_path").alias("unit_path"), pl.col("area").cast(pl.String))
    return known.join(persons, on="household_id", how="left").with_columns(pl.col("persons").fill_null(0))


def _read_model(result: pl.DataFrame, known: pl.DataFrame, standard: Standard, cycle_id: int) -> pl.DataFrame:
    """The just-stored results in the columns and types of :func:`review_results` (the whole review)."""
    sql = (
        f"SELECT h.id, h.commune_id, h.ethnic_minority FROM {HouseholdSurvey._meta.db_table} s "  # noqa: S608  # names ours
        f"JOIN {Household._meta.db_table} h ON h.id = s.household_id WHERE s.cycle_id = %s"
    )
    schema: dict[str, pl.DataType] = {
        "household_pk": pl.Int64(), "commune_id": pl.Int64(), "ethnic_minority": pl.Boolean(),
    }  # fmt: skip
    places = fetch_frame(sql, [cycle_id], schema)
    flag = {ind.id: pl.col(ind.flag).cast(pl.Boolean).fill_null(value=False) for ind in standard.indicators}
    joined = result.join(known, on="household_id", how="left").join(places, on="household_pk", how="left")
    return joined.select(
        "household_id", "household_pk", "commune_id", "unit_path",
        pl.col("class").cast(pl.String).replace("", None).cast(pl.Enum(standard.class_ids)),
        pl.col("transition").replace("", None),
        *[expr.alias(name) for name, expr in flag.items()],
        "ethnic_minority", "area", "persons",
        pl.lit(standard.id).alias("standard_id"),
    )  # fmt: skip
