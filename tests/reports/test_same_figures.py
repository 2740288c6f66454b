"""One unit, one year: the page, the XLSX, the PDF's text, the API and `povmis figures` give the same figures,
with unclassified and moved-out households present."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from povmis.monitoring.summaries import rebuild_summary
from povmis.registry.models import HouseholdResult, ReviewCycle
from povmis.registry.services import classify_cycle, import_survey, open_cycle
from tests.reports.dataset import NEAR_POOR, NOT_POOR, POOR, _row, _survey

pytestmark = pytest.mark.django_db(transaction=True)
POVMIS = Path(sys.executable).with_name("povmis")
# Households of Tân Lợi (24121): the figures compared are that commune's.
UNCLASSIFIED = NEAR_POOR


@pytest.fixture
def reviewed(world):
    """2023: H1, H6 poor; H4 near-poor; H7 near-poor. 2024: H1 near-poor, H4 poor, H5 poor (new), H7 unanswerable;
    H6 answered nothing (moved out), so 2024 has an unclassified household and a poor one that left."""
    admin = world.personas["admin"]
    open_cycle(2023, user=admin, standard_id="vn-2022-2025")
    first = [_row("H1", "24121", POOR), _row("H6", "24121", POOR), _row("H4", "24121", NEAR_POOR),
             _row("H7", "24121", NEAR_POOR), _row("H3", "24400", NOT_POOR)]  # fmt: skip
    import_survey(_survey(first), year=2023, user=admin, commit=True)
    classify_cycle(ReviewCycle.objects.get(year=2023), user=admin)
    second = [_row("H1", "24121", NEAR_POOR), _row("H4", "24121", POOR), _row("H5", "24121", POOR),
              _row("H7", "24121", UNCLASSIFIED), _row("H3", "24400", POOR)]  # fmt: skip
    import_survey(_survey(second), year=2024, user=admin, commit=True)
    run = classify_cycle(world.cycle, user=admin)
    # The classifier leaves the class empty when a household's answers fail its checks; the import refuses
    # most such rows first, so the state is arranged here: H7's 2024 result without a class.
    HouseholdResult.objects.filter(household__code="H7", run=run).update(household_class="")
    rebuild_summary(run.pk, 2024)
    return world


def _api(world, persona: str, path: str):
    client = Client()
    client.force_login(world.personas[persona])
    return client.get(path)


def _database_url() -> str:
    """The test database, for a subprocess (the data are committed: the tests run with transaction=True)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _cli(*arguments: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    done = subprocess.run([str(POVMIS), "figures", *arguments, "--json"], env=env, capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_page_the_workbook_the_pdf_the_api_and_the_command_line_agree(reviewed):
    api = _api(reviewed, "cadre", "/api/figures/2024?unit=24121").json()
    cli = _cli("--year", "2024", "--unit", "24121")
    assert api == cli
    assert (cli["households"], cli["classified"], cli["unclassified"], cli["poor"], cli["near_poor"]) == (4, 3, 1, 2, 1)
    assert cli["poverty_rate"] == 2 / 3
    poor = cli["flows"]["poor"]
    assert poor == {"start": 2, "stayed": 0, "escaped": 1, "moved_out": 1, "unclassified": 0, "newly_poor": 1,
                    "fell_back": 0, "moved_in": 1, "end": 2}  # fmt: skip
    assert poor["end"] == poor["start"] - poor["escaped"] - poor["moved_out"] + poor["newly_poor"] + poor[
        "fell_back"] + poor["moved_in"] == cli["poor"]  # fmt: skip
    assert cli["flows"]["near_poor"]["unclassified"] == 1  # H7: near-poor in 2023, answers unusable in 2024

    page = _api(reviewed, "cadre", "/monitoring/?unit=24121")
    year_row = next(row for row in page.context["yearly"] if row["year"] == 2024)
    assert {k: year_row[k] for k in ("households", "classified", "unclassified", "poor", "near_poor")} == {
        k: cli[k] for k in ("households", "classified", "unclassified", "poor", "near_poor")
    }
    assert year_row["poor_rate"] == cli["poverty_rate"] * 100
    moves = _api(reviewed, "cadre", "/monitoring/transitions/?unit=24121&year=2024").context["stocks"]
    assert {row["flow"]: row["households"] for row in moves[0]["flows"]} == poor

    book = openpyxl.load_workbook(io.BytesIO(_api(reviewed, "cadre", "/reports/2024/tables.xlsx").content))
    summary = next(book["Biểu 01"].iter_rows(min_row=7, values_only=True))
    assert (summary[2], summary[3], summary[4], summary[5]) == (4, 2, cli["poverty_rate"] * 100, 1)
    assert summary[-2:] == (3, 1)
    movement = next(book["Biểu 02"].iter_rows(min_row=7, values_only=True))
    assert list(movement[2:]) == [poor[k] for k in ("start", "escaped", "moved_out", "newly_poor", "fell_back",
                                                     "moved_in", "end")]  # fmt: skip

    pdf = _api(reviewed, "cadre", "/reports/summary.pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"{cli['poverty_rate'] * 100:,.2f}" in text  # 66.67, the same rate of the classified households
    assert "Đang thực hiện" not in text


def test_a_cadre_of_another_commune_gets_nothing_from_the_figures_api(reviewed):
    assert _api(reviewed, "other_cadre", "/api/figures/2024?unit=24121").status_code == 404
    assert _api(reviewed, "other_cadre", "/api/figures/2024/units?unit=643").status_code == 404
    assert _api(reviewed, "outsider", "/api/figures/2024").status_code in {401, 403}


def test_the_command_line_refuses_a_year_never_classified(reviewed):
    env = {**os.environ, "DATABASE_URL": _database_url()}
    done = subprocess.run([str(POVMIS), "figures", "--year", "1999", "--json"], capture_output=True, text=True,
                          check=False, env=env)  # fmt: skip
    assert done.returncode == 1
    assert "no classified review for 1999 (classified: 2023, 2024)" in done.stderr
