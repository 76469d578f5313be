"""The committed blueprints are exactly what their generator writes (edit the generator)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GENERATOR = ROOT / "scripts" / "blueprints" / "generate.py"
BLUEPRINTS = ROOT / "blueprints" / "automation" / "safe_power"


def test_blueprints_match_their_generator() -> None:
    spec = importlib.util.spec_from_file_location("generate_blueprints", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render()
    assert sorted(rendered) == sorted(p.name for p in BLUEPRINTS.glob("*.yaml"))
    for name, text in rendered.items():
        assert (BLUEPRINTS / name).read_text(encoding="utf-8") == text, (
            f"{name} differs from scripts/blueprints: run scripts/blueprints/generate.py"
        )
