"""`povmis units load` refusing codes that break a URL, and `povmis tokens list` showing each expiry, as installed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from povmis.accounts.models import ApiToken
from povmis.accounts.services import issue_token
from povmis.units.models import AdminUnit

POVMIS = str(Path(sys.executable).with_name("povmis"))
# The command speaks the site's language, Vietnamese.
URL_RULE = (
    "mã không được chứa dấu gạch chéo, gạch chéo ngược, '?', '#', '%', dấu cách hoặc ký tự ẩn; "
    "hãy dùng chữ cái, chữ số, '-', '_' và '.'"
)


def povmis(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command, on the test database (committed: these tests use transaction=True)."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run([POVMIS, *arguments], capture_output=True, text=True, env=env, check=False, timeout=120)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("row", "column", "shown"),
    [
        ("24125/1,Hòa Thắng,commune,643", "code", "'24125/1'"),
        ("24125,Hòa Thắng,commune,64 3", "parent_code", "'64 3'"),
        ("24125?x,Hòa Thắng,commune,643", "code", "'24125?x'"),
        ("24125%20,Hòa Thắng,commune,643", "code", "'24125%20'"),
    ],
)
def test_units_load_refuses_a_code_that_would_break_a_url_naming_file_row_and_column(
    world, tmp_path, row, column, shown
):
    units = tmp_path / "units.csv"
    units.write_text(f"code,name,level,parent_code\n24126,Hòa Phú,commune,643\n{row}\n", encoding="utf-8")
    result = povmis("units", "load", str(units), "--user", "admin")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"Error: units.csv, dòng 3, cột {column}: {URL_RULE} ({shown}). Chưa nhập gì.\n")
    assert not AdminUnit.objects.filter(code="24126").exists()


@pytest.mark.django_db(transaction=True)
def test_units_load_refuses_a_succession_to_a_code_that_would_break_a_url(world, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code\n24126,Hòa Phú,commune,643\n", encoding="utf-8")
    successions = tmp_path / "successions.csv"
    successions.write_text(
        "predecessor_code,successor_code,kind,effective,share\n24121,24126#a,merged,2025-07-01,1\n", encoding="utf-8"
    )
    result = povmis("units", "load", str(units), "--successions", str(successions), "--user", "admin")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: successions.csv, dòng 2, cột successor_code: {URL_RULE} ('24126#a'). Chưa nhập gì.\n"
    )


@pytest.mark.django_db(transaction=True)
def test_tokens_list_shows_when_each_token_expires_and_which_have_expired(world):
    admin = world.personas["admin"]
    fresh, _key = issue_token(admin, "nightly export", days=30)
    old, _key = issue_token(admin, "old script", days=1)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    result = povmis("tokens", "list", "--user", "admin")
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[3].strip(): line for line in result.stdout.splitlines() if "│" in line}
    fresh.refresh_from_db()
    old.refresh_from_db()
    expiry = timezone.localtime(fresh.expires_at).strftime("%Y-%m-%d %H:%M")
    assert [cell.strip() for cell in rows["nightly export"].split("│")[6:8]] == [expiry, "active"]
    expired = timezone.localtime(old.expires_at).strftime("%Y-%m-%d %H:%M")
    assert [cell.strip() for cell in rows["old script"].split("│")[6:8]] == [expired, "expired"]
