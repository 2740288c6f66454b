"""Each indicator's rule written out in the page's language, with the household's answers it reads.

The household page shows, beside "deprived: yes/no", the rule from the standard and the answers the
rule looked at, so a cadre can explain the class at the village meeting without the YAML file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from povmis.core.conditions import condition_columns
from povmis.core.questionnaire import Question
from povmis.core.standard import Indicator, Standard
from povmis.registry.explanation import Member
from povmis.registry.views.answers import code_name, questions, shown

SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
RULE_PARTS = ("among", "deprived_if", "counts")


@dataclass(frozen=True)
class RuleView:
    text: str
    # (question label, the household's answer or each member's answers joined)
    answers: list[tuple[str, str]]


def _lang() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def labels_of(standard: Standard) -> dict[str, str]:
    lang = _lang()
    names = {q.id: q.label[lang] for table in ("household", "member") for q in standard.questionnaire.table(table)}
    names.update({d.id: d.label[lang] for d in standard.derived})
    return names


def describe(indicator: Indicator, names: Mapping[str, str], asked: Mapping[str, Question] | None = None) -> str:
    rule = indicator.rule
    if rule["kind"] == "any_member":
        return _("a member with %(among)s for whom %(condition)s") % {
            "among": condition_text(rule["among"], names, asked),
            "condition": condition_text(rule["deprived_if"], names, asked),
        }
    if rule["kind"] == "member_share":
        return _("more than %(share)s%% of members with %(condition)s") % {
            "share": round(float(rule["above"]) * 100),
            "condition": condition_text(rule["counts"], names, asked),
        }
    return condition_text(rule["deprived_if"], names, asked)


def condition_text(
    condition: Mapping[str, Any], names: Mapping[str, str], asked: Mapping[str, Question] | None = None
) -> str:
    if "column" in condition:
        column = names.get(str(condition["column"]), str(condition["column"]))
        if "in" in condition:
            return _("%(column)s is one of: %(values)s") % {"column": column, "values": _codes(condition["in"])}
        if "not_in" in condition:
            return _("%(column)s is none of: %(values)s") % {
                "column": column,
                "values": _codes(condition["not_in"]),
            }
        op = next(op for op in SYMBOLS if op in condition)
        question = (asked or {}).get(str(condition["column"]))
        value = shown(question, condition[op]) if question else condition[op]
        return f"{column} {SYMBOLS[op]} {value}"
    if "not" in condition:
        return _("not (%(condition)s)") % {"condition": condition_text(condition["not"], names, asked)}
    if "of" in condition:
        listed = "; ".join(condition_text(part, names, asked) for part in condition["of"])
        return _("at least %(count)s of: %(conditions)s") % {"count": condition["at_least"], "conditions": listed}
    joiner = _(" and ") if "all" in condition else _(" or ")
    parts = [condition_text(part, names, asked) for part in condition.get("all") or condition.get("any") or []]
    return "(" + joiner.join(parts) + ")" if len(parts) > 1 else "".join(parts)


def rule_views(standard: Standard, answers: Mapping[str, Any] | None, members: list[Member]) -> dict[str, RuleView]:
    names = labels_of(standard)
    asked = questions(standard)
    values = dict(answers or {})
    for derived in standard.derived:
        values.setdefault(derived.id, _derived(derived.divide, values, members))
    views = {}
    for indicator in standard.indicators:
        used = sorted(set().union(*(condition_columns(indicator.rule.get(p, {})) for p in RULE_PARTS)))
        shown = [(names.get(column, column), _answer(asked.get(column), column, values, members)) for column in used]
        views[indicator.id] = RuleView(describe(indicator, names, asked), shown)
    return views


def _derived(divide: tuple[str, str], values: Mapping[str, Any], members: list[Member]) -> float | None:
    numerator, denominator = (
        values.get(divide[0]),
        len(members) if divide[1] == "member_count" else values.get(divide[1]),
    )
    if numerator is None or not denominator:
        return None
    return round(float(numerator) / float(denominator), 1)


def _answer(question: Question | None, column: str, values: Mapping[str, Any], members: list[Member]) -> str:
    if column in values:
        return shown(question, values[column])
    return "; ".join(f"{m.member_code}: {shown(question, m.answers.get(column))}" for m in members) or "—"


def _codes(codes: list[Any]) -> str:
    return ", ".join(code_name(str(code)) for code in codes)
