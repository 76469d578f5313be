"""The profile checker: what a valid profile gives, and the error of a broken one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.safe_power.box.profile import PROFILES_DIR
from safe_power_tools.profile_check import main


def test_shipped_profiles_are_described(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(p) for p in sorted(PROFILES_DIR.glob("*.json"))]) == 0
    out = capsys.readouterr().out
    assert "safe_power_reference: Safe Power SP-400 reference box (3-phase)" in out
    assert "telemetry reads: 04 @100 ×34" in out
    assert "settings reads:  03 @210 ×6" in out
    assert "leakage_threshold 10–3000" in out


def test_a_broken_profile_is_named_with_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "my_detector.json"
    good.write_text(
        json.dumps(
            {
                "schema": 1,
                "id": "my_detector",
                "manufacturer": "Maker",
                "model": "RCM-4",
                "measurements": {"leakage_current": {"table": "holding", "address": 0}},
                "settings": {
                    "leakage_threshold": {"table": "holding", "address": 8, "min": 30, "max": 1000}
                },
            }
        ),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1, "id": "broken",', encoding="utf-8")
    assert main([str(good), str(broken)]) == 1
    captured = capsys.readouterr()
    assert "leakage_threshold 30–1000" in captured.out
    assert captured.err.startswith("error: broken.json: line 1:")
