"""Prepare a running development Home Assistant: onboarding, then the Safe Power gateway.

Called by scripts/develop once Home Assistant answers on its port. It only uses Home
Assistant's public HTTP API, as the frontend does: the onboarding steps create the owner
account, then the integration's real config flow adds the simulated gateway and names and
places every box from the fleet file. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
import sys
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

CLIENT_ID = "http://127.0.0.1:8123/"


def call(
    base: str, path: str, body: Any = None, token: str | None = None, form: bool = False
) -> Any:
    """POST (or GET without a body) and return the decoded JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read() or b"null")


def wait_for(base: str, seconds: float) -> None:
    """Wait until Home Assistant answers HTTP."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            call(base, "/api/onboarding")
        except urllib.error.URLError, ConnectionError, TimeoutError:
            if time.monotonic() > deadline:
                sys.exit("Home Assistant did not start in time: see the log above")
            time.sleep(1)
        else:
            return


def onboard(base: str, user: str, password: str) -> str | None:
    """Create the owner account if onboarding is pending; return an access token."""
    steps = {step["step"]: step["done"] for step in call(base, "/api/onboarding")}
    if steps.get("user"):
        return login(base, user, password)
    answer = call(
        base,
        "/api/onboarding/users",
        {
            "client_id": CLIENT_ID,
            "name": "Developer",
            "username": user,
            "password": password,
            "language": "en",
        },
    )
    token = call(
        base,
        "/auth/token",
        {"grant_type": "authorization_code", "code": answer["auth_code"], "client_id": CLIENT_ID},
        form=True,
    )["access_token"]
    call(base, "/api/onboarding/core_config", {}, token)
    call(base, "/api/onboarding/analytics", {}, token)
    call(
        base,
        "/api/onboarding/integration",
        {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
        token,
    )
    return str(token)


def login(base: str, user: str, password: str) -> str | None:
    """Log in with the login flow and return an access token (None if it fails)."""
    flow = call(
        base,
        "/auth/login_flow",
        {"client_id": CLIENT_ID, "handler": ["homeassistant", None], "redirect_uri": CLIENT_ID},
    )
    result = call(
        base,
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": CLIENT_ID, "username": user, "password": password},
    )
    if result.get("type") != "create_entry":
        return None
    answer = call(
        base,
        "/auth/token",
        {"grant_type": "authorization_code", "code": result["result"], "client_id": CLIENT_ID},
        form=True,
    )
    return str(answer["access_token"])


def add_gateway(base: str, token: str, port: int, fleet: list[dict[str, Any]]) -> None:
    """Run the integration's config flow against the simulator, once."""
    entries = call(base, "/api/config/config_entries/entry", None, token)
    if any(e["domain"] == "safe_power" for e in entries):
        print("The Safe Power gateway is already set up.")
        return
    flow = call(base, "/api/config/config_entries/flow", {"handler": "safe_power"}, token)
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    step = call(base, path, {"transport": "tcp"}, token)
    step = call(base, path, {"host": "127.0.0.1", "port": port}, token)
    units = [box["unit_id"] for box in fleet]
    step = call(base, path, {"first_unit": min(units), "last_unit": max(units)}, token)
    if step.get("step_id") != "boxes":
        sys.exit(f"The scan found no boxes: {step}")
    step = call(base, path, {"boxes": [str(u) for u in units]}, token)
    by_unit = {box["unit_id"]: box for box in fleet}
    while step.get("step_id") == "box":
        box = by_unit[int(step["description_placeholders"]["unit"])]
        details = {"name": box["name"], "location": box.get("location", "")}
        details |= {k: box[k] for k in ("x", "y", "floor") if box.get(k) is not None}
        step = call(base, path, details, token)
    if step.get("type") != "create_entry":
        sys.exit(f"The config flow did not finish: {step}")
    print(f"Added the gateway with {len(units)} boxes.")


def main() -> None:
    """Parse the arguments and prepare Home Assistant."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--user", default="dev")
    parser.add_argument("--password", default="safepower")
    parser.add_argument("--modbus-port", type=int, required=True)
    parser.add_argument("--fleet", type=Path, required=True)
    args = parser.parse_args()
    wait_for(args.url, 300)
    token = onboard(args.url, args.user, args.password)
    if token is None:
        print("Could not log in as the development user: the gateway is not added.")
        return
    fleet = json.loads(args.fleet.read_text(encoding="utf-8"))["boxes"]
    add_gateway(args.url, token, args.modbus_port, fleet)


if __name__ == "__main__":
    main()
