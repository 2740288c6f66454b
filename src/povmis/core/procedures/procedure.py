"""A review procedure, loaded from ``procedures/<id>.yaml``: when the monthly review starts, its deadline, reports.

>>> rules = load_procedure("decision-24-2021")
>>> rules.review_starts(dt.date(2025, 3, 2)), rules.decision_due(dt.date(2025, 3, 2))
(datetime.date(2025, 3, 15), datetime.date(2025, 3, 30))
>>> rules.decision_due(dt.date(2025, 3, 20))
datetime.date(2025, 4, 30)
>>> rules.report_due(2025, 2)
datetime.date(2025, 3, 5)
>>> rules.meeting_agrees(10, 20), rules.meeting_agrees(9, 20)
(True, False)
>>> rules.posting_ends(dt.date(2025, 11, 7))  # a Friday: Friday, Monday, Tuesday
datetime.date(2025, 11, 11)
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml


class ProcedureError(ValueError):
    """A procedure file that cannot be used, or a date it does not cover; the message names the file."""


@dataclass(frozen=True)
class Procedure:
    id: str
    legal_reference: str
    effective_from: dt.date
    effective_to: dt.date | None
    starts_on_day: int
    decision_within_days: int
    warn_days_before: int
    report_due_day: int
    report_due_months: tuple[int, ...]
    # The periodic review's village meeting and posting (steps 3 and 4).
    agreement_percent: int
    agreement_legal_reference: str
    posting_working_days: int
    posting_legal_reference: str

    def review_starts(self, filed_on: dt.date) -> dt.date:
        """The first monthly review on or after the filing: this month's, else the next month's."""
        this_month = filed_on.replace(day=self.starts_on_day)
        return this_month if filed_on <= this_month else _next_month(filed_on).replace(day=self.starts_on_day)

    def decision_due(self, filed_on: dt.date) -> dt.date:
        return self.review_starts(filed_on) + dt.timedelta(days=self.decision_within_days)

    def warn_from(self, filed_on: dt.date) -> dt.date:
        return self.decision_due(filed_on) - dt.timedelta(days=self.warn_days_before)

    def report_due(self, year: int, month: int) -> dt.date | None:
        """When the report of ``month``'s decisions is due, or None when no report is due for that month."""
        due = _next_month(dt.date(year, month, 1)).replace(day=self.report_due_day)
        return due if due.month in self.report_due_months else None

    def meeting_agrees(self, agree: int, attending: int) -> bool:
        """Whether ``agree`` of ``attending`` reaches the agreement the meeting's result needs."""
        return attending > 0 and agree * 100 >= self.agreement_percent * attending

    def posting_ends(self, posted_on: dt.date) -> dt.date:
        """The last day of a posting from ``posted_on``: that many working days, the first one included."""
        day, counted = posted_on, 0
        while True:
            if day.weekday() < SATURDAY:
                counted += 1
                if counted == self.posting_working_days:
                    return day
            day += dt.timedelta(days=1)

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


SATURDAY = 5


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def procedures_dir() -> Path:
    """Where procedure files live: $POVMIS_PROCEDURES_DIR, else the project's own ``procedures/``."""
    configured = os.environ.get("POVMIS_PROCEDURES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "procedures"


def load_procedure(procedure_id: str) -> Procedure:
    return _load(procedures_dir() / f"{procedure_id}.yaml")


@cache  # a list page asks each row's deadline: the file is read once per path
def _load(path: Path) -> Procedure:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProcedureError(f"{path}: cannot be read ({error})") from None
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ProcedureError(f"{path}: {error!r} is missing or wrong") from None


def _parse(data: dict[str, Any]) -> Procedure:
    review, report = data["regular_review"], data["monthly_report"]
    meeting, posting = data["periodic_review"]["village_meeting"], data["periodic_review"]["posting"]
    return Procedure(
        id=str(data["id"]),
        legal_reference=str(data["legal_reference"]),
        effective_from=_date(data["effective"]["from"]),
        effective_to=_date(data["effective"]["to"]) if data["effective"].get("to") else None,
        starts_on_day=int(review["starts_on_day"]),
        decision_within_days=int(review["decision_within_days"]),
        warn_days_before=int(review["warn_days_before"]),
        report_due_day=int(report["due_day"]),
        report_due_months=tuple(int(month) for month in report["due_months"]),
        agreement_percent=_percent(meeting["agreement_percent"]),
        agreement_legal_reference=str(meeting["legal_reference"]),
        posting_working_days=_positive(posting["working_days"]),
        posting_legal_reference=str(posting["legal_reference"]),
    )


def _percent(value: object) -> int:
    if isinstance(value, int) and 0 < value <= 100:
        return value
    raise ValueError(f"agreement_percent {value!r} is not a whole percent from 1 to 100")


def _positive(value: object) -> int:
    if isinstance(value, int) and value > 0:
        return value
    raise ValueError(f"working_days {value!r} is not a positive whole number")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"{value!r} is not a date")


def procedure_for(day: dt.date, procedure_ids: tuple[str, ...] = ("decision-24-2021",)) -> Procedure:
    """The procedure in force on ``day``."""
    for procedure_id in procedure_ids:
        procedure = load_procedure(procedure_id)
        if procedure.covers(day):
            return procedure
    raise ProcedureError(f"no procedure in procedures/ covers {day.isoformat()}")
