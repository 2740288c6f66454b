"""The audit log page: every change to the answers of the auditor's area, filtered, and nothing for other roles."""

from __future__ import annotations

import pytest

from povmis.registry.models import AuditEntry
from povmis.registry.services import decide_change, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(season):
    """H1's income corrected by the commune (proposed by one cadre, approved by the other)."""
    request = propose_change(
        season.households["H1"], cycle=season.cycle, user=season.personas["cadre"],
        field="income_per_capita", value="900000", reason="the harvest was misread",
    )  # fmt: skip
    decide_change(request, user=season.personas["cadre2"], approve=True)
    return season


def _rows(page) -> list[tuple[str, str, str]]:
    return [
        (e.household.code if e.household else "", e.field, e.new_value or "") for e in page.context["page"].object_list
    ]


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_the_auditor_reads_every_change_with_who_when_and_why(corrected, browser, persona):
    page = browser(persona).get("/audit/changes/", {"source": "change_request"})
    assert page.status_code == 200
    assert _rows(page) == [("H1", "income_per_capita", "900000")]
    assert "the harvest was misread" in page.text
    assert "cadre2" in page.text


def test_the_log_narrows_to_one_household_and_to_dates(corrected, browser):
    client = browser("auditor")
    everything = AuditEntry.objects.count()
    assert len(_rows(client.get("/audit/changes/"))) == everything
    assert {row[0] for row in _rows(client.get("/audit/changes/", {"household": "H2"}))} == {"H2"}
    assert _rows(client.get("/audit/changes/", {"until": "2000-01-01"})) == []
    assert len(_rows(client.get("/audit/changes/", {"since": "2000-02-30"}))) == everything  # no such date


@pytest.mark.parametrize("persona", ["cadre", "other_cadre", "district", "province", "steering", "outsider"])
def test_no_other_role_reads_the_audit_log(corrected, browser, persona):
    page = browser(persona).get("/audit/changes/")
    assert page.status_code == 403
    assert "900000" not in page.text
