"""Write the automation blueprints from their shared parts.

The nine blueprints in `blueprints/automation/safe_power/` share most of their text (inputs,
messages in two languages, recipients, escalation, follow-ups). A blueprint cannot include
another file, so they are generated: edit `common.py`, `causes.py` (overload, over-temperature,
leakage, supply, device fault) or `others.py` (neighbour correlation, offline), then run

    .venv/bin/python scripts/blueprints/generate.py

`tests/blueprints/test_generated.py` fails when a committed blueprint differs from what this
writes.
"""

from __future__ import annotations

from pathlib import Path
import sys

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "blueprints" / "automation" / "safe_power"
sys.path.insert(0, str(HERE))

import causes  # noqa: E402
import monthly  # noqa: E402
import others  # noqa: E402
import warning  # noqa: E402


def render() -> dict[str, str]:
    """Return every blueprint's file name and text."""
    files = {f"{name}.yaml": causes.render(name) for name in causes.SPECS}
    files.update({f"{name}.yaml": text for name, text in others.render_all().items()})
    files["early_warning.yaml"] = warning.render()
    files["monthly_report.yaml"] = monthly.render()
    return files


def main() -> None:
    """Write the blueprints."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
