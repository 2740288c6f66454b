"""Cells a survey file must not carry into the registry: over-long values and codes that break a URL.

Checked on the text frames right after reading, before anything is compared or written, so the
refusal is the same on SQLite (which would store a 300-character name in a 200-character column)
and on PostgreSQL (whose COPY would fail the commit with a traceback). The lengths are the model
fields' own, read from the models, so a migration that widens a field widens the check too.
"""

from __future__ import annotations

import polars as pl
from django.db import models
from django.utils.translation import gettext as _

from povmis.core.validate import InputError
from povmis.registry.models import Household, MemberSurvey
from povmis.units.codes import ROW_OFFSET, URL_BREAKING, url_breaking
from povmis.units.models import AdminUnit

# Any other answer (a free-text note, a code) is bounded too: nothing a survey asks needs more.
MAX_TEXT = 1_000


def field_lengths(table: str) -> dict[str, int]:
    """Column → the most characters its model field holds."""
    if table == "households":
        return {
            "household_id": _length(Household, "code"),
            "head_name": _length(Household, "head_name"),
            "commune_code": _length(AdminUnit, "code"),
            "village_code": _length(AdminUnit, "code"),
        }
    return {
        "household_id": _length(Household, "code"),
        "member_id": _length(MemberSurvey, "member_code"),
        "national_id": _length(MemberSurvey, "national_id"),
    }


CODES = {"households": ("household_id", "commune_code", "village_code"), "members": ("household_id", "member_id")}


def _length(model: type[Household] | type[AdminUnit] | type[MemberSurvey], field: str) -> int:
    found = model._meta.get_field(field)
    assert isinstance(found, models.CharField)  # every field named above is one
    assert found.max_length is not None
    return int(found.max_length)


def check_cells(frame: pl.DataFrame, table: str, file_name: str) -> None:
    """Raise on the first cell that is too long or, for a code, would break a URL; naming row and column."""
    lengths = field_lengths(table)
    checks: list[tuple[str, pl.Expr, str]] = []
    for column in frame.columns:
        limit = lengths.get(column, MAX_TEXT)
        checks.append((column, pl.col(column).str.len_chars() > limit, _too_long(limit)))
    for column in CODES[table]:
        if column in frame.columns:
            checks.append((column, pl.col(column).str.contains(URL_BREAKING), url_breaking()))
    if not checks:
        return
    flags = frame.select(check.fill_null(value=False).any().alias(str(i)) for i, (_c, check, _m) in enumerate(checks))
    for (column, check, message), failing in zip(checks, flags.row(0), strict=True):
        if failing:
            row = int(frame.select(check.fill_null(value=False).arg_true().first()).item())
            value = str(frame[column][row])
            shown = value if len(value) <= 40 else f"{value[:40]}…"
            raise InputError(
                _("%(file)s, row %(row)s, column %(column)s: %(problem)s (%(value)r). Nothing was imported.")
                % {"file": file_name, "row": row + ROW_OFFSET, "column": column, "problem": message, "value": shown}
            )


def _too_long(limit: int) -> str:
    return _("longer than the %(limit)s characters the registry keeps; shorten it") % {"limit": limit}
