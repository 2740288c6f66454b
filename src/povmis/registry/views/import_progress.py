"""How far the server has got with an upload's check or commit, for the import page's progress bar.

:func:`import_survey` names each step as it starts it. A step moves the bar by its share of the
time, measured on a province's import (540,000 households), not by one count per step. A check
writes nothing, so its steps share the whole bar between them. The state is kept beside the upload,
where the status URL reads it while the request that runs the import is still working.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext, gettext_noop

# Each step the import reports (the start of its progress message), what the page says of it, and its
# share of the time in per cent, measured on a province's import (540,000 households, PostgreSQL).
STEPS: dict[str, tuple[str, int]] = {
    "reading": (gettext_noop("Reading the file"), 5),
    "checking": (gettext_noop("Checking households and members"), 5),
    "comparing": (gettext_noop("Comparing with the registry"), 20),
    "deciding": (gettext_noop("Deciding what happens to each household"), 10),
    "writing households": (gettext_noop("Writing the households"), 5),
    "writing answers": (gettext_noop("Writing the answers and members"), 30),
    "writing audit": (gettext_noop("Writing the audit log"), 5),
    "writing (committing)": (gettext_noop("Saving for good"), 20),
}
WRITING = "writing"
WAITING = "waiting"
DONE = "done"
TEXTS = {WAITING: gettext_noop("Waiting for the server"), DONE: gettext_noop("Preparing the result")}
STATE_FILE = "progress.json"


def tracker(path: Path, *, commit: bool) -> Callable[[str], None]:
    """The ``progress`` callback for :func:`import_survey`, called first for reading the file."""

    def say(message: str) -> None:
        step = step_of(message)
        partial = path / f"{STATE_FILE}.partial"
        partial.write_text(json.dumps({"step": step, "commit": commit}))
        partial.replace(path / STATE_FILE)  # whole or not at all: a poll never reads half a file

    say("reading")
    return say


def step_of(message: str) -> str:
    """The step a progress message starts: "checking 540000 households and 2000000 members" is "checking"."""
    return next((name for name in STEPS if message.startswith(name)), message.split(" ")[0])


def report(path: Path) -> dict[str, Any]:
    """The step, its text in the user's language and the share done, e.g. ``{"step": "checking", ...}``."""
    file = path / STATE_FILE
    state = json.loads(file.read_text()) if file.is_file() else {"step": WAITING, "commit": False}
    step, commit = state["step"], state["commit"]
    text = STEPS[step][0] if step in STEPS else TEXTS.get(step, step)
    return {"step": step, "text": gettext(text), "percent": percent(step, commit=commit), "commit": commit}


def percent(step: str, *, commit: bool) -> int:
    """The share of the run done when ``step`` begins: a commit is 10% done when it begins comparing, a check 25%."""
    if step == DONE:
        return 100
    names = [name for name in STEPS if commit or not name.startswith(WRITING)]
    if step not in names:
        return 0
    shares = [STEPS[name][1] for name in names]
    return round(100 * sum(shares[: names.index(step)]) / sum(shares))
