"""`povmis synth` as a user runs it: the files it writes, the same bytes for the same seed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from povmis.cli import main

FILES = [
    "2021/households.parquet",
    "2021/members.parquet",
    "2024/households.parquet",
    "2024/members.parquet",
    "boundaries.geojson",
    "figures.csv",
    "successions.csv",
    "units.csv",
]


def _synth(out: Path, *args: str) -> str:
    result = CliRunner(mix_stderr=False).invoke(main, ["synth", "--out", str(out), "--quiet", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synth_writes_each_year_with_the_unit_tables_and_the_map(tmp_path: Path) -> None:
    stdout = _synth(tmp_path, "--seed", "4", "--households", "3000", "--year", "2021", "--year", "2024")

    assert list(_files(tmp_path)) == FILES
    assert "│ 2024 │      3,000 │  191 │        6.37% │" in stdout
    assert pl.read_csv(tmp_path / "figures.csv")["year"].to_list() == [2021, 2024]


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_households(tmp_path: Path) -> None:
    for name, seed in (("a", "8"), ("b", "8"), ("c", "9")):
        _synth(tmp_path / name, "--seed", seed, "--households", "2000", "--year", "2022")
    first, again, other = (_files(tmp_path / name) for name in "abc")

    assert first == again
    assert [name for name in first if first[name] != other[name]] == ["2022/households.parquet", "2022/members.parquet"]


def test_what_synth_writes_classify_reads_without_a_single_issue(tmp_path: Path) -> None:
    _synth(tmp_path, "--seed", "4", "--households", "3000", "--year", "2023")
    year = tmp_path / "2023"
    result = CliRunner(mix_stderr=False).invoke(
        main,
        ["classify", str(year / "households.parquet"), "--members", str(year / "members.parquet"),
         "-o", str(tmp_path / "classes.parquet"), "--quiet", "--strict"],
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "classes-issues.csv").exists()


def test_synth_refuses_a_standard_whose_questions_it_cannot_answer(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["synth", "--out", str(tmp_path), "--standard", "vn-2016-2020"])

    assert result.exit_code == 1
    assert (
        result.stderr == "Error: vn-2016-2020: the synthetic province cannot answer hears_loudspeaker, sick_untreated\n"
    )
    assert list(tmp_path.iterdir()) == []
