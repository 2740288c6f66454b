"""The settings mypy's Django plugin loads to learn the apps' models: the real ones, given a key.

The production settings refuse to load without POVMIS_SECRET_KEY; type checking reads them but never
serves a request, so it sets a key of its own (pyproject.toml, [tool.django-stubs]).
"""

from __future__ import annotations

import os

os.environ.setdefault("POVMIS_SECRET_KEY", "povmis-type-checking-only")

from povmis.settings import *  # noqa: F403  # every setting, as the site runs with them
