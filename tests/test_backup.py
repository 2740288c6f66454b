"""scripts/backup.sh and scripts/restore.sh: back up, change, restore, and the database is as it was.

On PostgreSQL (the suite's second run, DATABASE_URL=postgres://...) in a database of its own, created
and dropped here; on SQLite always, on a file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
ROWS = [("24121", "Tân Lợi", 1250), ("24124", "Tân An", 980), ("24400", "Ea Kly", 2110)]


def script(name: str, file: Path, database_url: str) -> None:
    env = os.environ | {"DATABASE_URL": database_url}
    result = subprocess.run(
        ["bash", str(SCRIPTS / name), str(file)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def postgres_url() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL backups are tested in the suite's PostgreSQL run (DATABASE_URL=postgres://...)")
    name = f"povmis_backup_{os.getpid()}"
    server = urlsplit(url)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(server._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_postgresql_backup_restores_the_database_as_it_was(postgres_url, tmp_path):
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE TABLE commune (code text PRIMARY KEY, name text NOT NULL, households integer)")
        db.cursor().executemany("INSERT INTO commune VALUES (%s, %s, %s)", ROWS)
        script("backup.sh", tmp_path / "povmis.dump", postgres_url)
        db.execute("UPDATE commune SET households = 0 WHERE code = '24121'")
        db.execute("DELETE FROM commune WHERE code = '24400'")
    script("restore.sh", tmp_path / "povmis.dump", postgres_url)
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT code, name, households FROM commune ORDER BY code").fetchall() == ROWS


def test_a_sqlite_backup_restores_the_database_as_it_was(tmp_path):
    path = tmp_path / "povmis.sqlite3"
    url = f"sqlite:///{path}"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE commune (code text PRIMARY KEY, name text NOT NULL, households integer)")
        db.executemany("INSERT INTO commune VALUES (?, ?, ?)", ROWS)
    script("backup.sh", tmp_path / "povmis.backup", url)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE commune SET households = 0 WHERE code = '24121'")
        db.execute("DELETE FROM commune WHERE code = '24400'")
    script("restore.sh", tmp_path / "povmis.backup", url)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT code, name, households FROM commune ORDER BY code").fetchall() == ROWS
