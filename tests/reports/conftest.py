"""Fixtures for the export tests."""

from __future__ import annotations

import pytest

from tests.reports.dataset import review_two_years


@pytest.fixture
def reviewed(world):
    return review_two_years(world)
