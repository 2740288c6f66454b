"""The commune's monthly report to the province on the regular review (Decision 24/2021 Art. 7).

One data function, rendered as a page, an XLSX and by ``povmis application monthly-report``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.utils.translation import gettext_lazy as _

from povmis import spreadsheets
from povmis.accounts.scoping import Access, AnyUser, area_path
from povmis.core.procedures.list_in_force import monthly_report
from povmis.core.procedures.procedure import procedure_for
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.list_in_force import decisions

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    due: dt.date
    legal_reference: str
    rows: pl.DataFrame  # commune_code, commune_name and one count per move (core.procedures.list_in_force.MOVES)


def parse_month(text: str) -> tuple[int, int]:
    found = MONTH.match(text.strip())
    if not found or not 1 <= int(found[2]) <= 12:  # the months of a year
        raise ServiceError(_("%(text)r is not a month: write it as YYYY-MM, e.g. 2025-03"), text=text)
    return int(found[1]), int(found[2])


def report(user: AnyUser | None, year: int, month: int) -> MonthlyReport:
    """The month's decisions counted per commune of the user's area (None: the whole country, the CLI)."""
    area = "" if user is None else area_path(user, Access.READ)
    if area is None:
        raise PermissionDenied(_("your role does not allow this"))
    procedure = procedure_for(dt.date(year, month, 1))
    due = procedure.report_due(year, month)
    if due is None:
        raise ServiceError(
            _("no monthly report covers %(month)s: the report is due on the 5th, February to September"),
            month=f"{year}-{month:02d}",
        )
    frame = monthly_report(decisions(area), year, month)
    return MonthlyReport(year, month, due, procedure.legal_reference, frame)


def xlsx(found: MonthlyReport) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        spreadsheets.write_excel(found.rows, path)
        return path.read_bytes()
