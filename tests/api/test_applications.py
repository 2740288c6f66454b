"""The regular review through the API: the same steps as the pages, and nothing of another commune."""

from __future__ import annotations

import json

import pytest

from povmis.registry.models import Application

pytestmark = pytest.mark.django_db
FILED = {"household": "H1", "request": "escape", "channel": "online", "filed_on": "2025-03-02", "reason": "a shop"}


def _post(client, url: str, payload: dict[str, object]):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_the_cadre_files_takes_the_steps_and_refuses_with_reasons_through_the_api(classified, as_persona):
    cadre = as_persona("cadre")
    filed = _post(cadre, "/api/applications", FILED)
    assert filed.status_code == 201
    pk = filed.json()["id"]
    steps = [_post(cadre, f"/api/applications/{pk}/step", {"step": step}).json()["step"]
             for step in ("assessed", "village_meeting", "posted")]  # fmt: skip
    recognised = _post(cadre, f"/api/applications/{pk}/decision", {"recognise": True, "decided_on": "2025-03-20"})
    refusal = {"recognise": False, "decided_on": "2025-03-20", "reasons": "still poor by its answers"}
    refused = _post(cadre, f"/api/applications/{pk}/decision", refusal)
    body = refused.json()
    assert steps == ["assessed", "village_meeting", "posted"]
    assert (recognised.status_code, recognised.json()) == (
        400,
        {"detail": "the household's answers classify it as poor: refuse with reasons"},
    )
    shown = {key: body[key] for key in ("form", "step", "decision_due", "previous_class", "refusal_reasons")}
    assert shown == {"form": "mau_04", "step": "refused", "decision_due": "2025-03-30", "previous_class": "poor",
                     "refusal_reasons": "still poor by its answers"}  # fmt: skip


@pytest.mark.parametrize("persona", ["other_cadre", "district"])
def test_no_one_outside_the_commune_or_above_it_acts_on_its_application_and_the_errors_say_nothing(
    classified, as_persona, persona
):
    _post(as_persona("cadre"), "/api/applications", FILED)
    pk = Application.objects.get().pk
    client = as_persona(persona)
    answers = {
        "get": client.get(f"/api/applications/{pk}"),
        "step": _post(client, f"/api/applications/{pk}/step", {"step": "assessed"}),
        "decide": _post(
            client, f"/api/applications/{pk}/decision", {"recognise": False, "decided_on": "2025-03-20", "reasons": "x"}
        ),
        "file": _post(client, "/api/applications", {**FILED, "filed_on": "2025-03-03"}),
    }
    listed = client.get("/api/applications").json()
    if persona == "other_cadre":
        expected = {name: (404, {"detail": "Not found."}) for name in answers}
        assert ({n: (r.status_code, r.json()) for n, r in answers.items()}, listed["items"]) == (expected, [])
    else:  # the district reads the commune's applications but neither files nor decides them
        assert {n: r.status_code for n, r in answers.items()} == {"get": 200, "step": 403, "decide": 403, "file": 403}
    assert Application.objects.get().step == "filed"


def test_the_monthly_report_answers_the_callers_communes_only(classified, as_persona):
    assert as_persona("other_cadre").get("/api/applications-report/2025-03").json()["communes"] == []
    assert as_persona("cadre").get("/api/applications-report/2025-13").json() == {
        "detail": "'2025-13' is not a month: write it as YYYY-MM, e.g. 2025-03"
    }
