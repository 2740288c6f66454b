"""The scenarios written next to each standard, run as the law's own test cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from povmis.core.classify import classify
from povmis.core.standard import load_standard, standards_dir


def _scenarios() -> list[Any]:
    cases = []
    for path in sorted(standards_dir().glob("*/scenarios.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for scenario in document["scenarios"]:
            cases.append(pytest.param(document, scenario, id=f"{document['standard']}: {scenario['name']}"))
    return cases


def _frames(document: dict[str, Any], scenario: dict[str, Any]) -> tuple[pl.DataFrame, pl.DataFrame]:
    household = {"household_id": "h", **document["defaults"]["household"], **scenario.get("household", {})}
    members = scenario.get("members", document["defaults"]["members"])
    # A question left out of a scenario's member is an unanswered (not applicable) question.
    asked = [q.id for q in load_standard(document["standard"]).questionnaire.member]
    blank = dict.fromkeys(asked)
    rows = [{**blank, "household_id": "h", "member_id": str(i), **m} for i, m in enumerate(members, 1)]
    return pl.DataFrame([household]), pl.DataFrame(rows)


@pytest.mark.parametrize(("document", "scenario"), _scenarios())
def test_scenario_gets_the_class_and_deprivations_the_law_gives(
    document: dict[str, Any], scenario: dict[str, Any]
) -> None:
    standard = load_standard(document["standard"])
    households, members = _frames(document, scenario)
    result = classify(households, members, standard)
    assert result.issues.to_dicts() == []
    row = result.households.row(0, named=True)
    deprived = sorted(ind.id for ind in standard.indicators if row[ind.flag])
    assert (row["class"], deprived) == (scenario["expect"]["class"], sorted(scenario["expect"]["deprived"]))
    assert row["deprivation_count"] == len(deprived)


def test_every_standard_folder_has_scenarios() -> None:
    folders = sorted(p.parent for p in Path(standards_dir()).glob("*/standard.yaml"))
    assert [f.name for f in folders if not (f / "scenarios.yaml").is_file()] == []
