"""The annual review's record through the API: minutes, posting, complaints, the decision, the escaped lists."""

from __future__ import annotations

import re

import pytest

from povmis.registry.models import ChangeRequest, CommuneReview, Complaint, Stage
from povmis.registry.services import propose_change

pytestmark = pytest.mark.django_db
JSON = "application/json"
BASE = "/api/cycles/2024/communes/24121"
MINUTES = {
    "held_on": "2024-11-15",
    "chair": "Y Hriê",
    "secretary": "H'Năm",
    "invited": 45,
    "attending": 40,
    "agree": 31,
    "disagree": 9,
}


def _post(client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(BASE + url, body, content_type=JSON)
    return response.status_code, response.json()


@pytest.fixture
def posted(yearly_round, as_persona):
    cadre = as_persona("cadre")
    assert _post(cadre, "/advance", {})[0] == 200
    (status, meeting) = _post(cadre, "/meetings", {**MINUTES, "village": "24121-01"})
    assert (status, meeting["passed"], meeting["agreement_percent"], meeting["village_code"]) == (
        201,
        True,
        77,
        "24121-01",
    )
    assert _post(cadre, "/meetings", MINUTES)[0] == 201
    assert _post(cadre, "/advance", {})[1]["stage"] == "public_notice"
    posting = cadre.put(BASE + "/posting", {"posted_on": "2024-11-20"}, content_type=JSON)
    assert posting.json() == {"posted_on": "2024-11-20", "ends_on": "2024-11-22", "places": ""}
    return yearly_round, cadre


def test_a_complaint_is_filed_and_upheld_with_its_correction_through_the_api(posted):
    world, cadre = posted
    status, complaint = _post(
        cadre,
        "/complaints",
        {
            "household": "H5",
            "complainant": "Y Nguyễn",
            "received_on": "2024-11-21",
            "channel": "online",
            "text": "thu nhập không đúng",
        },
    )
    assert (status, complaint["decision"], complaint["household_code"]) == (201, "pending", "H5")
    correction = propose_change(
        world.households["H5"],
        cycle=world.cycle,
        user=world.personas["cadre"],
        field="has_tv",
        value="0",
        reason="khiếu nại",
        kind=ChangeRequest.Kind.APPEAL,
    )
    status, decided = _post(
        cadre,
        f"/complaints/{complaint['id']}/decision",
        {"upheld": True, "reasons": "đúng", "decided_on": "2024-11-26", "correction_id": correction.pk},
    )
    assert (status, decided["decision"], decided["correction_id"]) == (200, "upheld", correction.pk)
    record = cadre.get(BASE + "/record").json()
    assert (record["stage"], len(record["meetings"]), record["complaints"][0]["id"]) == (
        "public_notice",
        2,
        complaint["id"],
    )


def test_a_late_complaint_is_a_400_naming_the_posting(posted):
    _world, cadre = posted
    status, body = _post(
        cadre,
        "/complaints",
        {"household": "H5", "complainant": "x", "received_on": "2024-12-01", "channel": "post", "text": "x"},
    )
    assert (status, body["detail"][:61]) == (400, "the complaint was received on 2024-12-01, outside the posting")


def test_the_decision_is_issued_and_its_lists_read_through_the_api(posted):
    _world, cadre = posted
    CommuneReview.objects.filter(commune__code="24121").update(stage=Stage.COMMUNE_APPROVED)
    status, issued = _post(cadre, "/decision", {"decided_on": "2024-12-10"})
    assert (status, issued["number"], issued["certificates"]) == (201, 1, {"H1": 1, "H6": 2})
    lists = {name: [row["household_code"] for row in rows] for name, rows in issued["lists"].items()}
    assert lists == {"poor": ["H1"], "near_poor": ["H6"], "escaped_poor": ["H5", "H6"], "escaped_near_poor": ["H7"]}
    escaped = cadre.get(BASE + "/escaped").json()["lists"]
    assert {name: [row["household_code"] for row in rows] for name, rows in escaped.items()} == {
        "escaped_poor": ["H5", "H6"],
        "escaped_near_poor": ["H7"],
    }


@pytest.mark.parametrize("persona", ["other_cadre", "outsider"])
def test_nobody_outside_the_commune_reads_or_writes_its_record_through_the_api(posted, as_persona, persona):
    _world, cadre = posted
    _post(
        cadre,
        "/complaints",
        {"household": "H5", "complainant": "Y Nguyễn", "received_on": "2024-11-21", "channel": "online", "text": "x"},
    )
    complaint = Complaint.objects.get()
    client = as_persona(persona)
    reads = [client.get(BASE + url) for url in ("/record", "/decision", "/escaped")]
    writes = [
        client.post(BASE + "/meetings", MINUTES, content_type=JSON),
        client.put(BASE + "/posting", {"posted_on": "2024-11-20"}, content_type=JSON),
        client.post(
            BASE + "/complaints",
            {"household": "H5", "complainant": "x", "received_on": "2024-11-21", "channel": "post", "text": "x"},
            content_type=JSON,
        ),
        client.post(
            BASE + f"/complaints/{complaint.pk}/decision",
            {"upheld": False, "reasons": "x", "decided_on": "2024-11-26"},
            content_type=JSON,
        ),
        client.post(BASE + "/decision", {"decided_on": "2024-12-10"}, content_type=JSON),
    ]
    # Another commune's and no role's alike: the commune is not found.
    assert [r.status_code for r in (*reads, *writes)] == [404] * 8
    for response in (*reads, *writes):
        assert not re.search(r"\b(H1|H5|H6|H7|Bà Hoa|Ông Sáu|Y Hriê|Tân Lợi)\b", response.content.decode())
    assert (Complaint.objects.get().decision, Complaint.objects.count()) == ("pending", 1)
