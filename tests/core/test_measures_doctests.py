"""The executed examples in the measures' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["alkire_foster", "income", "inputs"])
def test_docstring_examples_of_the_measures_run_as_written(module: str) -> None:
    # import_module, because the package re-exports a function under the module's name.
    result = doctest.testmod(importlib.import_module(f"povmis.core.measures.{module}"))

    assert result.failed == 0
