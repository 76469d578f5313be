"""Check device profiles before installing them: `python -m safe_power_tools.profile_check F…`.

For each file: the error, naming the file and the offending key (exit status 1), or what the
integration will do with it: the reads it plans for each lane, function code, first register
and count, and the measurements, settings (with their ranges), alarms and commands it has.
"""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from custom_components.safe_power.box.profile import (
    Block,
    Profile,
    ProfileError,
    Table,
    load_profile,
)

_FUNCTION: dict[Table, str] = {Table.INPUT: "04", Table.HOLDING: "03"}


def _reads(blocks: tuple[Block, ...]) -> str:
    return ", ".join(f"{_FUNCTION[b.table]} @{b.address} ×{b.count}" for b in blocks) or "none"


def describe(profile: Profile) -> list[str]:
    """Return what the integration makes of a valid profile, line by line."""
    settings = [
        f"{key} {low:g}–{high:g}"
        for key in sorted(profile.settings)
        for low, high in [profile.setting_range(key)]
    ]
    alarms = sorted(profile.alarms.bits) if profile.alarms else []
    commands = profile.commands
    return [
        f"{profile.id}: {profile.manufacturer} {profile.model} ({profile.phases}-phase)",
        f"  telemetry reads: {_reads(profile.telemetry_plan())}",
        f"  status reads:    {_reads(profile.status_plan())}",
        f"  settings reads:  {_reads(profile.settings_plan())}",
        f"  measurements:    {', '.join(sorted(profile.measurements))}",
        f"  settings:        {', '.join(settings) or 'none'}",
        f"  alarms:          {', '.join(alarms) or 'none'}",
        "  contactor:       "
        + ("commands at holding " + str(commands.field.address) if commands else "no control"),
        "  identified by:   "
        + ("its signature register" if profile.signature else "reading its whole telemetry plan"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Check each file; print what it gives, or why it is refused."""
    parser = argparse.ArgumentParser(
        prog="python -m safe_power_tools.profile_check", description=__doc__.splitlines()[0]
    )
    parser.add_argument("files", nargs="+", type=Path, help="profile JSON files")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.files:
        try:
            profile = load_profile(path)
        except ProfileError as err:
            sys.stderr.write(f"error: {err}\n")
            failed += 1
            continue
        sys.stdout.write("\n".join(describe(profile)) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
