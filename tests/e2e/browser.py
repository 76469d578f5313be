"""A real Chromium on the development Home Assistant, driven by Playwright's sync API.

Playwright's sync API keeps its own event loop marked as running in the test's thread between
two calls: `asyncio.run()` refuses to start there, and the harness's `verify_cleanup` fixture
(it runs the test's event loop after each test) would find that loop instead. Hence:

- the browser lives for one test only (`open_browser`); a walk spread over several tests
  carries the login from one to the next in a storage state file, as a browser profile would;
- the occasional API call or simulator command runs in a thread of its own (`run_async`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
import contextlib
from pathlib import Path
import re
import threading
from typing import Any, Literal

from playwright.sync_api import Locator, Page, ViewportSize, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's, with fonts-noto-cjk for the Chinese pages
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1400, "height": 1300}  # a device page's cards fit
TIMEOUT_MS = 30_000  # for an action or an expectation; every wait is for something to appear
expect.set_options(timeout=TIMEOUT_MS)


@contextlib.contextmanager
def open_browser(locale: str, storage_state: Path | None = None) -> Iterator[Page]:
    """Yield a page of a new Chromium in `locale`, logged in if `storage_state` exists.

    On the way out the context's storage (Home Assistant keeps its login tokens in
    localStorage) is saved to `storage_state`, and everything Playwright started is closed.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            state = storage_state if storage_state and storage_state.exists() else None
            context = browser.new_context(
                locale=locale,
                viewport=VIEWPORT,
                storage_state=state,
            )
            context.set_default_timeout(TIMEOUT_MS)
            try:
                yield context.new_page()
            finally:
                if storage_state is not None:
                    with contextlib.suppress(Exception):  # a crashed page keeps the old state
                        context.storage_state(path=storage_state)
                context.close()
        finally:
            browser.close()


def run_async[T](function: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine function to its end in a thread of its own and return its result."""
    outcome: dict[str, Any] = {}

    def body() -> None:
        try:
            outcome["result"] = asyncio.run(_await(function))
        except BaseException as err:  # noqa: BLE001  (re-raised in the caller's thread)
            outcome["error"] = err

    thread = threading.Thread(target=body, name="e2e-api")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]


async def _await[T](function: Callable[[], Awaitable[T]]) -> T:
    return await function()


class Steps:
    """Screenshots of a walk: one per step that succeeds, `FAILED-<step>.png` for one that fails.

    After a failed step the next ones are skipped (they build on it): `failed` names it.
    """

    def __init__(self, folder: Path) -> None:
        """Save the screenshots in `folder`."""
        self.folder = folder
        self.failed: str | None = None

    def shot(self, page: Page, name: str) -> Path:
        """Save a screenshot of what the page shows now as `<name>.png`."""
        path = self.folder / f"{name}.png"
        page.screenshot(path=path)
        return path

    @contextlib.contextmanager
    def step(self, page: Page, name: str) -> Iterator[None]:
        """Run one step of the walk; when it fails, save `FAILED-<name>.png` and re-raise."""
        try:
            yield
        except BaseException:
            self.failed = name
            with contextlib.suppress(Exception):  # the page itself may be what broke
                self.shot(page, f"FAILED-{name}")
            raise


def field(scope: Locator | Page, role: Literal["textbox", "spinbutton"], label: str) -> Locator:
    """A form field by its label as the frontend shows it (a required one ends with `*`)."""
    return scope.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def entity_row(page: Page, name: str) -> Locator:
    """The row of an entity on a device page, found by the entity's name as shown."""
    return page.locator("hui-generic-entity-row").filter(has=page.get_by_text(name, exact=True))
