"""`povmis review`, `povmis units` and Django's commands under `povmis`: the same services as the pages."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner, Result

from povmis.cli import main
from povmis.registry.models import (
    AuditEntry,
    ClassificationRun,
    CommuneReview,
    HouseholdResult,
    HouseholdSurvey,
    ReviewCycle,
    Stage,
    StageChange,
)
from povmis.registry.samples import csv_bytes, household, member
from povmis.units.models import AdminUnit


def invoke(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


@pytest.fixture
def survey_files(tmp_path: Path) -> tuple[Path, Path]:
    """H1 valid, H4 with an impossible age (rejected), both in Tân Lợi."""
    households = tmp_path / "households.csv"
    members = tmp_path / "members.csv"
    households.write_bytes(csv_bytes([household(), household(household_id="H4", village_code="")]))
    members.write_bytes(csv_bytes([member(), member(household_id="H4", age="130")]))
    return households, members


def table_rows(output: str) -> list[list[str]]:
    """The cells of the rows of the tables a command printed."""
    return [
        [cell.strip() for cell in line.strip("│").split("│")] for line in output.splitlines() if line.startswith("│")
    ]


def import_args(files: tuple[Path, Path], *extra: str) -> list[str]:
    return ["review", "import", str(files[0]), "--members", str(files[1]), "--year", "2024", *extra]


@pytest.mark.django_db
def test_a_dry_import_prints_its_effect_and_the_issues_by_file_row_and_column(world, survey_files):
    result = invoke(*import_args(survey_files, "--user", "cadre", "--quiet"))
    assert result.exit_code == 0, result.output
    assert table_rows(result.output) == [
        ["1", "0", "0", "1"],  # new, changed, unchanged, rejected
        ["members.csv", "3", "age", "error", "'130': lớn hơn mức tối đa 120 / above the maximum 120"],
    ]
    assert "dry run: nothing was written; run again with --commit to land it" in result.output
    assert HouseholdSurvey.objects.count() == 0


@pytest.mark.django_db
def test_the_issue_report_holds_every_issue_with_its_place(world, survey_files, tmp_path):
    report = tmp_path / "errors.xlsx"
    result = invoke(*import_args(survey_files, "--user", "cadre", "--quiet", "--report", str(report)))
    assert result.exit_code == 0, result.output
    issues = pl.read_excel(report)
    assert issues.select("file", "row", "column", "value", "severity", "message_en").rows() == [
        ("members.csv", 3, "age", "130", "error", "above the maximum 120"),
    ]


@pytest.mark.django_db
def test_a_committed_import_lands_and_the_audit_log_names_the_user(world, survey_files):
    result = invoke(*import_args(survey_files, "--user", "cadre", "--quiet", "--commit"))
    assert result.exit_code == 0, result.output
    assert "committed as import" in result.output
    assert list(HouseholdSurvey.objects.values_list("household__code", flat=True)) == ["H1"]
    assert list(AuditEntry.objects.values_list("household__code", "changed_by__username")) == [("H1", "cadre")]


@pytest.mark.django_db
def test_an_import_needs_a_user_and_a_known_one(world, survey_files):
    assert "Missing option '--user'" in invoke(*import_args(survey_files)).output
    unknown = invoke(*import_args(survey_files, "--user", "nobody"))
    assert (unknown.exit_code, "no user named 'nobody'" in unknown.output) == (2, True)


@pytest.mark.django_db
def test_a_user_outside_the_commune_cannot_import_its_households(world, survey_files):
    result = invoke(*import_args(survey_files, "--user", "other_cadre", "--quiet", "--commit"))
    assert result.exit_code == 0, result.output
    assert "the household is in a commune outside your area" in result.output
    assert HouseholdSurvey.objects.count() == 0


@pytest.mark.django_db
def test_classify_stores_a_class_per_household_and_prints_the_counts(world, survey_files):
    invoke(*import_args(survey_files, "--user", "cadre", "--quiet", "--commit"))
    result = invoke("review", "classify", "--year", "2024", "--user", "province", "--quiet")
    assert result.exit_code == 0, result.output
    run = ClassificationRun.objects.get()
    assert (run.ran_by.username, run.household_count) == ("province", 1)
    assert list(HouseholdResult.objects.values_list("household__code", "household_class")) == [("H1", "near_poor")]
    assert table_rows(result.output) == [["near_poor", "1", "100.00%"], ["total", "1", "100.00%"]]


@pytest.mark.django_db
def test_a_commune_cadre_may_not_classify_the_province(world):
    result = invoke("review", "classify", "--year", "2024", "--user", "cadre", "--quiet")
    assert (result.exit_code, result.output) == (
        1,
        "Error: only the province or an administrator classifies a review cycle\n",
    )
    assert ClassificationRun.objects.count() == 0


@pytest.mark.django_db
def test_open_creates_a_cycle_once(world):
    result = invoke("review", "open", "--year", "2025", "--standard", "vn-2022-2025", "--user", "province")
    assert (result.exit_code, result.output) == (0, "opened the 2025 review under vn-2022-2025\n")
    assert ReviewCycle.objects.get(year=2025).standard_id == "vn-2022-2025"
    again = invoke("review", "open", "--year", "2025", "--user", "province")
    assert (again.exit_code, again.output) == (1, "Error: a 2025 review already exists\n")


@pytest.mark.django_db
def test_a_review_of_an_unknown_year_says_how_to_open_it(world):
    result = invoke("review", "close", "--year", "2030", "--user", "province")
    assert (result.exit_code, result.output) == (
        1,
        "Error: there is no 2030 review; open it with: povmis review open --year 2030\n",
    )


@pytest.mark.django_db
def test_advance_moves_a_commune_one_step_and_records_who(world):
    CommuneReview.objects.create(cycle=world.cycle, commune=world.c1)
    result = invoke("review", "advance", "--year", "2024", "--commune", "24121", "--user", "cadre", "--note", "BB 12")
    assert (result.exit_code, result.output) == (0, "commune 24121: survey → village_meeting\n")
    change = StageChange.objects.get()
    assert (change.to_stage, change.changed_by.username, change.note) == (Stage.VILLAGE_MEETING, "cadre", "BB 12")


@pytest.mark.django_db
def test_advance_names_a_commune_without_a_list(world):
    result = invoke("review", "advance", "--year", "2024", "--commune", "24400", "--user", "other_cadre")
    assert (result.exit_code, result.output) == (
        1,
        "Error: commune 24400 has no list in the 2024 review yet: import its survey first\n",
    )


@pytest.mark.django_db
def test_close_waits_for_every_commune_to_be_approved(world):
    CommuneReview.objects.create(cycle=world.cycle, commune=world.c1)
    refused = invoke("review", "close", "--year", "2024", "--user", "province")
    assert (refused.exit_code, refused.output) == (1, "Error: 1 commune(s) are not yet approved by the province\n")
    CommuneReview.objects.update(stage=Stage.PROVINCE_APPROVED)
    closed = invoke("review", "close", "--year", "2024", "--user", "province")
    assert (closed.exit_code, closed.output) == (0, "closed the 2024 review\n")
    assert ReviewCycle.objects.get(year=2024).closed_by.username == "province"


@pytest.mark.django_db
def test_units_load_creates_units_and_their_successions(world, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code\n24125,Hòa Thắng,commune,643\n24126,Hòa Phú,commune,643\n")
    successions = tmp_path / "successions.csv"
    successions.write_text(
        "predecessor_code,successor_code,kind,effective,share\n24125,24126,merged_into,2025-07-01,1\n"
    )
    result = invoke("units", "load", str(units), "--successions", str(successions), "--user", "admin")
    assert (result.exit_code, result.output) == (
        0,
        "2 unit(s) loaded from units.csv\n1 succession(s) loaded from successions.csv\n",
    )
    assert AdminUnit.objects.get(code="24126").path == "66/643/24126/"
    assert list(AdminUnit.objects.get(code="24125").successions.values_list("successor__code", flat=True)) == ["24126"]


@pytest.mark.django_db
def test_only_an_administrator_loads_units(world, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code\n24125,Hòa Thắng,commune,643\n")
    result = invoke("units", "load", str(units), "--user", "province")
    assert (result.exit_code, result.output) == (1, "Error: only an administrator loads administrative units\n")


def test_django_commands_run_under_povmis_by_alias_by_manage_and_by_name():
    for arguments in (["check"], ["manage", "check"]):
        result = invoke(*arguments)
        assert (result.exit_code, result.output) == (0, "System check identified no issues (0 silenced).\n")
    assert invoke("migrate", "--help").output.startswith("usage: povmis migrate")


def test_an_unknown_command_is_still_an_error():
    result = invoke("no-such-command")
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Error: No such command 'no-such-command'.")


def test_django_commands_are_listed_once_in_the_help():
    listed = [line.split()[0] for line in invoke("--help").output.splitlines() if line.startswith("  ")]
    assert {"migrate", "runserver", "createsuperuser", "manage", "review", "units"} <= set(listed)
    assert "check" not in listed
