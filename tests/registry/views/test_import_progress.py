"""The import page's progress: a bar with the server's step, its share of the work, for the check and the commit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from povmis.registry.samples import csv_bytes, household, member
from povmis.registry.views import import_progress
from tests.conftest import checked

pytestmark = pytest.mark.django_db


def upload_token(client: Client) -> str:
    """The upload slot the form was issued with."""
    token: str = client.get("/imports/").context["token"]
    return token


def upload(client: Client, token: str) -> Any:
    return client.post(
        "/imports/",
        {
            "token": token,
            "year": "2024",
            "households": SimpleUploadedFile("households.csv", csv_bytes([household()])),
            "members": SimpleUploadedFile("members.csv", csv_bytes([member()])),
        },
    )


@pytest.fixture
def polled(monkeypatch) -> Callable[[Client, str], list[tuple[str, int, bool]]]:
    """Ask the status URL after each step the server reports, as the page does while it waits."""

    def watch(client: Client, token: str) -> list[tuple[str, int, bool]]:
        seen: list[tuple[str, int, bool]] = []
        track = import_progress.tracker

        def poll() -> None:
            state = client.get(f"/imports/{token}/status/").json()
            seen.append((state["step"], state["percent"], state["commit"]))

        def tracker(path: Path, *, commit: bool) -> Callable[[str], None]:
            say = track(path, commit=commit)
            poll()

            def polled_say(message: str) -> None:
                say(message)
                poll()

            return polled_say

        monkeypatch.setattr(import_progress, "tracker", tracker)
        return seen

    return watch


def test_the_upload_form_has_the_progress_bar_and_its_script(world, browser):
    response = browser("cadre").get("/imports/")
    token = response.context["token"]
    assert f'data-status-url="/imports/{token}/status/"' in response.text
    assert '<progress max="100" value="0"' in response.text
    assert "/static/povmis/import-progress.js" in response.text


def test_before_an_upload_the_status_is_waiting_at_nothing_done(world, browser):
    client = browser("cadre")
    token = upload_token(client)
    assert client.get(f"/imports/{token}/status/").json() == {
        "step": "waiting",
        "text": "Waiting for the server",
        "percent": 0,
        "commit": False,
    }


def test_the_check_reports_each_step_with_its_share_of_the_work(world, browser, polled):
    client = browser("cadre")
    token = upload_token(client)
    seen = polled(client, token)
    assert checked(client, upload(client, token)).status_code == 200
    assert seen == [
        ("reading", 0, False),
        ("checking", 12, False),
        ("comparing", 25, False),
        ("deciding", 75, False),
        ("done", 100, False),
    ]
    assert client.get(f"/imports/{token}/status/").json()["text"] == "Preparing the result"


def test_the_result_pages_commit_button_queues_the_commit_as_a_job(world, browser):
    """The commit runs in the worker; its progress is the job's page (tests/jobs/test_jobs.py)."""
    client = browser("cadre")
    token = upload_token(client)
    response = checked(client, upload(client, token))
    assert f'<form method="post" action="/imports/{token}/commit/" class="inline">' in response.text


def test_the_status_of_another_sessions_upload_is_not_found(world, browser):
    token = upload_token(browser("cadre"))
    assert browser("cadre").get(f"/imports/{token}/status/").status_code == 404
    assert browser("cadre2").get(f"/imports/{token}/status/").status_code == 404


@pytest.mark.parametrize(
    ("commit", "percents"),
    [(False, [0, 12, 25, 75]), (True, [0, 5, 10, 30, 40, 45, 75, 80])],
)
def test_each_step_starts_at_the_share_of_the_steps_before_it(commit, percents):
    steps = [name for name in import_progress.STEPS if commit or not name.startswith("writing")]
    assert [import_progress.percent(step, commit=commit) for step in steps] == percents
    assert sum(share for _text, share in import_progress.STEPS.values()) == 100
