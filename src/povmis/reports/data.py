"""One review's results for an area, read into Polars in two queries: no ORM object per household.

Every report table is computed from this frame, so the XLSX, the PDF and any page that shows the same
figure cannot disagree. The area is a unit path prefix from :func:`povmis.accounts.scoping.area_path`.
"""

from __future__ import annotations

import polars as pl

from povmis.bulk import fetch_frame
from povmis.core.deprivations import deprived_list
from povmis.core.standard import Standard, load_standard
from povmis.registry.models import (
    ClassificationRun,
    Household,
    HouseholdResult,
    HouseholdSurvey,
    MemberSurvey,
    ReviewCycle,
)
from povmis.units.models import AdminUnit

R = HouseholdResult._meta.db_table
Y = ReviewCycle._meta.db_table
H = Household._meta.db_table
U = AdminUnit._meta.db_table
S = HouseholdSurvey._meta.db_table
M = MemberSurvey._meta.db_table

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "commune_code": pl.String(),
    "commune_name": pl.String(),
    "commune_path": pl.String(),
    "district_code": pl.String(),
    "district_name": pl.String(),
    "class": pl.String(),
    "deprived_mask": pl.Int64(),
    "transition": pl.String(),
    "ethnic_minority": pl.Boolean(),
    "persons": pl.Int64(),
}


def like_prefix(area: str) -> str:
    """A LIKE pattern for "starts with ``area``" (paths hold digits, letters, '-' and '/', but be safe)."""
    return area.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def results_frame(year: int, area: str) -> pl.DataFrame:
    """Each classified household of the ``year`` review inside ``area``: place, class, deprivations, persons.

    ``ethnic_minority`` is null when the survey did not say; ``deprived`` is a list of indicator ids.
    """
    sql = (
        "SELECT h.code, c.code, c.name, c.path, d.code, d.name, r.household_class, r.deprived_mask, r.transition, "  # noqa: S608  # table names from model metadata, values as parameters
        f"h.ethnic_minority, (SELECT COUNT(*) FROM {M} m WHERE m.survey_id = s.id) "
        f"FROM {R} r JOIN {Y} y ON y.id = r.cycle_id JOIN {H} h ON h.id = r.household_id "
        f"JOIN {U} c ON c.id = h.commune_id LEFT JOIN {U} d ON d.id = c.parent_id AND d.level = 'district' "
        f"LEFT JOIN {S} s ON s.household_id = h.id AND s.cycle_id = r.cycle_id "
        "WHERE y.year = %s AND c.path LIKE %s ESCAPE '\\'"
    )
    frame = fetch_frame(sql, [year, like_prefix(area)], RESULT_SCHEMA)
    return frame.with_columns(
        _deprived(year).alias("deprived"),
        pl.col("class").replace("", None),
    ).drop("deprived_mask")


def results_standard(year: int) -> Standard | None:
    """The standard the ``year`` review's official results were classified under (None before any run)."""
    run = ClassificationRun.objects.filter(cycle__year=year).order_by("-ran_at").first()
    return None if run is None else load_standard(run.standard_id)


def standards_by_year(years: list[int]) -> list[tuple[str, Standard]]:
    """Runs of consecutive ``years`` classified under one standard: ("2022-2026", the standard), ...

    An export that spans a change of standard says so, so that a change of class is not read as a change
    of living conditions."""
    spans: list[tuple[list[int], Standard]] = []
    for year in years:
        standard = results_standard(year)
        if standard is None:
            continue
        if spans and spans[-1][1].id == standard.id:
            spans[-1][0].append(year)
        else:
            spans.append(([year], standard))
    return [(f"{held[0]}" if len(held) == 1 else f"{held[0]}-{held[-1]}", standard) for held, standard in spans]


def standard_caption(standard: Standard) -> str:
    """The standard as the official exports name it: both names and the legal reference."""
    vi, en = standard.name.get("vi", standard.id), standard.name.get("en", standard.id)
    return f"{vi} / {en} ({standard.legal_reference})"


def _deprived(year: int) -> pl.Expr:
    """The masks as lists of ids, in the order of the standard of the year's stored results."""
    standard = results_standard(year)
    if standard is None:  # nothing stored, no rows to read
        return pl.lit([], pl.List(pl.String))
    return deprived_list(pl.col("deprived_mask"), standard)


def reviewed_years() -> list[int]:
    """Years whose review has been classified, oldest first."""
    return sorted(ReviewCycle.objects.filter(runs__isnull=False).distinct().values_list("year", flat=True))


def area_name(area: str) -> str:
    """ "Tân Lợi, Buôn Ma Thuột, Đắk Lắk" for a commune's path; the province(s) for everywhere."""
    if not area:
        # A province merged into another (Phú Yên in 2025) has a successor: it is not a top unit any more.
        top = AdminUnit.objects.filter(parent__isnull=True, successions__isnull=True).order_by("code")
        return ", ".join(top.values_list("name", flat=True))
    codes = [code for code in area.split("/") if code]
    known = dict(AdminUnit.objects.filter(code__in=codes).values_list("code", "name"))
    return ", ".join(known.get(code, code) for code in reversed(codes))
