"""A status rule, loaded from its YAML file and checked before anything is evaluated with it.

>>> rule = load_status("low-income-worker-2025")
>>> rule.status, rule.level, rule.at_or_below["rural"], rule.confidence
('low_income_worker', 'member', 2250000, 'S')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from povmis.core.conditions import ConditionError, compile_condition
from povmis.core.schema import StandardError, expect, labels, optional_text, text

LEVELS = ("household", "member")
CONFIDENCE = ("C", "S", "R", "U")
AREAS = ("rural", "urban")
INPUT_TYPES = ("integer", "boolean", "code")


@dataclass(frozen=True)
class Input:
    """One fact the rule reads, at the household's or the member's level."""

    id: str
    type: str
    label: dict[str, str]
    codes: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class StatusRule:
    id: str
    status: str
    level: str
    name: dict[str, str]
    legal_reference: str
    confidence: str
    effective_from: dt.date
    effective_to: dt.date | None
    enabled: bool
    inputs: dict[str, tuple[Input, ...]]
    # Income per person per month: a column given as such, or a 12 months' total divided by persons and 12.
    income_column: str
    per_person_month_of: str
    above: dict[str, int]
    at_or_below: dict[str, int]
    income_confidence: str
    income_reference: str
    holds_if: dict[str, Any]
    content_hash: str

    def in_force(self, day: dt.date) -> bool:
        return self.enabled and self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def condition(self) -> dict[str, Any]:
        """The whole rule as one condition mapping: the income band of the row's area, and ``holds_if``.

        "trên L đến U" is (L, U] and "từ U trở xuống" is at most U (domain.md §2.2), one branch per area.
        """
        column = self.income_column or "income_per_person_month"
        by_area = []
        for area in AREAS:
            band: list[dict[str, Any]] = [
                {"column": "area", "eq": area},
                {"column": column, "lte": self.at_or_below[area]},
            ]
            if self.above:
                band.append({"column": column, "gt": self.above[area]})
            by_area.append({"all": band})
        return {"all": [{"any": by_area}, self.holds_if or {}]}


def statuses_dir() -> Path:
    """Where status files live: $POVMIS_STATUSES_DIR, else the project's own ``statuses/``."""
    configured = os.environ.get("POVMIS_STATUSES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "statuses"


def status_rules() -> tuple[StatusRule, ...]:
    """Every status file, enabled or not, in the order of their ids."""
    return tuple(load_status(path) for path in sorted(statuses_dir().glob("*/status.yaml")))


def rules_in_force(day: dt.date) -> tuple[StatusRule, ...]:
    """The enabled rules in force on ``day``: at most one per status (two is an error in the files)."""
    found = [rule for rule in status_rules() if rule.in_force(day)]
    statuses = [rule.status for rule in found]
    twice = sorted({status for status in statuses if statuses.count(status) > 1})
    expect(not twice, "effective", f"two rules of {', '.join(twice)} are in force on {day}: make their periods meet")
    return tuple(found)


def load_status(name_or_path: str | Path) -> StatusRule:
    """Load a status rule by id (``low-income-worker-2025``) or by its file's path, and check it."""
    path = Path(name_or_path)
    if not path.suffix:
        path = statuses_dir() / str(name_or_path) / "status.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.parent.name for p in statuses_dir().glob("*/status.yaml"))) or "none"
        raise StandardError(f"{name_or_path}: no such status rule (known: {known})")
    raw = path.read_bytes()
    try:
        document = yaml.safe_load(raw)
        return parse_status(document, hashlib.sha256(raw).hexdigest())
    except yaml.YAMLError as error:
        raise StandardError(f"{path}: not valid YAML: {error}") from error
    except (StandardError, ConditionError) as error:
        raise StandardError(f"{path}: {error}") from error


def parse_status(document: Any, content_hash: str) -> StatusRule:
    expect(isinstance(document, dict), "top level", "expected a mapping of keys")
    level = text(document, "level", "level")
    expect(level in LEVELS, "level", f"expected one of {', '.join(LEVELS)}, got {level!r}")
    effective = document.get("effective") or {}
    expect(
        isinstance(effective, dict) and isinstance(effective.get("from"), dt.date),
        "effective.from",
        "is required (a date)",
    )
    until = effective.get("to")
    expect(until is None or isinstance(until, dt.date), "effective.to", "expected a date")
    income = document.get("income")
    expect(isinstance(income, dict), "income", "expected a mapping with at_or_below (and above) per area")
    holds_if = document.get("holds_if") or {}
    compile_condition(holds_if, "holds_if")  # checked now, so a bad key fails on load, not on the first review
    inputs = _inputs(document.get("inputs"), level)
    column, total = optional_text(income, "column"), optional_text(income, "per_person_month_of")
    expect(bool(column) != bool(total), "income", "give one of column or per_person_month_of")
    declared = {i.id for group in inputs.values() for i in group}
    expect((column or total) in declared, "income", f"{column or total!r} is not one of the inputs")
    return StatusRule(
        id=text(document, "id", "id"),
        status=text(document, "status", "status"),
        level=level,
        name=labels(document, "name", "name"),
        legal_reference=text(document, "legal_reference", "legal_reference"),
        confidence=_confidence(document, "confidence"),
        effective_from=effective["from"],
        effective_to=until,
        enabled=document.get("enabled", True) is not False,
        inputs=inputs,
        income_column=column,
        per_person_month_of=total,
        above=_per_area(income, "above", required=False),
        at_or_below=_per_area(income, "at_or_below", required=True),
        income_confidence=_confidence(income, "income.confidence", name="confidence"),
        income_reference=text(income, "legal_reference", "income"),
        holds_if=dict(holds_if),
        content_hash=content_hash,
    )


def _confidence(raw: dict[str, Any], key: str, name: str | None = None) -> str:
    value = raw.get(name or key)
    expect(value in CONFIDENCE, key, f"expected one of {', '.join(CONFIDENCE)} (domain.md §0), got {value!r}")
    return str(value)


def _per_area(income: dict[str, Any], name: str, *, required: bool) -> dict[str, int]:
    values = income.get(name)
    if values is None and not required:
        return {}
    if not isinstance(values, dict):
        raise StandardError(f"income.{name}: expected VND per person per month for each of {', '.join(AREAS)}")
    key = f"income.{name}"
    for area in AREAS:
        value = values.get(area)
        expect(
            isinstance(value, int) and not isinstance(value, bool) and value > 0,
            f"{key}.{area}",
            "expected a whole number of VND",
        )
    return {area: int(values[area]) for area in AREAS}


def _inputs(raw: Any, level: str) -> dict[str, tuple[Input, ...]]:
    expect(
        isinstance(raw, dict) and isinstance(raw.get("household"), list),
        "inputs.household",
        "expected a list of inputs",
    )
    tables = ("household", "member") if level == "member" else ("household",)
    if level == "member":
        expect(isinstance(raw.get("member"), list), "inputs.member", "a member-level status needs member inputs")
    found: dict[str, tuple[Input, ...]] = {}
    for table in tables:
        found[table] = tuple(_input(item, f"inputs.{table}[{i}]") for i, item in enumerate(raw[table]))
    expect("area" in {i.id for i in found["household"]}, "inputs.household", "needs area (the band is per area)")
    return found


def _input(raw: Any, key: str) -> Input:
    kind = text(raw, "type", key)
    expect(kind in INPUT_TYPES, f"{key}.type", f"expected one of {', '.join(INPUT_TYPES)}, got {kind!r}")
    codes = raw.get("codes") or []
    expect(kind != "code" or (isinstance(codes, list) and bool(codes)), f"{key}.codes", "a code input lists its codes")
    return Input(id=text(raw, "id", key), type=kind, label=labels(raw, "label", key), codes=tuple(map(str, codes)),
                 unit=optional_text(raw, "unit"))  # fmt: skip
