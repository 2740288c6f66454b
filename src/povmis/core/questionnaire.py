"""The answers a standard needs: their types, codes, ranges and to whom each question applies.

The survey form, the import checks and the documentation are all derived from this list, so that
they cannot drift apart from the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from povmis.core.conditions import compile_condition
from povmis.core.schema import expect, labels, text

TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "integer": pl.Int64(),
    "decimal": pl.Float64(),
    "boolean": pl.Int8(),
    "code": pl.String(),
}


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: dict[str, str]
    required: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    relevant: dict[str, Any] | None = None

    @property
    def dtype(self) -> pl.DataType:
        if self.type == "code":
            return pl.Enum(list(self.codes))
        return TYPES[self.type]


@dataclass(frozen=True)
class Questionnaire:
    household: tuple[Question, ...]
    member: tuple[Question, ...]

    def table(self, name: str) -> tuple[Question, ...]:
        return self.household if name == "household" else self.member


def parse_questionnaire(raw: Any) -> Questionnaire:
    expect(isinstance(raw, dict), "questionnaire", "expected a mapping with household and member")
    tables = {}
    for name in ("household", "member"):
        items = raw.get(name) or []
        expect(isinstance(items, list), f"questionnaire.{name}", "expected a list of questions")
        tables[name] = tuple(_question(item, f"questionnaire.{name}[{i}]") for i, item in enumerate(items))
        ids = {q.id for q in tables[name]}
        expect("household_id" in ids, f"questionnaire.{name}", "must ask for household_id")
    expect("member_id" in {q.id for q in tables["member"]}, "questionnaire.member", "must ask for member_id")
    return Questionnaire(household=tables["household"], member=tables["member"])


def _question(raw: Any, key: str) -> Question:
    expect(isinstance(raw, dict), key, "expected a mapping")
    kind = raw.get("type")
    expect(kind in TYPES, f"{key}.type", f"must be one of {', '.join(TYPES)}")
    codes = tuple(str(code) for code in raw.get("codes") or [])
    expect(kind != "code" or bool(codes), f"{key}.codes", "a code question needs its list of codes")
    relevant = raw.get("relevant")
    if relevant is not None:
        compile_condition(relevant, f"{key}.relevant")
    return Question(
        id=text(raw, "id", key),
        type=str(kind),
        label=labels(raw, "label", key),
        required=bool(raw.get("required", False)),
        codes=codes,
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        unit=str(raw.get("unit", "")),
        relevant=relevant,
    )
