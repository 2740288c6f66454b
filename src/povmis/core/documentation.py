"""The questionnaire and the rules of a standard, written out as Markdown for survey teams.

docs/questionnaire.md is this text; a test fails when the file and the standard disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from povmis.core.conditions import condition_columns
from povmis.core.questionnaire import Question
from povmis.core.standard import Standard


def questionnaire_markdown(standard: Standard) -> str:
    lines = [
        f"# Survey layout for {standard.id}: {standard.name['en']}",
        "",
        f"_{standard.name['vi']}_. Legal basis: {standard.legal_reference}.",
        "",
        f"Generated from `standards/{standard.id}/standard.yaml` by "
        f"`povmis standard questionnaire {standard.id}`; do not edit by hand.",
        "Files are CSV, Parquet or XLSX with one column per answer, named exactly as below. Booleans are",
        "`0` (no) or `1` (yes). A question with a condition is answered only for the members it applies to;",
        "leave it empty for the others. Rows are numbered in error reports as a spreadsheet shows them",
        "(the header is row 1).",
        "",
    ]
    for table, title in (("household", "Household table"), ("member", "Member table (one row per member)")):
        lines += [
            f"## {title}",
            "",
            "| column | type | allowed values | required | asked when | label (vi / en) |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_row(question) for question in standard.questionnaire.table(table)]
        lines.append("")
    lines += [
        "## Indicators and the answers they use",
        "",
        "| indicator | dimension | deprived when | answers | confidence | legal reference |",
        "|---|---|---|---|---|---|",
    ]
    for indicator in standard.indicators:
        used = sorted(
            set().union(*(condition_columns(indicator.rule.get(p, {})) for p in ("among", "deprived_if", "counts")))
        )
        lines.append(
            f"| `{indicator.id}` | {indicator.dimension} | {indicator.reason['en']} | "
            f"{', '.join(f'`{c}`' for c in used)} | {indicator.confidence} | {indicator.legal_reference} |"
        )
    lines += [
        "",
        "## Income lines",
        "",
        f"Unit: {standard.income_unit}.",
        "",
        "| line | rural | urban | confidence | legal reference |",
        "|---|---|---|---|---|",
    ]
    for line in standard.lines:
        lines.append(
            f"| {line.label['en']} | {line.values['rural']:,} | {line.values['urban']:,} | "
            f"{line.confidence} | {line.legal_reference} |"
        )
    lines += ["", "## Classes (the first rule that holds decides)", ""]
    for household_class in standard.classes:
        rules = "; or ".join(rule.describe(standard, "en") for rule in household_class.rules)
        lines.append(f"- **{household_class.id}** ({household_class.label['vi']}): {rules}")
    return "\n".join(lines) + "\n"


def _row(question: Question) -> str:
    allowed = ", ".join(f"`{code}`" for code in question.codes) if question.codes else _range(question)
    when = _condition_text(question.relevant) if question.relevant else "always"
    return (
        f"| `{question.id}` | {question.type} | {allowed} | {'yes' if question.required else 'no'} | "
        f"{when} | {question.label['vi']} / {question.label['en']} |"
    )


def _range(question: Question) -> str:
    if question.type == "boolean":
        return "`0`, `1`"
    if question.minimum is None and question.maximum is None:
        return ""
    unit = f" {question.unit}" if question.unit else ""
    return f"{_number(question.minimum)} to {_number(question.maximum)}{unit}"


def _number(value: float | None) -> str:
    if value is None:
        return "…"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "in": "in", "not_in": "not in"}


def _condition_text(condition: Mapping[str, Any]) -> str:
    if "column" in condition:
        op = next(op for op in SYMBOLS if op in condition)
        return f"{condition['column']} {SYMBOLS[op]} {condition[op]}"
    parts = condition.get("all") or condition.get("any") or []
    joiner = " and " if "all" in condition else " or "
    return joiner.join(_condition_text(part) for part in parts)
