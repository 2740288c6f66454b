"""The fall-back risk on three classified reviews (see risk_history.py): the scoring, the pages, workbook and API.

Tân Lợi (C1) holds R001-R200, Ea Kly (C3) S001-S100; the scoring is stored once and every reader
reads it back, scoped to the reader's area.
"""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from django.test import Client
from django.utils import translation

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.monitoring.models import HouseholdRisk, RiskScoring
from povmis.monitoring.risk import RISK_TASK, RiskFilter, latest_scoring, risk_list, score_risk
from povmis.monitoring.risk_reasons import reasons
from povmis.registry.models import HouseholdResult
from tests.commands.test_cli_units_tokens import povmis
from tests.monitoring.risk_history import build_history

pytestmark = pytest.mark.django_db

C1_CODE = re.compile(r"\bR\d{3}\b")
C3_CODE = re.compile(r"\bS\d{3}\b")


@pytest.fixture
def history(world):
    build_history(world)
    return world


@pytest.fixture
def scored(history):
    score_risk()
    return history


def client_for(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    client.cookies["django_language"] = "en"
    return client


def _not_poor_in_2024(prefix: str = "") -> list[str]:
    found = HouseholdResult.objects.filter(cycle__year=2024, household__code__startswith=prefix)
    return sorted(found.exclude(household_class="poor").values_list("household__code", flat=True))


def test_the_scoring_learns_2022_and_2023_is_tested_on_2023_and_scores_every_household_not_poor_in_2024(scored):
    scoring = latest_scoring()
    assert scoring is not None
    assert (scoring.year, scoring.trained_from, scoring.trained_to, scoring.backtest_year) == (2024, 2022, 2023, 2023)
    assert scoring.auc is not None
    assert 0.5 < scoring.auc <= 1
    scored_codes = sorted(HouseholdRisk.objects.values_list("household__code", flat=True))
    assert scored_codes == _not_poor_in_2024()
    # The top decile: a tenth of the scored households (ties may add a few).
    high = HouseholdRisk.objects.filter(high=True).count()
    assert len(scored_codes) // 10 <= high <= len(scored_codes) // 10 + 3


def test_scoring_again_keeps_only_the_latest_scoring(scored):
    first = latest_scoring()
    score_risk()
    assert list(RiskScoring.objects.values_list("pk", flat=True)) == [latest_scoring().pk]
    assert first is not None
    assert not HouseholdRisk.objects.filter(scoring=first.pk).exists()


def test_a_stored_classification_queues_the_scoring_and_the_worker_stores_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build_history(world)
    job = Job.objects.get(task=RISK_TASK)  # one, although three reviews were classified
    assert latest_scoring() is None  # queued, not computed while the classification was stored
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["year"], job.result["trained_on"]) == ("done", 2024, [2022, 2023])


def test_the_cadre_sees_every_household_of_the_commune_not_poor_by_risk_with_reasons(scored):
    page = client_for(scored, "cadre").get("/monitoring/risk/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Learnt from the reviews 2022-2023" in text
    assert "Tested on 2023" in text
    listed = re.findall(r'<tr data-code="(R\d{3})">', text)
    expected = risk_list(latest_scoring(), RiskFilter("66/643/24121/"))["household_id"].to_list()
    assert listed == expected[:50]
    assert len(expected) == len(_not_poor_in_2024("R"))
    assert f'href="/households/{listed[0]}/"' in text
    assert "above the poverty line" in text or "below the poverty line" in text
    assert not C3_CODE.search(text)


def test_a_cadre_of_another_commune_sees_none_of_tan_lois_households_anywhere(scored):
    other = client_for(scored, "other_cadre")
    for address in ("/monitoring/risk/?unit=24121", "/monitoring/risk/export/?unit=24121", "/api/risk?unit=24121"):
        answer = other.get(address)
        assert answer.status_code == 404, address
        assert not C1_CODE.search(answer.content.decode()), address
    for address in ("/monitoring/risk/", "/monitoring/risk/?high=1", "/api/risk", "/"):
        answer = other.get(address)
        assert answer.status_code == 200, address
        assert not C1_CODE.search(answer.content.decode()), address
    workbook = pl.read_excel(io.BytesIO(other.get("/monitoring/risk/export/").content))
    assert sorted(workbook["Household"].to_list()) == _not_poor_in_2024("S")


def test_the_workbook_holds_the_whole_list_of_the_page_with_its_reasons(scored):
    answer = client_for(scored, "cadre").get("/monitoring/risk/export/")
    assert answer["Content-Disposition"] == 'attachment; filename="risk-24121-2024.xlsx"'
    workbook = pl.read_excel(io.BytesIO(answer.content))
    expected = risk_list(latest_scoring(), RiskFilter("66/643/24121/"))
    assert workbook["Household"].to_list() == expected["household_id"].to_list()
    assert workbook.columns == [
        "Household", "Head of household", "Commune", "Class", "Risk of being poor at the next review",
        "High risk", "What raises the risk",
    ]  # fmt: skip
    assert workbook["What raises the risk"].str.len_chars().min() > 0


def test_the_api_answers_the_same_households_and_reasons_as_the_page(scored):
    body = client_for(scored, "cadre").get("/api/risk?limit=5").json()
    expected = risk_list(latest_scoring(), RiskFilter("66/643/24121/"))
    assert [row["household_id"] for row in body["households"]] == expected["household_id"].head(5).to_list()
    assert body["count"] == expected.height
    assert (body["scoring"]["year"], body["scoring"]["trained_on"]) == (2024, [2022, 2023])
    assert [unit["code"] for unit in body["units"]] == []  # a commune has no unit below it
    assert all(row["reasons"] for row in body["households"])


def test_the_province_sees_where_high_risk_concentrates_and_each_count_drills_down(scored):
    province = client_for(scored, "province")
    text = province.get("/monitoring/risk/").content.decode()
    assert 'data-figure="figure-risk"' in text
    rows = re.findall(r'<tr data-code="(\d+)">.*?<a href="([^"]+)">(\d+)</a></td><td class="num">', text, re.S)
    high = {code: int(count) for code, _link, count in rows}
    stored = HouseholdRisk.objects.filter(high=True)
    assert high == {
        "643": stored.filter(unit_path__startswith="66/643/").count(),
        "652": stored.filter(unit_path__startswith="66/652/").count(),
    }
    link = next(link for code, link, _count in rows if code == "652").replace("&amp;", "&")
    assert link == "/monitoring/risk/?unit=652&high=1"
    listed = re.findall(r'<tr data-code="([RS]\d{3})">', province.get(link).content.decode())
    assert sorted(listed) == sorted(
        stored.filter(unit_path__startswith="66/652/").values_list("household__code", flat=True)
    )
    # The district sees its communes, never the other district's.
    district = client_for(scored, "district").get("/monitoring/risk/").content.decode()
    assert re.findall(r'<tr data-code="(\d+)">', district) == ["24121"]
    assert not C3_CODE.search(district)


def test_before_any_scoring_the_page_says_how_it_is_computed_and_computes_nothing(history):
    text = client_for(history, "cadre").get("/monitoring/risk/").content.decode()
    assert 'id="risk-missing"' in text
    assert not RiskScoring.objects.exists()
    assert client_for(history, "cadre").get("/api/risk").status_code == 404


def test_the_work_list_leads_the_cadre_to_the_communes_households_at_high_risk(scored):
    text = client_for(scored, "cadre").get("/").content.decode()
    assert "Households at high risk of falling back into poverty" in text
    first = risk_list(latest_scoring(), RiskFilter("66/643/24121/", high_only=True))["household_id"][0]
    assert f'href="/households/{first}/"' in text
    assert 'href="/monitoring/risk/?high=1"' in text


def test_the_monitoring_pages_link_to_the_risk_list(scored):
    text = client_for(scored, "cadre").get("/monitoring/").content.decode()
    assert 'id="risk-link" href="/monitoring/risk/?unit=24121"' in text


def test_factors_read_as_sentences_in_the_readers_language():
    frame = pl.DataFrame(
        {
            "factor_1": ["income_margin", "years_since_poor", "income_margin"],
            "value_1": [0.08, 1.0, -0.05],
            "factor_2": ["deprivation_count", "near_poor", None],
            "value_2": [2.0, 1.0, None],
            "factor_3": ["income_change", None, None],
            "value_3": [0.3, None, None],
            "lacks": ["water,latrine", "", ""],
        }
    )
    with translation.override("en"):
        said = frame.select(reasons({"water": "clean water", "latrine": "a latrine"}))["reasons"].to_list()
    assert said == [
        "income only 8% above the poverty line; still lacks clean water, a latrine; "
        "income up 30% since the previous review, a rise that may not last",
        "escaped poverty last year; near-poor in this review",
        "income 5% below the poverty line",
    ]


@pytest.mark.django_db(transaction=True)
def test_povmis_risk_score_stores_the_scoring_and_says_what_it_learnt(history):
    result = povmis("risk", "score")
    assert result.returncode == 0, result.stderr
    scoring = latest_scoring()
    assert scoring is not None
    assert result.stdout.splitlines()[0] == (
        f"scored {scoring.households:,} households not poor in 2024, trained on rounds 2022-2023"
    )
    assert result.stdout.splitlines()[1].startswith("backtest on 2023: AUC ")


@pytest.mark.django_db(transaction=True)
def test_povmis_risk_score_of_a_year_not_classified_says_so(history):
    result = povmis("risk", "score", "--year", "2021")
    assert (result.returncode, result.stderr) == (1, "Error: the 2021 review has not been classified\n")
