"""Survey import: every import runs dry first and shows its effect; a commit lands whole or not at all.

The effect is decided per household: new (no answers in this cycle yet), changed, unchanged (same
fingerprint) or rejected (an error in its row or its members' rows). Committing writes only new and
changed households, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib

import polars as pl
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, AnyUser, area_path
from povmis.core.standard import Standard, load_standard
from povmis.core.validate import InputError, prepare_inputs
from povmis.errors import CycleClosed, PermissionDenied, ServiceError
from povmis.registry import answers
from povmis.registry.cycle_data import (
    asked_standard,
    cycle_frames,
    members_with_national_ids,
    stored_households,
    stored_members,
)
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import CommuneReview, ImportBatch, ReviewCycle, Stage
from povmis.registry.survey_import import checks
from povmis.registry.survey_import.diff import diff_changed
from povmis.registry.survey_import.effect import STATUSES, ImportEffect, Progress, Rows
from povmis.registry.survey_import.files import SurveyFile
from povmis.registry.survey_import.writes import write_import
from povmis.units.models import AdminUnit

LOCKED_STAGES = [Stage.COMMUNE_APPROVED, Stage.DISTRICT_CONSOLIDATED, Stage.PROVINCE_APPROVED]


def import_survey(
    survey: SurveyFile,
    *,
    year: int,
    user: AnyUser,
    commit: bool = False,
    progress: Progress | None = None,
    upload_key: str | None = None,
) -> ImportEffect:
    """Check a survey file against cycle ``year`` and show its effect; with ``commit``, land it.

    ``upload_key`` names one upload (the import page's): it is committed at most once, and a second
    commit of it (a double click, a retry after the first landed) is refused with :class:`AlreadyCommitted`.
    """
    say = progress or (lambda _message: None)
    cycle = ReviewCycle.objects.get(year=year)
    if cycle.is_closed:
        raise CycleClosed(_("the %(year)s review is closed"), year=year)
    area = area_path(user, Access.EDIT)
    if area is None:
        raise PermissionDenied(_("your role cannot import survey answers"))
    # The checks compare only with what the user may read: nothing of another area reaches the answer.
    readable = area_path(user, Access.READ)
    readable = area if readable is None else readable
    if not commit:
        effect, _rows = _plan(survey, cycle, area, say, readable=readable)
        say("done")
        return effect
    if not isinstance(user, User):
        raise PermissionDenied(_("sign in to commit an import"))
    try:
        with transaction.atomic():
            # Decided under the lock: a commit that ran beside this one (or died during its COMMIT and
            # is still finishing) has landed or rolled back before this one reads the registry.
            locked = lock_cycle(cycle.pk)
            _refuse_second_commit(upload_key)
            effect, rows = _plan(survey, locked, area, say, readable=readable)
            if effect.counts["new"] or effect.counts["changed"]:
                effect.batch_id = write_import(
                    rows, cycle=locked, user=user, effect=effect, progress=say, upload_key=upload_key
                )
                say("writing (committing)")
                effect.committed = True
    except IntegrityError:
        # Two commits of one upload can still meet at its unique key (the lock is per cycle, a cycle can
        # change between the page's check and its commit): the second is told so, not shown a traceback.
        if upload_key is not None and ImportBatch.objects.filter(upload_key=upload_key).exists():
            _refuse_second_commit(upload_key)
        raise
    say("done")
    return effect


class AlreadyCommitted(ServiceError):  # noqa: N818  # a state, as CycleClosed
    """The upload was committed before: one commit per upload."""


def _refuse_second_commit(upload_key: str | None) -> None:
    if upload_key is None:
        return
    batch = ImportBatch.objects.filter(upload_key=upload_key).first()
    if batch is not None:
        raise AlreadyCommitted(
            _("this upload has already been committed (import %(batch)s, %(at)s)"),
            batch=batch.pk, at=f"{batch.committed_at:%Y-%m-%d %H:%M}",
        )  # fmt: skip


def _plan(
    survey: SurveyFile, cycle: ReviewCycle, area: str, say: Progress, *, readable: str
) -> tuple[ImportEffect, Rows]:
    standard = asked_standard(cycle)
    _require(survey)
    say(f"checking {survey.households.height} households and {survey.members.height} members")
    # Typed once, by the core: its checks and the answers written below read the same frames. Each row
    # keeps its number in the file, whatever order the members are put in for checking.
    prepared = prepare_inputs(
        _with_place(survey.households).with_row_index(checks.ROW, offset=checks.FIRST_DATA_ROW),
        _with_member_extras(survey.members).with_row_index(checks.ROW, offset=checks.FIRST_DATA_ROW),
        standard,
    )
    assert prepared.members is not None  # given: the members table is always read with the households
    households = answers.as_stored(prepared.households, standard, "household")
    members = answers.as_stored(prepared.members, standard, "member")
    core_issues = prepared.issues.with_columns(pl.lit(checks.ERROR).alias("severity"))
    units = _units(households)
    say("comparing with the registry")
    stored = stored_households(households["household_id"], cycle.pk)
    households = households.join(stored.select("household_id", "commune_path"), on="household_id", how="left")
    issues = pl.concat([
        core_issues,
        _place_issues(households, units, cycle, area),
        checks.employed_children(members),
        checks.national_ids_in_two_households(
            members, members_with_national_ids(cycle.pk, members["national_id"], _replaced(households, area)), readable
        ),
        *_jump_issues(households, members, cycle, standard, readable),
    ], how="vertical_relaxed")  # fmt: skip
    rejected = issues.filter(pl.col("severity") == checks.ERROR)["household_id"].drop_nulls().unique()
    say("deciding new, changed and unchanged households")
    return _decide(survey, households, members, stored, issues, rejected, cycle, standard, units)


def _require(survey: SurveyFile) -> None:
    for frame, name, columns in (
        (survey.households, survey.household_file, ["household_id", "commune_code"]),
        (survey.members, survey.member_file, ["household_id", "member_id"]),
    ):
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise InputError(f"{name}: missing column(s) {', '.join(missing)} (the layout is in forms/README.md)")


def _with_place(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("village_code", "head_name") if c not in frame.columns
    )


def _with_member_extras(frame: pl.DataFrame) -> pl.DataFrame:
    return frame if "national_id" in frame.columns else frame.with_columns(pl.lit(None, pl.String).alias("national_id"))


def _units(households: pl.DataFrame) -> pl.DataFrame:
    """Every unit the file names (code, id, level, path, parent_code): read once, for the checks and the writes."""
    codes = pl.concat([households["commune_code"], households["village_code"]]).drop_nulls().unique().to_list()
    rows = AdminUnit.objects.filter(code__in=codes).values_list("code", "id", "level", "path", "parent__code")
    return pl.DataFrame(
        list(rows),
        schema={"code": pl.String, "id": pl.Int64, "level": pl.String, "path": pl.String, "parent_code": pl.String},
        orient="row",
    )


def _place_issues(households: pl.DataFrame, units: pl.DataFrame, cycle: ReviewCycle, area: str) -> pl.DataFrame:
    locked = list(
        CommuneReview.objects.filter(cycle=cycle, stage__in=LOCKED_STAGES).values_list("commune__code", flat=True)
    )
    return checks.places(households, units, area, locked)


def _replaced(households: pl.DataFrame, area: str) -> pl.Series:
    """The file's households whose stored members it may replace: new ones and those of the user's area."""
    mine = households.filter(pl.col("commune_path").is_null() | checks.within(area))
    return mine["household_id"]


def _jump_issues(
    households: pl.DataFrame, members: pl.DataFrame, cycle: ReviewCycle, standard: Standard, readable: str
) -> list[pl.DataFrame]:
    previous = ReviewCycle.objects.filter(year__lt=cycle.year).order_by("-year").first()
    if previous is None:
        return []
    before_h, before_m = cycle_frames(previous.pk, load_standard(previous.standard_id), households["household_id"])
    if not {"income_per_capita", "housing_area_m2"} <= set(before_h.columns) or "age" not in before_m.columns:
        return []  # the earlier standard asked other questions: nothing to compare
    before_h = checks.readable(before_h, readable)
    before_m = before_m.filter(pl.col("household_id").is_in(before_h["household_id"].implode()))
    return [
        checks.jumps(households, before_h.drop("household_pk", "commune_path")),
        checks.age_jumps(members, before_m, cycle.year - previous.year),
    ]


def _decide(
    survey: SurveyFile,
    households: pl.DataFrame,
    members: pl.DataFrame,
    stored: pl.DataFrame,
    issues: pl.DataFrame,
    rejected: pl.Series,
    cycle: ReviewCycle,
    standard: Standard,
    units: pl.DataFrame,
) -> tuple[ImportEffect, Rows]:
    accepted_h = households.filter(~pl.col("household_id").is_in(rejected.implode()))
    accepted_m = members.filter(pl.col("household_id").is_in(accepted_h["household_id"].implode()))
    accepted_h = accepted_h.with_columns(answers.answers_json(standard, "household").alias("answers"))
    accepted_m = accepted_m.with_columns(answers.answers_json(standard, "member").alias("answers"))
    prints = answers.fingerprints(accepted_h, accepted_m)
    accepted_h = accepted_h.join(prints, on="household_id", how="left").join(
        stored.select(
            "household_id",
            "household_pk",
            "survey_pk",
            pl.col("fingerprint").alias("stored_fingerprint"),
            _place().alias("stored_place"),
        ),
        on="household_id",
        how="left",
    )
    status = (
        pl.when(pl.col("survey_pk").is_null())
        .then(pl.lit("new"))
        .when(pl.col("stored_fingerprint") == pl.col("fingerprint"))
        .then(pl.lit("unchanged"))
        .otherwise(pl.lit("changed"))
    )
    accepted_h = accepted_h.with_columns(
        status.alias("status"),
        # A known household whose stored commune, village or head differ from the file's.
        (pl.col("stored_place") != _place()).fill_null(value=False).alias("place_differs"),
    )
    status_frame = pl.concat([
        accepted_h.select("household_id", "status"),
        households.filter(pl.col("household_id").is_in(rejected.implode()))
        .select("household_id", pl.lit("rejected").alias("status")).unique("household_id"),
    ])  # fmt: skip
    changed = accepted_h.filter(pl.col("status") == "changed")
    changes = diff_changed(changed, accepted_m, stored, stored_members(changed["survey_pk"]))
    sha = hashlib.sha256(survey.households.write_csv().encode() + survey.members.write_csv().encode()).hexdigest()
    counts = {name: int((status_frame["status"] == name).sum()) for name in STATUSES}
    effect = ImportEffect(
        year=cycle.year,
        files=sorted({survey.household_file, survey.member_file}),
        sha256=sha,
        status=status_frame.sort("household_id"),
        changes=changes,
        issues=_with_file(issues, survey),
        counts=counts,
    )
    to_write = accepted_h.filter(pl.col("status").is_in(["new", "changed"]))
    rows = Rows(to_write, accepted_m, survey.household_file, sha, units)
    return effect, rows


def _place() -> pl.Expr:
    """A household's commune, village and head as one text, to compare the file's with the stored."""
    return pl.concat_str(
        [pl.col(c).fill_null("") for c in ("commune_code", "village_code", "head_name")], separator="\t"
    )


def _with_file(issues: pl.DataFrame, survey: SurveyFile) -> pl.DataFrame:
    file = (
        pl.when(pl.col("table") == "household")
        .then(pl.lit(survey.household_file))
        .otherwise(pl.lit(survey.member_file))
    )
    return (
        issues.with_columns(file.alias("file"))
        .select(
            "file",
            "table",
            "row",
            "household_id",
            "member_id",
            "column",
            "value",
            "severity",
            "message_vi",
            "message_en",
        )
        .unique(["table", "row", "column", "message_en"], maintain_order=True)
        .sort("file", "row", "column")
    )
