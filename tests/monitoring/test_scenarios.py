"""Saved what-if scenarios on the monitoring fixture (conftest.py): saved, shared upwards, compared, deleted."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.test import Client

from povmis.accounts.scoping import EVERYWHERE
from povmis.core.variants import parse_settings
from povmis.monitoring.models import SavedScenario
from povmis.monitoring.whatif import round_whatif

pytestmark = pytest.mark.django_db

SAVE = "/monitoring/whatif/scenarios/save/"
LIST = "/monitoring/whatif/scenarios/"
COMPARE = "/monitoring/whatif/scenarios/compare/"
TAN_LOI = re.compile(r"\b(A[1-4]|Tân Lợi)\b")


def client_for(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    client.cookies["django_language"] = "en"
    return client


def _save(world, persona: str, name: str, **fields: str) -> SavedScenario:
    answer = client_for(world, persona).post(SAVE, {"name": name, "year": "2024", **fields})
    assert answer.status_code == 302, answer.content.decode()
    return SavedScenario.objects.get(name=name)


def test_the_what_if_page_offers_to_save_the_variant_it_shows(classified):
    page = client_for(classified, "cadre").get("/monitoring/whatif/", {"year": "2024", "line.rural": "2200000"})
    text = page.content.decode()
    assert 'id="scenario-save"' in text
    assert '<input type="hidden" name="line.rural" value="2200000">' in text


def test_a_cadres_scenario_keeps_the_commune_and_the_variant_and_reopens_as_saved(classified):
    scenario = _save(classified, "cadre", "Higher line", **{"line.rural": "2200000", "cutoff": "2"})
    assert (scenario.area, scenario.year, scenario.owner.username) == ("66/643/24121/", 2024, "cadre")
    assert QueryDict(scenario.query).dict() == {"year": "2024", "line.rural": "2200000", "cutoff": "2", "unit": "24121"}
    listed = client_for(classified, "cadre").get(LIST).content.decode()
    link = re.search(r'<a href="(/monitoring/whatif/\?[^"]+)">Higher line</a>', listed)
    assert link is not None
    reopened = client_for(classified, "cadre").get(link.group(1).replace("&amp;", "&")).content.decode()
    assert 'name="line.rural" min="0" value="2200000"' in reopened


def test_a_scenario_is_shared_with_the_areas_that_cover_the_savers_and_nobody_else(classified):
    scenario = _save(classified, "cadre", "Higher line", **{"line.rural": "2200000"})
    seen = {
        persona: "Higher line" in client_for(classified, persona).get(LIST).content.decode()
        for persona in ("cadre", "cadre2", "district", "province", "admin", "other_cadre")
    }
    assert seen == {"cadre": True, "cadre2": True, "district": True, "province": True, "admin": True,
                    "other_cadre": False}  # fmt: skip
    # The district's own scenario is not shown to the commune below it.
    _save(classified, "district", "District line", **{"line.rural": "2000000"})
    assert "District line" not in client_for(classified, "cadre").get(LIST).content.decode()
    other = client_for(classified, "other_cadre")
    for address in (f"/api/whatif/scenarios/{scenario.pk}", f"{COMPARE}?scenario={scenario.pk}&scenario={scenario.pk}",
                    f"/api/whatif/scenarios/compare?scenario={scenario.pk}&scenario={scenario.pk}"):  # fmt: skip
        answer = other.get(address)
        assert answer.status_code == 404, address
        assert not TAN_LOI.search(answer.content.decode()), address
    assert other.get("/api/whatif/scenarios").json() == []
    assert not TAN_LOI.search(other.get(LIST).content.decode())


def test_only_the_owner_deletes_a_scenario(classified):
    scenario = _save(classified, "cadre", "Higher line", **{"line.rural": "2200000"})
    assert client_for(classified, "other_cadre").post(f"{LIST}{scenario.pk}/delete/").status_code == 404
    assert client_for(classified, "cadre2").post(f"{LIST}{scenario.pk}/delete/").status_code == 403
    assert client_for(classified, "district").delete(f"/api/whatif/scenarios/{scenario.pk}").status_code == 403
    assert SavedScenario.objects.filter(pk=scenario.pk).exists()
    assert client_for(classified, "cadre").post(f"{LIST}{scenario.pk}/delete/").status_code == 302
    assert not SavedScenario.objects.exists()


def test_two_scenarios_side_by_side_give_each_ones_changed_households_and_cost(classified):
    first = _save(classified, "province", "Rural 2.2m", **{"line.rural": "2200000"})
    second = _save(classified, "province", "Cut-off 1", cutoff="1")
    expected = [
        round_whatif(2024, EVERYWHERE, None, parse_settings([setting]))[0].as_json({})
        for setting in ("line.rural=2200000", "cutoff=1")
    ]
    body = (
        client_for(classified, "province")
        .get(f"/api/whatif/scenarios/compare?scenario={first.pk}&scenario={second.pk}")
        .json()
    )
    assert [(side["name"], side["changed"], side["cost"]) for side in body] == [
        ("Rural 2.2m", expected[0]["changed"], expected[0]["cost"]),
        ("Cut-off 1", expected[1]["changed"], expected[1]["cost"]),
    ]
    page = client_for(classified, "province").get(COMPARE, {"scenario": [first.pk, second.pk]}).content.decode()
    changed = re.search(r'<tr id="scenario-changed">.*?</tr>', page, re.S)
    assert changed is not None
    assert re.findall(r'<td class="num">([\d,.]+)</td>', changed.group(0)) == [
        str(expected[0]["changed"]),
        str(expected[1]["changed"]),
    ]


def test_a_scenario_without_a_name_or_a_round_is_refused_and_nothing_is_saved(classified):
    cadre = client_for(classified, "cadre")
    assert cadre.post(SAVE, {"name": " ", "year": "2024"}).status_code == 400
    assert cadre.post(SAVE, {"name": "x", "year": "2019"}).status_code == 400
    assert cadre.post(SAVE, {"name": "x", "year": "2024", "unit": "24400"}).status_code == 404
    assert not SavedScenario.objects.exists()
