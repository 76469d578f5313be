"""A virtual serial port whose far end is the simulator: RS-485 without hardware.

`socat` makes a pseudo-terminal (linked at a path such as /tmp/ttySP0) and relays its bytes to
the simulator's RTU-over-TCP port, so a Modbus RTU master that opens the path talks to the
simulated boxes exactly as it would to an RS-485 adapter. The pty survives the master closing
and reopening it (`ignoreeof`), as a real adapter does.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import shutil
import subprocess

START_TIMEOUT = 5.0  # seconds for socat to create the pty


class SerialLinkError(RuntimeError):
    """The virtual serial port could not be made."""


class SerialLink:
    """A pty at `path` relayed to an RTU-over-TCP port on 127.0.0.1."""

    def __init__(self, path: Path | str, tcp_port: int, host: str = "127.0.0.1") -> None:
        """Describe the link; `start()` makes it."""
        self.path = Path(path)
        self.tcp_port = tcp_port
        self.host = host
        self._process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        """Start socat and wait until the pty's path exists."""
        socat = shutil.which("socat")
        if socat is None:
            raise SerialLinkError("socat is not installed (Debian package socat)")
        self._process = subprocess.Popen(  # noqa: ASYNC220, S603  (a long-running helper)
            [
                socat,
                f"pty,link={self.path},raw,echo=0,ignoreeof",
                f"tcp:{self.host}:{self.tcp_port}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while not self.path.exists():
            if self._process.poll() is not None or loop.time() > deadline:
                error = self._process.stderr.read().decode() if self._process.stderr else ""
                await self.stop()
                raise SerialLinkError(f"socat did not make {self.path}: {error.strip()}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        """Stop socat (the pty goes with it)."""
        if self._process is None:
            return
        process, self._process = self._process, None
        if process.poll() is None:
            process.terminate()
            try:
                await asyncio.to_thread(process.wait, 5)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait)
        if process.stderr:
            process.stderr.close()
