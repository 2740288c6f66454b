"""The 2024 round of the monitoring fixture (see conftest.py) classified under vn-2027-2030 beside its official results.

Under vn-2027-2030 the fixture's answers cannot assess dependants, telecom (digital services) or waste:
A1, poor officially for lacking water, a latrine and telecom, keeps two deprivations and is near-poor.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.models import ClassificationRun, HouseholdResult, ReviewCycle, StandardResult, StandardRun
from povmis.registry.services import classify_cycle_under
from povmis.registry.standard_runs import standard_results

pytestmark = pytest.mark.django_db
NEW = "vn-2027-2030"
POVMIS = str(Path(sys.executable).with_name("povmis"))


@pytest.fixture
def both(classified):
    classify_cycle_under(ReviewCycle.objects.get(year=2024), NEW, user=classified.personas["province"])
    return classified


def page(world, persona: str, **params: str):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    return client.get("/monitoring/standards/", params)


def _official() -> list[tuple]:
    return list(HouseholdResult.objects.order_by("pk").values_list("pk", "household_class", "run_id", "transition"))


def test_the_further_standard_is_stored_with_its_id_hash_and_each_households_two_classes(both):
    run = StandardRun.objects.get()
    assert (run.cycle.year, run.standard_id, run.official_standard_id, run.household_count) == (
        2024, NEW, "vn-2022-2025", 6)  # fmt: skip
    assert len(run.standard_hash) == 64
    assert run.not_assessed == '["dependants", "telecom", "waste"]'
    rows = standard_results(run).select("household_id", "official_class", "class", "transition").rows()
    assert rows == [
        ("A1", "poor", "near_poor", "reclassified_by_standard"),
        ("A2", "not_poor", "not_poor", "same_class"),
        ("A3", "near_poor", "near_poor", "same_class"),
        ("A4", "not_poor", "not_poor", "same_class"),
        ("B1", "near_poor", "near_poor", "same_class"),
        ("B2", "not_poor", "not_poor", "same_class"),
    ]


def test_a_household_reclassified_by_the_standard_says_which_deprivation_it_lost(both):
    a1 = standard_results(StandardRun.objects.get()).filter(household_id="A1").row(0, named=True)
    why = {name: a1[f"why_{name}"] for name in ("line", "deprivations", "cutoff", "classes")}
    assert (why, a1["gained"], a1["lost"]) == (
        {"line": False, "deprivations": True, "cutoff": False, "classes": False}, [], ["telecom"])  # fmt: skip


def test_classifying_under_a_further_standard_leaves_the_official_results_as_they_were(classified):
    before, runs = _official(), ClassificationRun.objects.count()
    classify_cycle_under(ReviewCycle.objects.get(year=2024), NEW, user=classified.personas["province"])
    assert (_official(), ClassificationRun.objects.count()) == (before, runs)


def test_classifying_again_under_the_same_standard_replaces_the_earlier_run(both):
    classify_cycle_under(ReviewCycle.objects.get(year=2024), NEW, user=both.personas["admin"])
    assert (StandardRun.objects.count(), StandardResult.objects.count()) == (1, 6)


def test_the_rounds_own_standard_is_not_a_further_standard(classified):
    with pytest.raises(ServiceError, match="is the 2024 review's own standard"):
        classify_cycle_under(ReviewCycle.objects.get(year=2024), "vn-2022-2025", user=None)


def test_a_commune_cadre_may_not_classify_a_round_under_another_standard(classified):
    with pytest.raises(PermissionDenied):
        classify_cycle_under(ReviewCycle.objects.get(year=2024), NEW, user=classified.personas["cadre"])
    assert StandardRun.objects.count() == 0


def test_the_page_says_which_standard_each_class_is_under_and_never_newly_poor(both):
    response = page(both, "province")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Official classes under vn-2022-2025" in text
    assert "classes under vn-2027-2030" in text
    assert "6 households, of which 1 are reclassified by the standard." in text
    assert "newly poor" not in text.replace("neither newly poor", "")
    matrix = response.context["matrix"]
    assert [(c["old"], c["new"], c["households"], c["moved"]) for c in matrix] == [
        ("near_poor", "near_poor", 2, False),
        ("not_poor", "not_poor", 3, False),
        ("poor", "near_poor", 1, True),
    ]


def test_the_page_counts_the_units_below_the_focus(both):
    units = page(both, "province").context["units"]
    assert [(u["code"], u["households"], u["reclassified"], u["poor_official"], u["poor_new"]) for u in units] == [
        ("643", 4, 1, 1, 0),
        ("652", 2, 0, 0, 0),
    ]


def test_a_matrix_cell_drills_down_to_its_households_and_each_links_to_its_page(both):
    response = page(both, "district", old="poor", new="near_poor")
    rows = response.context["changed"]["rows"]
    assert [(r["household_id"], r["commune_name"], r["lost"], r["link"]) for r in rows] == [
        ("A1", "Tân Lợi", ["telecom"], "/households/A1/?year=2024")
    ]
    assert [str(r) for r in rows[0]["why"]] == ["it has a different number of deprivations under the new standard"]
    empty = page(both, "district", old="near_poor", new="poor").context["changed"]
    assert (empty["total"], empty["rows"]) == (0, [])


def test_a_cadre_of_another_commune_sees_nothing_of_this_communes_households(both):
    response = page(both, "other_cadre")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 households, of which 0 are reclassified by the standard." in text
    assert ("/households/A1/" in text, "Tân Lợi" in text, ">A1<" in text) == (False, False, False)
    assert page(both, "other_cadre", unit="24121").status_code == 404
    assert page(both, "other_cadre", old="poor", new="near_poor").context["changed"] == {"total": 0, "rows": []}


def test_the_page_is_a_404_for_a_round_not_classified_under_another_standard(classified):
    assert page(classified, "province").status_code == 404
    assert page(classified, "province", year="2023", standard=NEW).status_code == 404


def test_someone_without_a_role_is_refused_the_page(both):
    assert page(both, "outsider").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_review_classify_with_a_standard_runs_as_the_installed_command_and_prints_both_classes(classified):
    result = povmis("review", "classify", "--year", "2024", "--standard", NEW, "--user", "province", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert [cells(line) for line in lines if line.startswith("│")] == [
        ["near_poor", "near_poor", "2"],
        ["not_poor", "not_poor", "3"],
        ["poor", "near_poor", "1"],
    ]
    assert "1 of 6 households reclassified by the standard (not by any change in them)" in result.stdout
    assert StandardRun.objects.get().standard_id == NEW


@pytest.mark.django_db(transaction=True)
def test_review_classify_with_the_rounds_own_standard_is_refused_with_a_message(classified):
    result = povmis("review", "classify", "--year", "2024", "--standard", "vn-2022-2025", "--user", "province")
    refusal = "Error: vn-2022-2025 is the 2024 review's own standard: classify it with `povmis review classify`"
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (1, refusal)


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│").split("│")]


def povmis(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command, on the test database (committed: these tests use transaction=True)."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run([POVMIS, *arguments], capture_output=True, text=True, env=env, check=False, timeout=300)


def api(world, persona: str, **params: str) -> tuple[int, dict]:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    response = client.get("/api/standards", params)
    return response.status_code, response.json()


def test_the_api_names_both_standards_with_their_hashes_and_gives_the_same_figures_as_the_page(both):
    status, body = api(both, "province")
    run = StandardRun.objects.get()
    assert status == 200
    assert (body["year"], body["official"], body["further"]) == (
        2024,
        {"id": "vn-2022-2025", "hash": run.official_standard_hash},
        {"id": NEW, "hash": run.standard_hash},
    )
    assert (body["households"], body["reclassified_by_standard"]) == (6, 1)
    assert body["matrix"] == [
        {"old": "near_poor", "new": "near_poor", "households": 2},
        {"old": "not_poor", "new": "not_poor", "households": 3},
        {"old": "poor", "new": "near_poor", "households": 1},
    ]
    assert body["why"] == {"line": 0, "deprivations": 1, "cutoff": 0, "classes": 0}
    assert body["changed"] == {
        "total": 1,
        "households": [{"household_id": "A1", "commune": "24121", "official_class": "poor", "class": "near_poor",
                        "why": ["deprivations"], "gained": [], "lost": ["telecom"]}],
    }  # fmt: skip
    assert body["not_assessed"] == ["dependants", "telecom", "waste"]


def test_the_api_shows_a_cadre_of_another_commune_nothing_of_this_commune(both):
    status, body = api(both, "other_cadre")
    assert (status, body["households"], body["changed"]["total"]) == (200, 2, 0)
    assert [unit["code"] for unit in body["units"]] == ["24400"]
    assert "A1" not in str(body)
    assert api(both, "other_cadre", unit="24121")[0] == 404
    assert api(both, "outsider")[0] == 404


def test_the_dashboard_says_which_standard_its_figures_are_under_and_links_the_further_one(both):
    client = Client(headers={"accept-language": "en"})
    client.force_login(both.personas["other_cadre"])
    text = client.get("/monitoring/deprivations/", {"year": "2024"}).content.decode()
    assert "Classes of the 2024 review under its standard, vn-2022-2025." in text
    assert '<a href="/monitoring/standards/?year=2024&amp;standard=vn-2027-2030">' in text
    earlier = client.get("/monitoring/deprivations/", {"year": "2023"}).content.decode()
    assert ("under its standard, vn-2022-2025." in earlier, "/monitoring/standards/" in earlier) == (True, False)
