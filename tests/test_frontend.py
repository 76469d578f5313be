"""The committed panel bundle is what its TypeScript source builds to.

HACS users get the bundle as committed; a change to `frontend/src` without rebuilding would
ship the old panel. The build is deterministic, so the check is byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
BUNDLE = ROOT / "custom_components" / "safe_power" / "frontend" / "safe-power-panel.js"


def _need_build_tools() -> None:
    """Skip on a machine without npm; in CI (where scripts/setup installs them) fail."""
    if shutil.which("node") is not None and (FRONTEND / "node_modules").is_dir():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI has no frontend build tools: scripts/setup should have installed them")
    pytest.skip("scripts/setup installs the build tools where npm is available")


def test_the_committed_bundle_matches_its_source(tmp_path: Path) -> None:
    _need_build_tools()
    built = tmp_path / "safe-power-panel.js"
    subprocess.run(
        ["node", "build.mjs", "--out", str(built)], cwd=FRONTEND, check=True, timeout=120
    )
    assert built.read_bytes() == BUNDLE.read_bytes(), (
        "custom_components/safe_power/frontend/safe-power-panel.js is out of date: "
        "run `npm run build` in frontend/ and commit it"
    )


def test_the_typescript_is_strict_and_clean() -> None:
    _need_build_tools()
    result = subprocess.run(
        ["npx", "--no-install", "tsc", "--noEmit"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
