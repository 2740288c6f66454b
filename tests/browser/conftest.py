"""Debian's Chromium driven by Playwright against pytest-django's live server; screenshots kept as artifacts."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.jobs.test_worker_kill import start_worker
from tests.reports.dataset import review_two_years

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def reviewed(world):
    return review_two_years(world)


@pytest.fixture
def worker() -> Iterator[None]:
    """A real `povmis worker` process on the test database, for the pages whose work runs as a job."""
    process = start_worker()
    yield
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the test's own database calls are still
    # synchronous, so Django's guard against async contexts does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.is_file():
        pytest.fail("Debian's Chromium is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        # Playwright's own browser download cannot work offline; Debian's build runs without its sandbox as root.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()
        # Queries the test body ran while Playwright was up have connections of their own, reachable
        # only from here: close them, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/<test name>/: the screenshots and downloads of one test."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """One person's browser session: sign in, go places, keep a numbered screenshot of each page."""

    def __init__(
        self, browser: Browser, base_url: str, artifacts: Path, who: str, viewport: ViewportSize | None = None
    ) -> None:
        self.context = browser.new_context(
            accept_downloads=True, locale="vi-VN", viewport=viewport or {"width": 1280, "height": 900}
        )
        self.page: Page = self.context.new_page()
        self.base_url, self.artifacts, self.who, self.shots = base_url, artifacts, who, 0

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(f"{self.base_url}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("form.stacked button[type=submit]")
        self.page.wait_for_load_state()

    def go(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")

    def shot(self, name: str) -> Path:
        self.shots += 1
        path = self.artifacts / f"{self.who}-{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser, live_server, artifacts: Path):
    opened: list[Visit] = []

    def start(who: str) -> Visit:
        opened.append(Visit(browser, live_server.url, artifacts, who))
        return opened[-1]

    yield start
    for session in opened:
        session.close()
