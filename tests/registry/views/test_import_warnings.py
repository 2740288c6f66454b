"""The dry run's page lists the errors one by one, first, and folds the same warning on many rows into one line."""

from __future__ import annotations

from povmis.registry.views.imports import warning_groups


def _issue(row: int, severity: str, column: str, en: str, household: str) -> dict[str, object]:
    return {
        "file": "households.csv", "row": row, "column": column, "household_id": household, "member_id": None,
        "value": "", "severity": severity, "message_vi": f"vi: {en}", "message_en": en,
    }  # fmt: skip


def test_two_hundred_and_fifty_same_warnings_are_one_line_with_their_count_and_five_households() -> None:
    jumps = [_issue(i + 2, "warning", "income_per_capita", "income changed", f"H{i}") for i in range(250)]
    ages = [
        _issue(300, "warning", "age", "age does not match", "H9"),
        _issue(301, "warning", "age", "age does not match", "H9"),
    ]
    errors = [_issue(5, "error", "household_id", "household has no members", "H7")]
    assert warning_groups([*errors, *jumps, *ages]) == [
        {"column": "income_per_capita", "message_vi": "vi: income changed", "message_en": "income changed",
         "count": 250, "households": ["H0", "H1", "H2", "H3", "H4"]},
        {"column": "age", "message_vi": "vi: age does not match", "message_en": "age does not match",
         "count": 2, "households": ["H9"]},
    ]  # fmt: skip


def test_no_warnings_give_no_groups() -> None:
    assert warning_groups([_issue(5, "error", "household_id", "household has no members", "H7")]) == []
