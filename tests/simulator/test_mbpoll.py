"""The simulator seen by an independent Modbus client: Debian's `mbpoll` (libmodbus).

mbpoll runs as a subprocess of the test's event loop, so the simulator in the same loop answers.
"""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest
from sim_helpers import val

from custom_components.safe_power.box.profile import Profile, Table
from safe_power_tools.simulator.server import SimulatedGateway

MBPOLL = shutil.which("mbpoll")
pytestmark = [
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.skipif(MBPOLL is None, reason="mbpoll is not installed (apt-get install mbpoll)"),
]
_LINE = re.compile(r"^\[(\d+)\]:\s+(-?\d+)", re.MULTILINE)


async def mbpoll(port: int, *args: str) -> tuple[int, dict[int, int], str]:
    """Run mbpoll once against the simulator; return its exit code, the values and stderr."""
    assert MBPOLL is not None
    proc = await asyncio.create_subprocess_exec(
        MBPOLL,
        "-m",
        "tcp",
        "-p",
        str(port),
        "-1",
        "-o",
        "0.5",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(10):
        out, err = await proc.communicate()
    assert proc.returncode is not None
    values = {int(a): int(v) for a, v in _LINE.findall(out.decode())}
    return proc.returncode, values, err.decode()


async def test_telemetry_matches_the_register_map(sim: SimulatedGateway, profile: Profile) -> None:
    box = sim.boxes[2]
    sim.tick(3.0)
    await sim.push()
    rc, values, _ = await mbpoll(
        sim.port, "-a", "2", "-t", "3", "-0", "-r", "100", "-c", "34", "127.0.0.1"
    )
    assert rc == 0
    expected = box.registers()[Table.INPUT]
    assert values == {a: expected[a] for a in range(100, 134)}
    assert values[100] == 0  # no alarm
    assert values[101] == 1  # contactor closed
    assert values[102] == round(val(box, "voltage_a") * 10)
    assert values[116] == round(val(box, "leakage_current") * 10)
    # mbpoll counts from 1 unless -0: reference 103 is protocol address 102 (voltage A).
    rc, values, _ = await mbpoll(sim.port, "-a", "2", "-t", "3", "-r", "103", "127.0.0.1")
    assert values == {103: round(val(box, "voltage_a") * 10)}
    # 32-bit values, high word first: current A in mA.
    rc, values, _ = await mbpoll(
        sim.port, "-a", "2", "-t", "3:int", "-B", "-0", "-r", "108", "127.0.0.1"
    )
    assert rc == 0
    assert values == {108: round(val(box, "current_a") * 1000)}
    assert profile.measurements["current_a"].address == 108


async def test_identity_and_settings(sim: SimulatedGateway) -> None:
    rc, values, _ = await mbpoll(
        sim.port, "-a", "3", "-t", "3", "-0", "-r", "0", "-c", "23", "127.0.0.1"
    )
    assert rc == 0
    assert values[0] == 0x5350
    assert values[1] == 1  # map version
    assert values[22] == 3  # phases
    assert values[10] == int.from_bytes(b"SP")  # serial "SP24T0003"
    rc, values, _ = await mbpoll(
        sim.port, "-a", "1", "-t", "4", "-0", "-r", "210", "-c", "6", "127.0.0.1"
    )
    assert rc == 0
    assert list(values.values()) == [630, 700, 600, 300, 2530, 1980]


async def test_command_write_and_scenario(sim: SimulatedGateway) -> None:
    rc, _, err = await mbpoll(sim.port, "-a", "3", "-t", "4", "-0", "-r", "200", "127.0.0.1", "1")
    assert rc == 0, err  # libmodbus checks the echo of a write
    assert not sim.boxes[3].contactor_closed
    sim.boxes[2].set_scenario("phase_loss")
    sim.tick(1.0)
    await sim.push()
    rc, values, _ = await mbpoll(
        sim.port, "-a", "2", "-t", "3", "-0", "-r", "100", "-c", "5", "127.0.0.1"
    )
    assert rc == 0
    assert values[100] == 1 << 6 | 1 << 7  # phase_loss, and unbalance: no current on C
    assert values[104] == 0  # voltage C
    rc, values, _ = await mbpoll(sim.port, "-a", "3", "-t", "3", "-0", "-r", "101", "127.0.0.1")
    assert values == {101: 0}  # contactor open


async def test_faults_seen_by_mbpoll(sim: SimulatedGateway) -> None:
    sim.boxes[1].set_scenario("offline")
    rc, values, err = await mbpoll(sim.port, "-a", "1", "-t", "3", "-0", "-r", "100", "127.0.0.1")
    assert rc != 0
    assert not values
    assert "timed out" in err.lower()
    sim.boxes[2].set_fault("exception")
    rc, _, err = await mbpoll(sim.port, "-a", "2", "-t", "3", "-0", "-r", "100", "127.0.0.1")
    assert rc != 0
    assert "slave device or server failure" in err.lower()
    rc, _, err = await mbpoll(sim.port, "-a", "9", "-t", "3", "-0", "-r", "100", "127.0.0.1")
    assert rc != 0
    assert "target device failed to respond" in err.lower()
    rc, values, _ = await mbpoll(sim.port, "-a", "3", "-t", "3", "-0", "-r", "100", "127.0.0.1")
    assert rc == 0
    assert values == {100: 0}
