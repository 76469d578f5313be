"""Panel load benchmark: the Safe Power panel's overview at 50 boxes and at `--boxes`, side by side.

Run from the repository root::

    .venv/bin/python bench/panel.py [--boxes 500] [--runs 5]

It builds the panel's preview (``node build.mjs --dev`` in ``frontend/``: the panel's real code
with the fake ``hass`` of ``frontend/dev/fake.ts``), serves ``frontend/dev`` on a free port of
127.0.0.1, and opens it in Chromium (Playwright, ``/usr/bin/chromium``, headless) with
``?boxes=N`` (N made-up boxes on floors and areas, some alarming, offline or switched off),
``latency=0`` (the fake answers at once) and ``drift=0`` (no readings moving on their own). For
50 boxes and for ``--boxes``, each ``--runs`` times in a fresh browser context, it measures:

1. first render: from the navigation's start (``performance.timeOrigin``) to the first animation
   frame in which the overview holds a tile for every box, with its style and layout done
   (polled by ``requestAnimationFrame`` in the page, then a forced layout; the paint itself is
   not included). It includes loading and compiling the bundle, reading the fleet and the open
   alarms from the fake, and Lit rendering every tile;
2. update: one box's phase A current changed in the fake ``hass`` (a new ``hass`` object with a
   new copy of every state, as Home Assistant's websocket library makes at every state change),
   timed until that box's tile shows the new value (a ``MutationObserver`` on the overview), plus
   a forced style and layout; the median of 10 boxes spread over the fleet per run. Also shown:
   the panel's share, from the moment it has the new ``hass`` (the rest is the copy, ~25,000
   states at 500 boxes: Home Assistant's cost, which grows with every entity it has);
3. JS heap: ``performance.memory.usedJSHeapSize`` after the first render and two garbage
   collections (``--js-flags=--expose-gc``, ``--enable-precise-memory-info``), which includes
   the fake ``hass``'s states (as the real ``hass`` holds them) but not the DOM's own memory.

It prints the medians (and the range) of the runs, the ratio of ``--boxes`` to 50, and an
informative PASS/MISS against the targets at ``--boxes`` boxes: first render ≤ 2 s, update
≤ 100 ms, heap ≤ 50 MB. Not measured: the real Home Assistant (its frontend's own load, the
websocket, the recorder, the integration answering ``safe_power/fleet``), the network (all
local, answers immediate), the paint and compositing, a slower device (a phone is several times
slower than this machine's CPU), and the other tabs (floor plan, alarms, history charts).

A benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
import contextlib
from dataclasses import dataclass
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import os
from pathlib import Path
import platform
import statistics
import subprocess
import sys
import threading
from typing import Any

from playwright.sync_api import Browser, Error as PlaywrightError, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
CHROMIUM = "/usr/bin/chromium"
SMALL = 50
UPDATES_PER_RUN = 10
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 120_000

TARGET_FIRST_MS = 2000.0
TARGET_UPDATE_MS = 100.0
TARGET_HEAP_MB = 50.0

# Runs in the page before its scripts: waits for every tile, then records when (ms since the
# navigation started), after a forced style and layout.
FIRST_RENDER_JS = """
(() => {
  const want = Number(new URLSearchParams(location.search).get("boxes"));
  const tiles = () => {
    const panel = document.querySelector("safe-power-panel");
    const overview = panel?.shadowRoot?.querySelector("safe-power-overview");
    return overview?.shadowRoot?.querySelectorAll(".tile").length ?? 0;
  };
  const poll = () => {
    if (tiles() >= want) {
      void document.body.offsetHeight;
      window.__firstRender = performance.now();
    } else {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
})();
"""

# Changes one box's phase A current in the fake hass; resolves with the ms until its tile shows
# it: in all, and from the moment the panel has the new hass (the fake's copy of the states done).
UPDATE_JS = """
async ({ index, value, text }) => {
  const box = window.fake.boxes[index];
  const panel = document.querySelector("safe-power-panel");
  const overview = panel.shadowRoot.querySelector("safe-power-overview");
  const root = overview.shadowRoot;
  const tile = root.querySelector(`a.tile[href$="/box/${encodeURIComponent(box.device_id)}"]`);
  if (!tile) throw new Error(`no tile for ${box.device_id}`);
  return await new Promise((resolve, reject) => {
    let start = 0;
    let handed = 0;
    const observer = new MutationObserver(() => {
      if (!tile.textContent.includes(text)) return;
      observer.disconnect();
      void document.body.offsetHeight;
      const end = performance.now();
      resolve([end - start, end - handed]);
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    setTimeout(() => reject(new Error(`the tile never showed ${text}`)), 10000);
    start = performance.now();
    // Synchronous: the fake copies its states into a new hass and hands it to the panel, which
    // renders in a microtask after this.
    window.fake.setState(box.entities.current_a, String(value));
    handed = performance.now();
  });
}
"""

HEAP_JS = """
async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (let i = 0; i < 2; i++) {
    window.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}
"""


@dataclass
class Run:
    """One page load: its figures."""

    first_ms: float
    update_ms: float
    panel_update_ms: float
    heap_mb: float | None
    tiles: int


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Log nothing."""


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[int]:
    """Serve `directory` on a free port of 127.0.0.1 in a thread; yield the port."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def build_preview() -> None:
    """Build the preview's scripts (dev/out/dev.js) from the panel's sources."""
    subprocess.run(
        ["node", "build.mjs", "--dev"], cwd=FRONTEND, check=True, capture_output=True, text=True
    )


def measure(browser: Browser, port: int, boxes: int) -> Run:
    """Load the overview with `boxes` boxes in a fresh context; time it, an update, the heap."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    try:
        page = context.new_page()
        page.add_init_script(FIRST_RENDER_JS)
        page.goto(
            f"http://127.0.0.1:{port}/index.html?boxes={boxes}&latency=0&drift=0",
            wait_until="commit",
        )
        page.wait_for_function("window.__firstRender !== undefined", timeout=TIMEOUT_MS)
        first = float(page.evaluate("window.__firstRender"))
        tiles = page.locator(".tile").count()
        heap = page.evaluate(HEAP_JS)
        updates: list[float] = []
        panel_updates: list[float] = []
        for k in range(UPDATES_PER_RUN):
            value = 90 + k + 0.3  # above any phase current of the fake: the tile shows it
            index = min(boxes - 1, (k * boxes) // UPDATES_PER_RUN + k % 3)
            total, panel = page.evaluate(
                UPDATE_JS, {"index": index, "value": value, "text": f"{value:.1f} A"}
            )
            updates.append(float(total))
            panel_updates.append(float(panel))
        return Run(
            first_ms=first,
            update_ms=statistics.median(updates),
            panel_update_ms=statistics.median(panel_updates),
            heap_mb=None if heap is None else heap / 1e6,
            tiles=tiles,
        )
    finally:
        context.close()


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _spread(values: list[float | None], digits: int) -> str:
    known = [v for v in values if v is not None]
    return f"{min(known):.{digits}f}–{max(known):.{digits}f}" if known else "n/a"


def report(results: dict[int, list[Run]], boxes: int, runs: int, version: str) -> None:
    """Print the table: medians, ranges, the ratio to 50 boxes, and the targets."""
    small, large = results[SMALL], results[boxes]
    print(
        f"Safe Power panel, overview: {SMALL} and {boxes} boxes, {runs} run(s) each, medians "
        f"(range); Chromium {version}, {platform.machine()}, {os.cpu_count()} CPUs"
    )
    for size, found in ((SMALL, small), (boxes, large)):
        tiles = sorted({r.tiles for r in found})
        status = "ok" if tiles == [size] else "WRONG"
        print(f"  tiles found at {size} boxes: {', '.join(map(str, tiles))} ({status})")
    print()
    rows: list[tuple[str, str, float | None, int]] = [
        ("first render (ms)", "first_ms", TARGET_FIRST_MS, 0),
        ("update (ms)", "update_ms", TARGET_UPDATE_MS, 1),
        ("  of it the panel", "panel_update_ms", None, 1),
        ("JS heap (MB)", "heap_mb", TARGET_HEAP_MB, 1),
    ]
    header = (
        f"{'':<18} {f'{SMALL} boxes':>20} {f'{boxes} boxes':>20} {'ratio':>7} "
        f"{f'target at {boxes}':>15}  result"
    )
    print(header)
    print("-" * len(header))
    for label, field, target, digits in rows:
        a = [getattr(r, field) for r in small]
        b = [getattr(r, field) for r in large]
        ma, mb = _median(a), _median(b)
        cell_a = "n/a" if ma is None else f"{ma:.{digits}f} ({_spread(a, digits)})"
        cell_b = "n/a" if mb is None else f"{mb:.{digits}f} ({_spread(b, digits)})"
        ratio = f"{mb / ma:.2f}" if ma and mb is not None else "n/a"
        if target is None:
            print(f"{label:<18} {cell_a:>20} {cell_b:>20} {ratio:>7}")
            continue
        verdict = "n/a" if mb is None else ("PASS" if mb <= target else "MISS")
        print(f"{label:<18} {cell_a:>20} {cell_b:>20} {ratio:>7} {f'≤ {target:g}':>15}  {verdict}")
    print()
    print(
        "update: from the state change to the tile showing it; the rest of it is the fake hass "
        "copying its states into a new object (as Home Assistant's websocket library does)."
    )
    print(
        "Targets are informative (this machine, headless, a fake hass answering at once); "
        "the real Home Assistant's own load and the network are not measured."
    )


def main() -> int:
    """Build, serve, measure 50 and --boxes boxes --runs times each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=500, help="the large fleet (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="page loads per size (default 5)")
    args = parser.parse_args()
    boxes = max(1, args.boxes)
    runs = max(1, args.runs)
    try:
        build_preview()
    except (OSError, subprocess.CalledProcessError) as err:
        detail = getattr(err, "stderr", None) or err
        print(f"Could not build the preview (node build.mjs --dev in frontend/): {detail}")
        return 0
    results: dict[int, list[Run]] = {SMALL: [], boxes: []}
    try:
        with serve(FRONTEND / "dev") as port, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--js-flags=--expose-gc", "--enable-precise-memory-info", "--no-sandbox"],
            )
            try:
                # Alternate the sizes, so that whatever else the machine does falls on both.
                for _ in range(runs):
                    for size in dict.fromkeys((SMALL, boxes)):
                        results[size].append(measure(browser, port, size))
                report(results, boxes, runs, browser.version)
            finally:
                browser.close()
    except PlaywrightError as err:
        print(f"The browser failed: {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
