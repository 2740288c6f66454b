"""An answer as a person reads it: a code by its name, yes or no for 1/0, a number with its thousands grouped.

The stored answers keep their codes (``drilled_well``, 1, 1500000); every page shows them through
:func:`shown`, so no raw code reaches a cadre or a meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from povmis.core.questionnaire import Question
from povmis.core.standard import Standard
from povmis.registry.xlsform_labels import CODE_LABELS

NONE = "—"


def questions(standard: Standard | None) -> dict[str, Question]:
    """The standard's questions by id, household and member alike."""
    if standard is None:
        return {}
    return {q.id: q for table in ("household", "member") for q in standard.questionnaire.table(table)}


def shown(question: Question | None, value: Any) -> str:
    """``value`` for the page, in the page's language, as ``question`` asks it (a code, yes/no, a number)."""
    if value is None or value == "":
        return NONE
    kind = question.type if question else ""
    if kind == "boolean" or (kind == "" and isinstance(value, bool)):
        return _("Yes") if str(value).lower() in {"1", "true", "yes"} else _("No")
    if kind == "code":
        return code_name(str(value))
    if kind in {"integer", "decimal"} or isinstance(value, int | float):
        return _number(value)
    return str(value)


def code_name(code: str) -> str:
    """A code's name in the page's language (Vietnamese, or English for every other), the code if it has none."""
    names = CODE_LABELS.get(code)
    if not names:
        return code
    return names["vi"] if (get_language() or "vi").startswith("vi") else names.get("en", code)


def shown_answers(standard: Standard | None, answers: Mapping[str, Any]) -> dict[str, str]:
    found = questions(standard)
    return {key: shown(found.get(key), value) for key, value in answers.items()}


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    places = None if number.is_integer() else 1
    return number_format(int(number) if places is None else number, decimal_pos=places, force_grouping=True)
