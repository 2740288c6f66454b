"""Layered standards: a provincial standard as changes to a national one, and what-if variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from povmis.core.schema import StandardError
from povmis.core.standard import load_standard, standards_dir
from povmis.core.variants import parse_settings, variant


def test_dong_nai_is_the_national_standard_with_its_lines_and_two_deprivations():
    national, dong_nai = load_standard("vn-2022-2025"), load_standard("vn-dongnai-2022-2025")

    assert (dong_nai.id, dong_nai.layer_over) == ("vn-dongnai-2022-2025", "vn-2022-2025")
    assert {line.id: line.values for line in dong_nai.lines} == {
        "poverty": {"rural": 2000000, "urban": 2500000},
        "average_upper": {"rural": 3000000, "urban": 3750000},
    }
    assert [rule.deprivations_at_least for c in dong_nai.classes for rule in c.rules] == [2, None, None, None]
    assert dong_nai.indicators == national.indicators
    assert dong_nai.line("poverty").legal_reference.startswith("Đồng Nai provincial standard")
    assert dong_nai.effective_to.isoformat() == "2025-12-31"


def test_a_layers_hash_is_of_its_resolved_content_so_a_change_to_its_base_changes_it(tmp_path, monkeypatch):
    for name in ("vn-2022-2025", "vn-dongnai-2022-2025"):
        shutil.copytree(standards_dir() / name, tmp_path / name)
    monkeypatch.setenv("POVMIS_STANDARDS_DIR", str(tmp_path))
    before = load_standard("vn-dongnai-2022-2025").content_hash
    base = tmp_path / "vn-2022-2025" / "standard.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("above: 0.5", "above: 0.4"), encoding="utf-8")

    after = load_standard("vn-dongnai-2022-2025")
    assert after.content_hash != before
    assert after.indicator("dependants").rule["above"] == 0.4


def _layer(tmp_path: Path, monkeypatch, changes: str) -> Path:
    shutil.copytree(standards_dir() / "vn-2022-2025", tmp_path / "vn-2022-2025")
    (tmp_path / "layer").mkdir()
    path = tmp_path / "layer" / "standard.yaml"
    path.write_text(
        "id: layer\nlayer_over: vn-2022-2025\nlegal_reference: a provincial act\nchanges:\n" + changes, encoding="utf-8"
    )
    monkeypatch.setenv("POVMIS_STANDARDS_DIR", str(tmp_path))
    return path


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ("  - {key: line.poverty.rurl, value: 1, legal_reference: x}\n", "changes[0]: line.poverty.rurl: unknown area"),
        (
            "  - {key: line.rural, value: -5, legal_reference: x}\n",
            "changes[0]: line.rural: must be a positive integer",
        ),
        ("  - {key: cutoff, value: 2}\n", "changes[0].legal_reference: every change needs its legal source"),
        ("  - {key: indicator.water.lt, value: 2, legal_reference: x}\n", "indicator 'water' has no comparison lt"),
        ("  - {key: klass.poor.cutoff, value: 2, legal_reference: x}\n", "changes[0]: klass.poor.cutoff: unknown key"),
    ],
)
def test_a_bad_change_is_refused_naming_the_file_the_change_and_the_key(tmp_path, monkeypatch, changes, message):
    path = _layer(tmp_path, monkeypatch, changes)
    with pytest.raises(StandardError) as error:
        load_standard("layer")
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_a_layer_over_an_unknown_standard_is_refused(tmp_path, monkeypatch):
    path = _layer(tmp_path, monkeypatch, "  - {key: cutoff, value: 2, legal_reference: x}\n")
    path.write_text(path.read_text(encoding="utf-8").replace("over: vn-2022-2025", "over: vn-2099"), encoding="utf-8")
    with pytest.raises(StandardError, match="layer_over: no such standard 'vn-2099'"):
        load_standard("layer")


def test_no_change_is_the_standard_itself_with_its_hash():
    standard = load_standard("vn-2022-2025")
    assert variant(standard, {}) is standard


def test_a_variant_has_its_own_id_and_hash_and_changes_only_what_it_says():
    standard = load_standard("vn-2022-2025")
    changed = variant(standard, parse_settings(["line.rural=2200000", "indicator.housing_area.lt=10"]))

    assert changed.id == "vn-2022-2025+line.rural=2200000,indicator.housing_area.lt=10"
    assert changed.content_hash != standard.content_hash
    assert changed.line("poverty").values == {"rural": 2200000, "urban": 2000000}
    assert changed.indicator("housing_area").rule["deprived_if"] == {"column": "housing_area_per_person", "lt": 10}
    assert changed.indicators[:7] == standard.indicators[:7]


def test_the_2027_average_band_is_off_until_switched_on():
    standard = load_standard("vn-2027-2030")
    assert standard.class_ids == ["poor", "near_poor", "not_poor"]
    switched = variant(standard, {"class.average.enabled": True, "line.average_upper.rural": 3000000})
    assert switched.class_ids == ["poor", "near_poor", "average", "not_poor"]
    assert switched.line("average_upper").values["rural"] == 3000000


def test_the_2027_indicators_are_the_2022_ones_less_information_assets_plus_waste():
    old = [i.id for i in load_standard("vn-2022-2025").indicators]
    new = [i.id for i in load_standard("vn-2027-2030").indicators]
    assert sorted(new) == sorted([i for i in old if i != "information_assets"] + ["waste"])
    assert "uses_digital_services" in str(load_standard("vn-2027-2030").indicator("telecom").rule)


@pytest.mark.parametrize("setting", ["line.rural", "=5", "cutoff="])
def test_a_setting_without_key_and_value_is_refused_naming_it(setting):
    with pytest.raises(StandardError, match="expected KEY=VALUE"):
        parse_settings([setting])
