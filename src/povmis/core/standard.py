"""A poverty standard, loaded from its YAML file and checked before anything is classified with it.

A standard is data: income lines, indicators, class rules and the questionnaire they need. A new
period or another country is a new file under ``standards/``, never new code.

>>> standard = load_standard("vn-2022-2025")
>>> standard.line("poverty").values["rural"], len(standard.indicators)
(1500000, 12)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from povmis.core.conditions import ConditionError, compile_condition, condition_columns
from povmis.core.layers import document_hash, resolve_layer
from povmis.core.questionnaire import Question, Questionnaire, parse_questionnaire
from povmis.core.schema import StandardError, expect, labels, optional_text, text

INDICATOR_KINDS = ("any_member", "member_share", "household")
AREAS = ("rural", "urban")


@dataclass(frozen=True)
class IncomeLine:
    id: str
    label: dict[str, str]
    values: dict[str, int]
    legal_reference: str
    confidence: str


@dataclass(frozen=True)
class ClassRule:
    """One way into a class: income at or below a line and/or at least N deprivations."""

    income_at_or_below: str | None
    deprivations_at_least: int | None

    def describe(self, standard: Standard, lang: str) -> str:
        parts = []
        if self.income_at_or_below:
            parts.append(f"income ≤ {standard.line(self.income_at_or_below).label[lang]}")
        if self.deprivations_at_least is not None:
            parts.append(f"deprivations ≥ {self.deprivations_at_least}")
        return " and ".join(parts) or "otherwise"


@dataclass(frozen=True)
class HouseholdClass:
    id: str
    label: dict[str, str]
    rules: tuple[ClassRule, ...]
    legal_reference: str


@dataclass(frozen=True)
class Derived:
    id: str
    label: dict[str, str]
    unit: str
    divide: tuple[str, str]


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    label: dict[str, str]
    reason: dict[str, str]
    kind: str
    rule: dict[str, Any]
    legal_reference: str
    confidence: str
    detail: dict[str, str] | None = None

    @property
    def flag(self) -> str:
        """The output column that holds this indicator's deprivation, the same in files, API and code."""
        return f"deprived_{self.id}"


@dataclass(frozen=True)
class Standard:
    id: str
    name: dict[str, str]
    country: str
    legal_reference: str
    effective_from: dt.date
    effective_to: dt.date | None
    income_column: str
    income_unit: str
    lines: tuple[IncomeLine, ...]
    classes: tuple[HouseholdClass, ...]
    derived: tuple[Derived, ...]
    dimensions: dict[str, dict[str, str]]
    indicators: tuple[Indicator, ...]
    questionnaire: Questionnaire
    content_hash: str
    path: Path = field(compare=False)
    # The resolved document it was parsed from: what layers and what-if variants change.
    document: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The standard a layer is declared over (None for a standard written out in full).
    layer_over: str | None = None

    def line(self, line_id: str) -> IncomeLine:
        return next(line for line in self.lines if line.id == line_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(ind for ind in self.indicators if ind.id == indicator_id)

    @property
    def flags(self) -> list[str]:
        return [indicator.flag for indicator in self.indicators]

    @property
    def class_ids(self) -> list[str]:
        return [household_class.id for household_class in self.classes]

    def member_indicators(self) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.kind != "household"]

    def household_indicators(self) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.kind == "household"]


def standards_dir() -> Path:
    """Where standard files live: $POVMIS_STANDARDS_DIR, else the project's own ``standards/``."""
    configured = os.environ.get("POVMIS_STANDARDS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[3] / "standards"


def available_standards() -> list[str]:
    return sorted(path.parent.name for path in standards_dir().glob("*/standard.yaml"))


def load_standard(name_or_path: str | Path) -> Standard:
    """Load a standard by id (``vn-2022-2025``) or by the path of its YAML file, and check it."""
    path = Path(name_or_path)
    if not path.suffix:
        path = standards_dir() / str(name_or_path) / "standard.yaml"
    if not path.is_file():
        known = ", ".join(available_standards()) or "none"
        raise StandardError(f"{name_or_path}: no such standard (known: {known})")
    raw = path.read_bytes()
    document = _read_document(path, raw)
    try:
        if isinstance(document, dict) and "layer_over" in document:
            # A layer's hash is of what it resolves to: a change to its base changes the layer too.
            document = resolve_layer(document, lambda base: _resolved_base(base, {path}))
            return parse_standard(document, path, document_hash(document))
        return parse_standard(document, path, hashlib.sha256(raw).hexdigest())
    except (StandardError, ConditionError) as error:
        raise StandardError(f"{path}: {error}") from error


def _read_document(path: Path, raw: bytes) -> Any:
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise StandardError(f"{path}: not valid YAML: {error}") from error


def _resolved_base(base_id: str, seen: set[Path]) -> dict[str, Any]:
    """The full document of a layer's base, itself resolved when it is a layer (a loop is an error)."""
    path = standards_dir() / base_id / "standard.yaml"
    if not path.is_file():
        raise StandardError(f"layer_over: no such standard '{base_id}' (known: {', '.join(available_standards())})")
    if path in seen:
        raise StandardError(f"layer_over: '{base_id}' is layered over itself")
    document = _read_document(path, path.read_bytes())
    if not isinstance(document, dict):
        raise StandardError(f"layer_over: {path} is not a standard")
    if "layer_over" in document:
        return resolve_layer(document, lambda base: _resolved_base(base, seen | {path}))
    return document


def parse_standard(document: Any, path: Path, content_hash: str) -> Standard:
    """Check ``document`` and build the Standard; classes with ``enabled: false`` are left out."""
    expect(isinstance(document, dict), "top level", "expected a mapping of keys")
    effective = document.get("effective") or {}
    expect(isinstance(effective, dict) and "from" in effective, "effective.from", "is required (a date)")
    income = document.get("income") or {}
    expect(isinstance(income, dict), "income", "expected a mapping")
    lines = tuple(_line(raw, f"income.lines[{i}]") for i, raw in enumerate(income.get("lines") or []))
    expect(bool(lines), "income.lines", "at least one income line is required")
    questionnaire = parse_questionnaire(document.get("questionnaire"))
    dimensions = {
        text(d, "id", f"dimensions[{i}]"): labels(d, "label", f"dimensions[{i}]")
        for i, d in enumerate(document.get("dimensions") or [])
    }
    standard = Standard(
        id=text(document, "id", "id"),
        name=labels(document, "name", "name"),
        country=text(document, "country", "country"),
        legal_reference=text(document, "legal_reference", "legal_reference"),
        effective_from=_date(effective["from"], "effective.from"),
        effective_to=_date(effective["to"], "effective.to") if effective.get("to") else None,
        income_column=text(income, "column", "income.column"),
        income_unit=text(income, "unit", "income.unit"),
        lines=lines,
        classes=tuple(
            _class(raw, f"classes[{i}]")
            for i, raw in enumerate(document.get("classes") or [])
            if not (isinstance(raw, dict) and raw.get("enabled") is False)
        ),
        derived=tuple(_derived(raw, f"derived[{i}]") for i, raw in enumerate(document.get("derived") or [])),
        dimensions=dimensions,
        indicators=tuple(
            _indicator(raw, f"indicators[{i}]", dimensions) for i, raw in enumerate(document.get("indicators") or [])
        ),
        questionnaire=questionnaire,
        content_hash=content_hash,
        path=path,
        document=document,
        layer_over=str(document["layer_over"]) if document.get("layer_over") else None,
    )
    _check_references(standard)
    return standard


def _line(raw: Any, key: str) -> IncomeLine:
    expect(isinstance(raw, dict), key, "expected a mapping")
    values = raw.get("values")
    expect(isinstance(values, dict) and set(values) == set(AREAS), f"{key}.values", "needs rural and urban")
    for area, amount in values.items():
        expect(isinstance(amount, int) and amount > 0, f"{key}.values.{area}", "must be a positive integer")
    return IncomeLine(
        id=text(raw, "id", key),
        label=labels(raw, "label", key),
        values={str(area): int(amount) for area, amount in values.items()},
        legal_reference=text(raw, "legal_reference", key),
        confidence=_confidence(raw, key),
    )


def _class(raw: Any, key: str) -> HouseholdClass:
    expect(isinstance(raw, dict), key, "expected a mapping")
    rules = raw.get("rules")
    expect(isinstance(rules, list) and bool(rules), f"{key}.rules", "at least one rule is required")
    parsed = []
    for i, rule in enumerate(rules):
        rule_key = f"{key}.rules[{i}]"
        expect(isinstance(rule, dict), rule_key, "expected a mapping")
        unknown = set(rule) - {"income_at_or_below", "deprivations_at_least"}
        expect(not unknown, rule_key, f"unknown keys {sorted(unknown)}")
        at_least = rule.get("deprivations_at_least")
        expect(at_least is None or isinstance(at_least, int), rule_key, "deprivations_at_least: integer")
        parsed.append(ClassRule(rule.get("income_at_or_below"), at_least))
    return HouseholdClass(
        id=text(raw, "id", key),
        label=labels(raw, "label", key),
        rules=tuple(parsed),
        legal_reference=optional_text(raw, "legal_reference"),
    )


def _derived(raw: Any, key: str) -> Derived:
    expect(isinstance(raw, dict), key, "expected a mapping")
    divide = raw.get("divide")
    expect(isinstance(divide, list) and len(divide) == 2, f"{key}.divide", "expected [numerator, denominator]")
    return Derived(
        id=text(raw, "id", key),
        label=labels(raw, "label", key),
        unit=text(raw, "unit", key),
        divide=(str(divide[0]), str(divide[1])),
    )


def _indicator(raw: Any, key: str, dimensions: dict[str, dict[str, str]]) -> Indicator:
    expect(isinstance(raw, dict), key, "expected a mapping")
    rule = raw.get("rule")
    expect(isinstance(rule, dict), f"{key}.rule", "expected a mapping")
    kind = rule.get("kind")
    expect(kind in INDICATOR_KINDS, f"{key}.rule.kind", f"must be one of {', '.join(INDICATOR_KINDS)}")
    for part in ("among", "deprived_if", "counts"):
        if part in rule:
            compile_condition(rule[part], f"{key}.rule.{part}")
    needed = {
        "any_member": ["deprived_if"],
        "member_share": ["counts", "above"],
        "household": ["deprived_if"],
    }
    for part in needed[str(kind)]:
        expect(part in rule, f"{key}.rule.{part}", f"is required for kind {kind}")
    dimension = text(raw, "dimension", key)
    expect(dimension in dimensions, f"{key}.dimension", f"'{dimension}' is not a declared dimension")
    return Indicator(
        id=text(raw, "id", key),
        dimension=dimension,
        label=labels(raw, "label", key),
        reason=labels(raw, "reason", key),
        kind=str(kind),
        rule=dict(rule),
        legal_reference=text(raw, "legal_reference", key),
        confidence=_confidence(raw, key),
        detail=labels(raw, "detail", key) if "detail" in raw else None,
    )


def _check_references(standard: Standard) -> None:
    """Every line, answer and derived value a rule names must exist: a typo must fail on load."""
    line_ids = {line.id for line in standard.lines}
    for i, household_class in enumerate(standard.classes):
        for j, rule in enumerate(household_class.rules):
            line = rule.income_at_or_below
            expect(line is None or line in line_ids, f"classes[{i}].rules[{j}]", f"unknown income line {line}")
    expect(
        bool(standard.classes) and not any(standard.classes[-1].rules[-1].__dict__.values()),
        "classes",
        "the last class must end with an empty rule {} so that every household gets a class",
    )
    household = {q.id for q in standard.questionnaire.household} | {d.id for d in standard.derived}
    member = {q.id for q in standard.questionnaire.member}
    for derived in standard.derived:
        for name in derived.divide:
            expect(name in household | {"member_count"}, f"derived {derived.id}", f"unknown answer '{name}'")
    for i, indicator in enumerate(standard.indicators):
        known = household if indicator.kind == "household" else member
        for part in ("among", "deprived_if", "counts"):
            for column in condition_columns(indicator.rule.get(part, {})):
                expect(
                    column in known,
                    f"indicators[{i}].rule.{part}",
                    f"'{column}' is not a {'household' if indicator.kind == 'household' else 'member'} "
                    "question of the questionnaire",
                )
    ids = [indicator.id for indicator in standard.indicators]
    expect(len(ids) == len(set(ids)), "indicators", "indicator ids must be unique")


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise StandardError(f"{key}: expected a date YYYY-MM-DD, got {value!r}") from error


def _confidence(raw: dict[str, Any], key: str) -> str:
    value = raw.get("confidence", "R")
    expect(value in ("C", "S", "R", "U"), f"{key}.confidence", "must be one of C, S, R, U")
    return str(value)


__all__ = ["Indicator", "Question", "Standard", "StandardError", "available_standards", "load_standard"]
