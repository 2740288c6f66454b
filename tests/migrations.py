"""Migrating the test database back and forth, for the tests of a data-keeping migration."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate to ``targets`` and return every app as migrated then (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def latest() -> list[tuple[str, str | None]]:
    """Every app's last migration."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())
