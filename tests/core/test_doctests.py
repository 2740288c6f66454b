"""The executed examples in the core's docstrings hold: each module's doctests run as a test."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import povmis.core

MODULES = sorted(info.name for info in pkgutil.walk_packages(povmis.core.__path__, "povmis.core."))


@pytest.mark.parametrize("name", MODULES)
def test_the_modules_examples_run_as_written(name):
    module = importlib.import_module(name)
    outcome = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert outcome.failed == 0, f"{outcome.failed} of {outcome.attempted} examples of {name} failed"
