"""The programmes as data: the shipped files load, and a broken one says which key is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from povmis.core.programmes.definition import available_programmes, load_programme, programmes_dir
from povmis.core.programmes.fields import ProgrammeError
from povmis.core.programmes.indicators import load_indicators
from povmis.core.programmes.schedule import load_schedule, parse_schedule


def test_the_three_programmes_are_shipped() -> None:
    assert available_programmes() == ["ntp-2026-2035", "ntp-em-1719", "ntp-spr-2021-2025"]


def test_the_poverty_programme_has_decision_90s_seven_projects_and_their_sub_projects() -> None:
    programme = load_programme("ntp-spr-2021-2025")
    assert programme.project_ids == ("1", "2", "3", "4", "5", "6", "7")
    assert {p: programme.sub_project_ids(p) for p in programme.project_ids} == {
        "1": ("1.1", "1.2"),
        "2": (),
        "3": ("3.1", "3.2"),
        "4": ("4.1", "4.2", "4.3"),
        "5": (),
        "6": ("6.1", "6.2"),
        "7": ("7.1", "7.2"),
    }
    assert [basis.instrument for basis in programme.legal_basis][:2] == [
        "Resolution 24/2021/QH15",
        "Decision 90/QĐ-TTg",
    ]
    assert programme.legal_basis[1].issued_on == dt.date(2022, 1, 18)
    assert programme.not_twice_with == ("ntp-em-1719",)
    assert programme.budget is not None
    assert programme.budget.central_vnd == 48_000_000_000_000
    assert programme.deadline.for_year(2024) == dt.date(2025, 1, 31)
    assert programme.unknowns == ()


def test_the_merged_programme_keeps_what_is_not_yet_published_as_unknown() -> None:
    programme = load_programme("ntp-2026-2035")
    assert [b.instrument for b in programme.legal_basis] == ["Resolution 257/2025/QH15", "Decision 417/QĐ-BNNMT"]
    assert programme.unknowns == ("projects[0].sub_projects", "projects[1].sub_projects")
    assert programme.sub_project_ids("1") is None


def test_the_ethnic_minority_programme_has_ten_projects_and_an_unknown_budget() -> None:
    programme = load_programme("ntp-em-1719")
    assert len(programme.projects) == 10
    assert programme.budget is None
    assert "budget" in programme.unknowns


def test_indicators_follow_the_circular_10_model() -> None:
    framework = load_indicators("ntp-spr-2021-2025")
    models = framework.indicator("models")
    assert (models.project, models.unit, models.level, models.targets) == ("2", "models", "output", {2025: 1000.0})
    rate = framework.indicator("poverty_rate_reduction")
    assert (rate.source, rate.baseline, rate.targets) == ("registry", None, dict.fromkeys(range(2022, 2026), 1.0))
    assert framework.indicator("houses").targets is None  # the decision gives no national count


def _write(tmp_path: Path, name: str, change: str) -> Path:
    folder = tmp_path / "ntp-spr-2021-2025"
    folder.mkdir(exist_ok=True)
    for file in (programmes_dir() / "ntp-spr-2021-2025").glob("*.yaml"):
        (folder / file.name).write_bytes(file.read_bytes())
    document = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    exec(change, {"d": document})  # a one-line edit of the parsed document, written in the test
    (folder / name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return folder / name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("d['projects'][1]['id'] = '1'", "projects: at least one project is required, and project ids must be unique"),
        ("d['period']['from'] = 'soon'", "period.from: expected a date YYYY-MM-DD, got 'soon'"),
        ("d['legal_basis'] = []", "legal_basis: at least one instrument is required"),
        ("del d['projects'][3]['name']['en']", "projects[3].name.en: is required (a non-empty text)"),
        ("d['budget']['central_vnd'] = 4.8e13", "budget.central_vnd: must be whole VND (an integer)"),
        ("d['spending_deadline']['month'] = 13", "spending_deadline: not a day of the year"),
    ],
)
def test_a_broken_programme_file_names_the_file_and_the_key(tmp_path: Path, change: str, message: str) -> None:
    path = _write(tmp_path, "programme.yaml", change)
    with pytest.raises(ProgrammeError) as error:
        load_programme(path)
    assert str(error.value).startswith(f"{path}: {message}")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("d['indicators'][3]['project'] = '9'", "indicators[3].project: '9' is not a project of ntp-spr-2021-2025"),
        ("d['indicators'][0]['level'] = 'result'", "indicators[0].level: must be one of output, outcome, impact"),
        ("d['indicators'][0]['disaggregations'] = ['age']", "indicators[0].disaggregations: unknown ['age']"),
        ("d['indicators'][4]['targets'] = {'2025': 1000}", "indicators[4].targets.2025: expected a year"),
        ("d['indicators'][1]['code'] = d['indicators'][0]['code']", "indicators: codes must be unique"),
    ],
)
def test_a_broken_indicator_file_names_the_file_and_the_key(tmp_path: Path, change: str, message: str) -> None:
    path = _write(tmp_path, "indicators.yaml", change)
    with pytest.raises(ProgrammeError) as error:
        load_indicators(path, load_programme(path.parent / "programme.yaml"))
    assert str(error.value).startswith(f"{path}: {message}")


def test_the_expected_path_is_straight_between_its_points_and_ends_at_the_spending_deadline() -> None:
    schedule = load_schedule("ntp-spr-2021-2025")
    assert schedule.expected_share(dt.date(2025, 3, 31)) == 0.15
    assert schedule.expected_share(dt.date(2025, 2, 14)) == round(0.15 * 44 / 89, 6)
    assert schedule.expected_share(dt.date(2026, 1, 31), plan_year=2025) == 1.0
    assert schedule.expected_share(dt.date(2026, 6, 1), plan_year=2025) == 1.0
    assert schedule.deadline(2025) == dt.date(2026, 1, 31)


def test_a_province_schedule_replaces_the_default(tmp_path: Path) -> None:
    folder = tmp_path / "ntp-spr-2021-2025"
    folder.mkdir()
    own = {
        "legal_reference": "Plan 12/KH-UBND",
        "confidence": "C",
        "tolerance": 0.05,
        "warn_weeks_before_deadline": 8,
        "points": [{"by": "12-31", "share": 1.0}],
    }
    (folder / "schedule-66.yaml").write_text(yaml.safe_dump(own), encoding="utf-8")
    assert load_schedule("ntp-spr-2021-2025", "66", tmp_path).expected_share(dt.date(2025, 7, 2)) == round(182 / 364, 6)


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([{"by": "06-30", "share": 0.5}, {"by": "03-31", "share": 0.6}], "points[1]: dates must increase"),
        ([{"by": "13-01", "share": 0.5}], "points[0].by: expected MM-DD or next-MM-DD, got '13-01'"),
        ([{"by": "02-29", "share": 0.5}], "points[0].by: 29 February is not a day of every year"),
        ([{"by": "06-30", "share": 1.5}], "points[0].share: expected a fraction between 0 and 1"),
    ],
)
def test_a_broken_schedule_names_the_point(points: list[dict[str, object]], message: str) -> None:
    document = {"legal_reference": "x", "tolerance": 0.1, "warn_weeks_before_deadline": 4, "points": points}
    with pytest.raises(ProgrammeError, match="^" + message.replace("[", r"\[").replace("]", r"\]")):
        parse_schedule(document)
