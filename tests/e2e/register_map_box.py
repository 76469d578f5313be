"""A box written from docs/register-map.md alone, served by pyModbusTCP (not pymodbus).

What a device maker would build from the contract: no code of the integration or of the
simulator is used. Only unit 1 is there; the other unit ids get exception 0x0B, as a Modbus TCP
gateway answers for a device that does not respond. The box keeps its own, narrower range for
the leakage setting (30-1000 mA): a value beyond it is acknowledged but not kept, as detectors
that clamp silently do.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from pyModbusTCP.constants import (
    EXP_DATA_ADDRESS,
    EXP_DATA_VALUE,
    EXP_GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND,
    EXP_NONE,
)
from pyModbusTCP.server import DataHandler, ModbusServer

UNIT = 1
SERIAL = "RM24000001"
MODEL = "RM-400"
FIRMWARE = "0.9.1"
# Section 3.4: the command register and its values.
COMMAND, POWER_OFF, POWER_ON, ALARM_RESET, SELF_TEST = 200, 1, 2, 3, 4
SETTINGS = 210  # section 3.5: holding 210-215
LEAKAGE_SETTING = 213
LEAKAGE_KEPT = range(30, 1001)  # mA: what this detector itself accepts


def _string(text: str, registers: int) -> list[int]:
    raw = text.encode().ljust(registers * 2, b"\0")
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]


def _u32(value: int) -> list[int]:
    return [value >> 16, value & 0xFFFF]


def _s16(value: int) -> int:
    return value & 0xFFFF


class RegisterMapBox(DataHandler):  # type: ignore[misc]
    """Input registers 0-22 and 100-133, holding 200 and 210-215, as the contract lists them."""

    def __init__(self) -> None:
        """Fill the registers: a three-phase box at 230 V, 12.345 A, closed contactor."""
        super().__init__()
        self.lock = Lock()
        self.input: dict[int, int] = {}
        self.holding: dict[int, int] = {COMMAND: 0}
        self.commands: list[int] = []
        identity = [
            0x5350,  # 0: signature "SP"
            1,  # 1: map version
            *_string(MODEL, 8),  # 2-9
            *_string(SERIAL, 8),  # 10-17
            *_string(FIRMWARE, 4),  # 18-21
            3,  # 22: phases
        ]
        telemetry = [
            0,  # 100: alarm word
            1,  # 101: status, bit 0 = contactor closed
            2301,  # 102-104: phase voltages, 0.1 V
            2298,
            2305,
            3985,  # 105-107: line voltages, 0.1 V
            3983,
            3990,
            *_u32(12345),  # 108-115: currents, 0.001 A; no neutral sensor
            *_u32(11020),
            *_u32(13400),
            0xFFFF,
            0xFFFF,
            125,  # 116: leakage, 0.1 mA
            315,  # 117-120: cable temperatures, 0.1 °C; none on the neutral
            309,
            321,
            0x7FFF,
            _s16(-52),  # 121: box temperature -5.2 °C (an unheated plant room in winter)
            *_u32(8220),  # 122-129: active power, W
            *_u32(2700),
            *_u32(2420),
            *_u32(3100),
            950,  # 130: power factor, 0.001
            5001,  # 131: frequency, 0.01 Hz
            *_u32(123456),  # 132-133: energy, 0.01 kWh
        ]
        self.input.update(enumerate(identity))
        self.input.update(enumerate(telemetry, start=100))
        # 210-215: overcurrent 63.0 A, cable 70.0 °C, box 60.0 °C, leakage 300 mA, 253.0/198.0 V
        self.holding.update(enumerate([630, 700, 600, 300, 2530, 1980], start=SETTINGS))

    @staticmethod
    def _absent(srv_info: Any) -> DataHandler.Return | None:
        if srv_info.recv_frame.mbap.unit_id != UNIT:
            return DataHandler.Return(exp_code=EXP_GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND)
        return None

    def _read(self, table: dict[int, int], address: int, count: int) -> DataHandler.Return:
        with self.lock:
            if any(a not in table for a in range(address, address + count)):
                return DataHandler.Return(exp_code=EXP_DATA_ADDRESS)
            return DataHandler.Return(
                exp_code=EXP_NONE, data=[table[a] for a in range(address, address + count)]
            )

    def read_i_regs(self, address: int, count: int, srv_info: Any) -> DataHandler.Return:
        """Function code 04."""
        return self._absent(srv_info) or self._read(self.input, address, count)

    def read_h_regs(self, address: int, count: int, srv_info: Any) -> DataHandler.Return:
        """Function code 03."""
        return self._absent(srv_info) or self._read(self.holding, address, count)

    def write_h_regs(self, address: int, words: list[int], srv_info: Any) -> DataHandler.Return:
        """Function codes 06 and 16: a command, or settings (a leakage beyond 1000 mA not kept)."""
        if (absent := self._absent(srv_info)) is not None:
            return absent
        with self.lock:
            if address == COMMAND and len(words) == 1:
                return self._command(words[0])
            span = range(address, address + len(words))
            if not all(SETTINGS <= a < SETTINGS + 6 for a in span):
                return DataHandler.Return(exp_code=EXP_DATA_ADDRESS)
            for a, word in zip(span, words, strict=True):
                if a != LEAKAGE_SETTING or word in LEAKAGE_KEPT:
                    self.holding[a] = word
            return DataHandler.Return(exp_code=EXP_NONE)

    def _command(self, value: int) -> DataHandler.Return:
        if value not in (POWER_OFF, POWER_ON, ALARM_RESET, SELF_TEST):
            return DataHandler.Return(exp_code=EXP_DATA_VALUE)
        self.commands.append(value)
        if value in (POWER_OFF, POWER_ON):
            self.input[101] = int(value == POWER_ON)
        return DataHandler.Return(exp_code=EXP_NONE)


def serve(port: int) -> tuple[ModbusServer, RegisterMapBox]:
    """Serve the box on 127.0.0.1:`port` in pyModbusTCP's own threads."""
    box = RegisterMapBox()
    server = ModbusServer("127.0.0.1", port, no_block=True, data_hdl=box)
    server.start()
    return server, box
