"""The production configuration: what runs when POVMIS_DEBUG is not set, and `povmis serve`.

Each test that starts `povmis` does it as a subprocess of the installed entry point, with the
environment a district server would have (the suite's own key and plain-HTTP opt-out removed).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
import urllib.request
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from povmis.accounts.models import ApiToken
from povmis.accounts.services import issue_token
from povmis.cli import main

POVMIS = str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "povmis")
SUITE_ONLY = ("POVMIS_SECRET_KEY", "POVMIS_PLAIN_HTTP", "POVMIS_DEBUG", "POVMIS_DEMO")


def production(**variables: str) -> dict[str, str]:
    """The environment of a server: none of the suite's own settings, then ``variables``."""
    env = {name: value for name, value in os.environ.items() if name not in SUITE_ONLY}
    return env | variables


def run(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POVMIS, *arguments], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_without_a_secret_key_a_command_refuses_to_start_and_says_what_to_set():
    result = run("check", env=production())
    assert result.returncode == 1
    assert "POVMIS_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_production_configuration_passes_djangos_deployment_checks():
    env = production(POVMIS_SECRET_KEY=secrets.token_urlsafe(50), POVMIS_ALLOWED_HOSTS="povmis.daklak.gov.vn")
    result = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert "no issues" in result.stdout


def test_plain_http_is_an_explicit_opt_out_that_the_deployment_checks_report():
    env = production(POVMIS_SECRET_KEY=secrets.token_urlsafe(50), POVMIS_PLAIN_HTTP="1")
    result = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 1
    assert "security.W008" in result.stderr  # no SSL redirect
    assert "security.W012" in result.stderr  # session cookie not secure


@pytest.mark.django_db
def test_every_page_and_api_answer_says_no_store_and_carries_the_content_security_policy(world):
    client = Client()
    client.force_login(world.personas["cadre"])
    for path in ("/", "/api/households", "/monitoring/", "/accounts/login/"):
        response = client.get(path, follow=True)
        assert response["Cache-Control"] == "no-store", path
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy runs no inline script: every behaviour lives in a static file."""
    offending = []
    for template in Path(__file__).resolve().parents[1].glob("src/povmis/**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for line_number, line in enumerate(text.splitlines(), start=1):
            opening = "<script" in line and "src=" not in line and "application/json" not in line
            if opening or any(f" on{event}=" in line for event in ("click", "change", "submit", "load", "input")):
                offending.append(f"{template.name}:{line_number}")
    assert offending == []


@pytest.mark.django_db
def test_five_failed_logins_lock_the_user_name_out_even_with_the_right_password(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    wrong = [client.post("/accounts/login/", {"username": "cadre", "password": "wrong"}) for _attempt in range(5)]
    assert [answer.status_code for answer in wrong] == [200, 200, 200, 200, 429]
    response = client.post("/accounts/login/", {"username": "cadre", "password": "pw-cadre"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    from axes.models import AccessAttempt  # noqa: PLC0415  # needs Django set up first

    assert AccessAttempt.objects.get().username == "cadre"  # the log of who tried


@pytest.mark.django_db
def test_a_session_unused_for_the_idle_timeout_is_signed_out(world):
    client = Client()
    client.force_login(world.personas["cadre"])
    assert client.get("/api/households").status_code == 200
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed: the stored session has expired
    session.save()
    assert client.get("/api/households").status_code == 401


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_401_and_a_valid_one_answers(world):
    token, key = issue_token(world.personas["cadre"], "gis", days=30)
    assert token.expires_at - timezone.now() > timedelta(days=29)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/households", **auth).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/households", **auth).status_code == 401


@pytest.mark.django_db
def test_issue_token_takes_the_lifetime_in_days(world):
    out, err = StringIO(), StringIO()
    call_command("issue_token", "cadre", "--name", "gis", "--days", "7", stdout=out, stderr=err)
    token = ApiToken.objects.get()
    assert abs(token.expires_at - token.created_at - timedelta(days=7)) < timedelta(minutes=1)
    assert len(out.getvalue().strip()) > 30
    assert "expires" in err.getvalue()


def test_a_pagination_offset_past_any_list_is_refused_not_a_server_error(db, world):
    client = Client()
    client.force_login(world.personas["cadre"])
    assert client.get(f"/api/households?offset={2**63}").status_code == 422
    assert client.get("/api/households?offset=1000000").json()["items"] == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_a_page_and_a_static_file_under_gunicorn(tmp_path):
    port = _free_port()
    env = production(
        POVMIS_SECRET_KEY=secrets.token_urlsafe(50), POVMIS_PLAIN_HTTP="1", POVMIS_STATIC_ROOT=str(tmp_path / "static")
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [POVMIS, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env=env, stdout=log, stderr=log
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/accounts/login/", server)
        assert page.status == 200
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["Server"].startswith("gunicorn")
        script = _get(f"http://127.0.0.1:{port}/static/povmis/page.js", server)
        assert script.status == 200
        assert b"data-print" in script.read()
        assert (tmp_path / "static" / "povmis" / "page.js").is_file()  # collected first
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    # The job worker starts beside the server only where the installation has `povmis worker`.
    said = "serving without the job worker" in (tmp_path / "serve.log").read_text()
    assert said == ("worker" not in main.commands)


def _get(url: str, server: subprocess.Popen[bytes]) -> urllib.request.addinfourl:
    deadline = time.monotonic() + 60
    while True:
        try:
            return urllib.request.urlopen(url, timeout=10)  # our own loopback server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)
