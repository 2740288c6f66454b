"""Figures as of a day: the list in force then, the monthly decisions included (see conftest.py).

In the 2024 review Tân Lợi (24121) has A1 poor, A2 not poor, A3 near-poor and A4 not poor; A4 is
recognised poor on 20 March 2025 (the ``a4_recognised_poor`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from povmis.monitoring.figures import figures_as_of
from povmis.monitoring.focus import focus_in
from tests.commands.test_cli_units_tokens import povmis

pytestmark = pytest.mark.django_db


def _counts(document: dict[str, object]) -> tuple[object, ...]:
    return tuple(document[name] for name in ("review", "households", "classified", "poor", "near_poor", "poverty_rate"))


def test_a_decision_counts_from_its_date_on_the_list_in_force(a4_recognised_poor):
    tan_loi = focus_in("66/", "24121")
    assert _counts(figures_as_of(tan_loi, dt.date(2025, 3, 19))) == (2024, 4, 4, 1, 1, 0.25)
    assert _counts(figures_as_of(tan_loi, dt.date(2025, 3, 20))) == (2024, 4, 4, 2, 1, 0.5)


def test_a_day_before_any_classified_review_has_no_list_in_force(classified):
    with pytest.raises(LookupError):
        figures_as_of(focus_in("66/"), dt.date(2020, 1, 1))


@pytest.mark.django_db(transaction=True)
def test_povmis_figures_as_of_prints_the_same_document(a4_recognised_poor):
    result = povmis("figures", "--as-of", "2025-03-20", "--unit", "24121", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == figures_as_of(focus_in("66/", "24121"), dt.date(2025, 3, 20))


@pytest.mark.django_db(transaction=True)
def test_povmis_figures_needs_a_year_or_a_day_not_both(classified):
    result = povmis("figures", "--year", "2024", "--as-of", "2025-03-20")
    assert (result.returncode, "give either --year or --as-of" in result.stderr) == (2, True)
