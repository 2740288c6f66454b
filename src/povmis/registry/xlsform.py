"""The household survey as an XLSForm (ODK Collect, KoboToolbox), generated from the standard itself.

The form's questions, codes, ranges, relevance and required flags come from the standard's
questionnaire, the same list the server validates an import against, so the tablet and the server
cannot disagree. What the standard does not hold is only presentation: the labels of the codes
(``CODE_LABELS``; a code without one stops the generator) and the place questions every import needs.
An export of the form's submissions (a main sheet and a ``members`` sheet) imports as it is: see
:mod:`povmis.registry.survey_import.files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xlsxwriter

from povmis.core.questionnaire import Question
from povmis.core.standard import Standard
from povmis.registry.xlsform_labels import CODE_LABELS, PLACE_QUESTIONS, TEXTS

LANGUAGES = {"vi": "Vietnamese (vi)", "en": "English (en)"}
SURVEY_COLUMNS = [
    "type",
    "name",
    *(f"label::{name}" for name in LANGUAGES.values()),
    *(f"hint::{name}" for name in LANGUAGES.values()),
    "required",
    "relevant",
    "constraint",
    *(f"constraint_message::{name}" for name in LANGUAGES.values()),
]
CHOICE_COLUMNS = ["list_name", "name", *(f"label::{name}" for name in LANGUAGES.values())]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "style"]
YES_NO = "yes_no"
XPATH_OPERATORS = {"eq": "=", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

Sheet = list[list[str]]


class FormError(ValueError):
    """The standard asks for something the form cannot say yet (a code without labels, say)."""


def xlsform_sheets(standard: Standard) -> dict[str, Sheet]:
    """The survey, choices and settings sheets, header row first, every cell as text."""
    questions = {q.id: q for q in (*standard.questionnaire.household, *standard.questionnaire.member)}
    survey: Sheet = [SURVEY_COLUMNS]
    survey += _group("begin_group", "location", TEXTS["location"])
    survey += [_row(_place(name), questions) for name in PLACE_QUESTIONS]
    survey += [["end_group", "location"]]
    survey += _group("begin_group", "household", TEXTS["household"])
    survey += [_row(q, questions) for q in standard.questionnaire.household if q.id != "household_id"]
    survey += [["end_group", "household"]]
    survey += _group("begin_repeat", "members", TEXTS["members"])
    # The member's household is the submission itself: the export links the two by _parent_index.
    for question in standard.questionnaire.member:
        if question.id != "household_id":
            survey.append(_row(question, questions))
        if question.id == "member_id":
            survey.append(_row(_place("national_id"), questions))
    survey += [["end_repeat", "members"]]
    return {
        "survey": [_padded(row, len(SURVEY_COLUMNS)) for row in survey],
        "choices": [CHOICE_COLUMNS, *_choices(questions.values())],
        "settings": [SETTINGS_COLUMNS, _settings(standard)],
    }


def write_xlsform(standard: Standard, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": TEXTS["title"]["en"]})
    bold = workbook.add_format({"bold": True})
    for name, rows in xlsform_sheets(standard).items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value, bold if r == 0 else None)
        sheet.freeze_panes(1, 0)
    workbook.close()


def read_sheets(path: Path) -> dict[str, Sheet]:
    """A workbook's cell values as text, trailing empty cells dropped: what :func:`xlsform_sheets` gives."""
    from openpyxl import load_workbook  # noqa: PLC0415  # only the drift check reads a form back

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheets: dict[str, Sheet] = {}
    for sheet in workbook.worksheets:
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        sheets[sheet.title] = [_trimmed(row) for row in rows]
    workbook.close()
    return sheets


def _trimmed(row: list[str]) -> list[str]:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def _padded(row: list[str], width: int) -> list[str]:
    return _trimmed([*row, *[""] * (width - len(row))])


def _group(kind: str, name: str, label: Mapping[str, str]) -> Sheet:
    return [[kind, name, *(label[code] for code in LANGUAGES)]]


def _place(name: str) -> Question:
    return Question(id=name, type="text", label=TEXTS[name], required=name in {"household_id", "commune_code"})


def _row(question: Question, questions: Mapping[str, Question]) -> list[str]:
    hint = TEXTS.get(f"unit:{question.unit}") if question.unit else None
    constraint, message = _constraint(question)
    return [
        _type(question),
        question.id,
        *(question.label[code] for code in LANGUAGES),
        *((hint[code] for code in LANGUAGES) if hint else ("", "")),
        "yes" if question.required else "",
        xpath(question.relevant, questions) if question.relevant else "",
        constraint,
        *(message[code] for code in LANGUAGES),
    ]


def _type(question: Question) -> str:
    return {
        "text": "text",
        "integer": "integer",
        "decimal": "decimal",
        "boolean": f"select_one {YES_NO}",
        "code": f"select_one {question.id}",
    }[question.type]


def _constraint(question: Question) -> tuple[str, dict[str, str]]:
    if question.minimum is None and question.maximum is None:
        return "", {"vi": "", "en": ""}
    bounds = [(">=", question.minimum), ("<=", question.maximum)]
    constraint = " and ".join(f". {op} {_number(value)}" for op, value in bounds if value is not None)
    unit = TEXTS.get(f"unit:{question.unit}", {"vi": question.unit, "en": question.unit})
    return constraint, {
        "vi": f"Từ {_shown(question.minimum, '.')} đến {_shown(question.maximum, '.')} {unit['vi']}".strip(),
        "en": f"From {_shown(question.minimum, ',')} to {_shown(question.maximum, ',')} {unit['en']}".strip(),
    }


def _number(value: float | None) -> str:
    return str(int(value)) if value is not None and float(value).is_integer() else repr(value)


def _shown(value: float | None, thousands: str) -> str:
    """A bound as the enumerator reads it: 1.000.000.000 in Vietnamese, 1,000,000,000 in English."""
    if value is None:
        return "…"
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
    return text.replace(",", thousands)


def xpath(condition: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    """A standard's condition as an XPath expression for ``relevant`` (the same logic, evaluated on the tablet)."""
    if "column" in condition:
        return _comparison(condition, questions)
    if "all" in condition or "any" in condition:
        joiner = " and " if "all" in condition else " or "
        return joiner.join(f"({xpath(part, questions)})" for part in condition.get("all") or condition["any"])
    if "not" in condition:
        return f"not({xpath(condition['not'], questions)})"
    if "at_least" in condition:
        counted = " + ".join(f"number({xpath(part, questions)})" for part in condition["of"])
        return f"({counted}) >= {int(condition['at_least'])}"
    raise FormError(f"cannot write the condition {dict(condition)!r} as XPath")


def _comparison(condition: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    name = str(condition["column"])
    reference = "${" + name + "}"
    question = questions[name]
    if "in" in condition or "not_in" in condition:
        values = condition.get("in") or condition["not_in"]
        either = " or ".join(f"{reference} = {_literal(v, question)}" for v in values)
        return f"({either})" if "in" in condition else f"not({either})"
    op = next(op for op in XPATH_OPERATORS if op in condition)
    return f"{reference} {XPATH_OPERATORS[op]} {_literal(condition[op], question)}"


def _literal(value: Any, question: Question) -> str:
    if question.type in {"code", "text"}:
        return f"'{value}'"
    if question.type == "boolean":
        return f"'{int(value)}'"  # a yes/no question is a choice whose value is the text 0 or 1
    return str(value)


def _choices(questions: Any) -> Sheet:
    rows: Sheet = [
        [YES_NO, "1", *(TEXTS["yes"][c] for c in LANGUAGES)],
        [YES_NO, "0", *(TEXTS["no"][c] for c in LANGUAGES)],
    ]
    for question in questions:
        for code in question.codes:
            if code not in CODE_LABELS:
                raise FormError(f"{question.id}: the code {code!r} has no label; add it to CODE_LABELS")
            rows.append([question.id, code, *(CODE_LABELS[code][c] for c in LANGUAGES)])
    return rows


def _settings(standard: Standard) -> list[str]:
    return [
        f"{TEXTS['title']['vi']} ({standard.id})",
        f"povmis_household_{standard.id.replace('-', '_')}",
        # The standard's content hash: a submission names the exact rules its form came from.
        standard.content_hash[:12],
        LANGUAGES["vi"],
        "pages",
    ]
