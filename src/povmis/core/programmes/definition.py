"""A programme, loaded from ``programmes/<id>/programme.yaml`` and checked before any plan uses it.

>>> programme = load_programme("ntp-spr-2021-2025")
>>> [project.id for project in programme.projects], programme.sub_project_ids("4")
(['1', '2', '3', '4', '5', '6', '7'], ('4.1', '4.2', '4.3'))
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from povmis.core.programmes.fields import (
    ProgrammeError,
    confidence,
    date_value,
    is_unknown,
    items,
    mapping,
    vnd,
)
from povmis.core.schema import StandardError, labels, text

CAPITAL_TYPES = ("investment", "recurrent")
SOURCES = ("central", "provincial", "district", "commune", "mobilised", "credit")


@dataclass(frozen=True)
class LegalBasis:
    instrument: str
    issued_on: dt.date | None
    subject: str
    confidence: str


@dataclass(frozen=True)
class SubProject:
    id: str
    name: dict[str, str]
    confidence: str


@dataclass(frozen=True)
class Project:
    id: str
    name: dict[str, str]
    confidence: str
    # None where the decision's list of sub-projects is not yet known.
    sub_projects: tuple[SubProject, ...] | None


@dataclass(frozen=True)
class Budget:
    legal_reference: str
    minimum_total_vnd: int | None
    central_vnd: int | None
    local_minimum_vnd: int | None
    confidence: str


@dataclass(frozen=True)
class Deadline:
    """Capital of a year may be spent until this day, ``years_after`` years later."""

    month: int
    day: int
    years_after: int
    legal_reference: str

    def for_year(self, capital_year: int) -> dt.date:
        return dt.date(capital_year + self.years_after, self.month, self.day)


@dataclass(frozen=True)
class Programme:
    id: str
    name: dict[str, str]
    starts_on: dt.date
    ends_on: dt.date
    legal_basis: tuple[LegalBasis, ...]
    not_twice_with: tuple[str, ...]
    budget: Budget | None
    deadline: Deadline
    projects: tuple[Project, ...]
    unknowns: tuple[str, ...]
    content_hash: str
    path: Path = field(compare=False)

    def project(self, project_id: str) -> Project:
        found = [project for project in self.projects if project.id == project_id]
        if not found:
            raise ProgrammeError(f"{self.id}: no project {project_id!r} (known: {', '.join(self.project_ids)})")
        return found[0]

    @property
    def project_ids(self) -> tuple[str, ...]:
        return tuple(project.id for project in self.projects)

    def sub_project_ids(self, project_id: str) -> tuple[str, ...] | None:
        """The project's sub-projects, or None where they are not yet known (any is then accepted)."""
        subs = self.project(project_id).sub_projects
        return None if subs is None else tuple(sub.id for sub in subs)


def programmes_dir() -> Path:
    """Where programme files live: $POVMIS_PROGRAMMES_DIR, else the project's own ``programmes/``."""
    configured = os.environ.get("POVMIS_PROGRAMMES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "programmes"


def available_programmes() -> list[str]:
    return sorted(path.parent.name for path in programmes_dir().glob("*/programme.yaml"))


def read_yaml(name_or_path: str | Path, file_name: str) -> tuple[Path, Any, str]:
    """The parsed document of a programme's file (by programme id or by path) and its content hash."""
    path = Path(name_or_path)
    if not path.suffix:
        path = programmes_dir() / str(name_or_path) / file_name
    if not path.is_file():
        known = ", ".join(available_programmes()) or "none"
        raise ProgrammeError(f"{name_or_path}: no {file_name} for this programme (known programmes: {known})")
    raw = path.read_bytes()
    try:
        return path, yaml.safe_load(raw), hashlib.sha256(raw).hexdigest()
    except yaml.YAMLError as error:
        raise ProgrammeError(f"{path}: not valid YAML: {error}") from error


def load_programme(name_or_path: str | Path) -> Programme:
    """Load a programme by id (``ntp-spr-2021-2025``) or by the path of its YAML file, and check it."""
    path, document, content_hash = read_yaml(name_or_path, "programme.yaml")
    try:
        return parse_programme(document, path, content_hash)
    except StandardError as error:
        raise ProgrammeError(f"{path}: {error}") from error


def parse_programme(document: Any, path: Path, content_hash: str) -> Programme:
    document = mapping(document, "top level")
    unknowns: list[str] = []
    period = mapping(document.get("period"), "period")
    projects = tuple(
        _project(raw, f"projects[{i}]", unknowns) for i, raw in enumerate(items(document.get("projects"), "projects"))
    )
    ids = [project.id for project in projects]
    if not ids or len(ids) != len(set(ids)):
        raise ProgrammeError("projects: at least one project is required, and project ids must be unique")
    budget = None
    if is_unknown(document.get("budget")):
        unknowns.append("budget")
    else:
        budget = _budget(mapping(document.get("budget"), "budget"))
    programme = Programme(
        id=text(document, "id", "id"),
        name=labels(document, "name", "name"),
        starts_on=date_value(period.get("from"), "period.from"),
        ends_on=date_value(period.get("to"), "period.to"),
        legal_basis=tuple(
            _basis(raw, f"legal_basis[{i}]") for i, raw in enumerate(items(document.get("legal_basis"), "legal_basis"))
        ),
        not_twice_with=tuple(str(other) for other in items(document.get("not_twice_with"), "not_twice_with")),
        budget=budget,
        deadline=_deadline(mapping(document.get("spending_deadline"), "spending_deadline")),
        projects=projects,
        unknowns=tuple(unknowns),
        content_hash=content_hash,
        path=path,
    )
    if not programme.legal_basis:
        raise ProgrammeError("legal_basis: at least one instrument is required (the programme's legal source)")
    if programme.ends_on < programme.starts_on:
        raise ProgrammeError("period.to: must not be before period.from")
    return programme


def _basis(raw: Any, key: str) -> LegalBasis:
    raw = mapping(raw, key)
    issued = raw.get("issued_on")
    return LegalBasis(
        instrument=text(raw, "instrument", key),
        issued_on=None if is_unknown(issued) or issued is None else date_value(issued, f"{key}.issued_on"),
        subject=text(raw, "subject", key),
        confidence=confidence(raw, key),
    )


def _project(raw: Any, key: str, unknowns: list[str]) -> Project:
    raw = mapping(raw, key)
    subs: tuple[SubProject, ...] | None = None
    if is_unknown(raw.get("sub_projects")):
        unknowns.append(f"{key}.sub_projects")
    else:
        subs = tuple(
            SubProject(
                text(sub, "id", f"{key}.sub_projects[{j}]"),
                labels(sub, "name", f"{key}.sub_projects[{j}]"),
                confidence(sub, f"{key}.sub_projects[{j}]"),
            )
            for j, sub in enumerate(items(raw.get("sub_projects"), f"{key}.sub_projects"))
        )
    return Project(
        id=text(raw, "id", key), name=labels(raw, "name", key), confidence=confidence(raw, key), sub_projects=subs
    )


def _budget(raw: dict[str, Any]) -> Budget:
    return Budget(
        legal_reference=text(raw, "legal_reference", "budget"),
        minimum_total_vnd=vnd(raw.get("minimum_total_vnd", "unknown"), "budget.minimum_total_vnd"),
        central_vnd=vnd(raw.get("central_vnd", "unknown"), "budget.central_vnd"),
        local_minimum_vnd=vnd(raw.get("local_minimum_vnd", "unknown"), "budget.local_minimum_vnd"),
        confidence=confidence(raw, "budget"),
    )


def _deadline(raw: dict[str, Any]) -> Deadline:
    for part in ("month", "day", "years_after"):
        if not isinstance(raw.get(part), int):
            raise ProgrammeError(f"spending_deadline.{part}: is required (an integer)")
    deadline = Deadline(
        int(raw["month"]), int(raw["day"]), int(raw["years_after"]), text(raw, "legal_reference", "spending_deadline")
    )
    try:
        deadline.for_year(2000)
    except ValueError as error:
        raise ProgrammeError(f"spending_deadline: not a day of the year ({error})") from error
    return deadline
