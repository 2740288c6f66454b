"""Loading a standard: the shipped ones load, and a broken file says which key is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from povmis.core.schema import StandardError
from povmis.core.standard import available_standards, load_standard, standards_dir


def test_the_2022_2025_standard_has_the_decrees_lines_and_twelve_indicators() -> None:
    standard = load_standard("vn-2022-2025")
    assert {line.id: line.values for line in standard.lines} == {
        "poverty": {"rural": 1_500_000, "urban": 2_000_000},
        "average_upper": {"rural": 2_250_000, "urban": 3_000_000},
    }
    assert [ind.id for ind in standard.indicators] == [
        "employment",
        "dependants",
        "nutrition",
        "health_insurance",
        "adult_education",
        "school_attendance",
        "housing_quality",
        "housing_area",
        "water",
        "latrine",
        "telecom",
        "information_assets",
    ]
    assert len(standard.dimensions) == 6
    assert standard.class_ids == ["poor", "near_poor", "average", "not_poor"]


def test_every_shipped_standard_loads() -> None:
    assert "vn-2022-2025" in available_standards()
    for name in available_standards():
        assert load_standard(name).id == name


def test_the_content_hash_changes_with_the_file(tmp_path: Path) -> None:
    original = standards_dir() / "vn-2022-2025" / "standard.yaml"
    copy = tmp_path / "standard.yaml"
    copy.write_text(original.read_text(encoding="utf-8").replace("1500000", "1600000"), encoding="utf-8")
    assert load_standard(copy).content_hash != load_standard("vn-2022-2025").content_hash


def _broken(tmp_path: Path, change: str) -> Path:
    document = yaml.safe_load((standards_dir() / "vn-2022-2025" / "standard.yaml").read_text(encoding="utf-8"))
    exec(change, {"d": document})  # a one-line edit of the parsed document, written in the test
    path = tmp_path / "standard.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("d['income']['lines'][0]['values'].pop('urban')", "income.lines[0].values: needs rural and urban"),
        ("d['indicators'][0]['rule']['kind'] = 'somebody'", "indicators[0].rule.kind: must be one of"),
        (
            "d['indicators'][7]['rule']['deprived_if']['column'] = 'floor_area'",
            "indicators[7].rule.deprived_if: 'floor_area' is not a household question",
        ),
        (
            "d['indicators'][2]['dimension'] = 'wealth'",
            "indicators[2].dimension: 'wealth' is not a declared dimension",
        ),
        ("d['classes'][0]['rules'][0]['income_at_or_below'] = 'povety'", "unknown income line povety"),
        ("d['indicators'][3]['label'].pop('vi')", "indicators[3].label.vi: is required"),
        (
            "d['indicators'][9]['rule']['deprived_if'] = {'column': 'latrine', 'in': []}",
            "indicators[9].rule.deprived_if.in: expected a non-empty list",
        ),
        (
            "d['questionnaire']['member'][2]['type'] = 'number'",
            "questionnaire.member[2].type: must be one of",
        ),
        ("d['classes'].pop()", "the last class must end with an empty rule"),
    ],
)
def test_a_broken_standard_names_the_key_and_what_is_wrong(tmp_path: Path, change: str, message: str) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(StandardError) as error:
        load_standard(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_an_unknown_standard_lists_the_known_ones() -> None:
    with pytest.raises(StandardError, match=r"vn-1999: no such standard \(known: .*vn-2022-2025"):
        load_standard("vn-1999")
