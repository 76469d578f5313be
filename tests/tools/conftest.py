"""Fixtures for the MQTT tools' tests: a real mosquitto broker on 127.0.0.1 and a test client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
import datetime as dt
import logging
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from custom_components.safe_power.box import poller
from safe_power_tools.mqtt_common import MOSQUITTO, MosquittoBroker, MqttProbe


@pytest.fixture
async def mosquitto(socket_enabled: None) -> AsyncIterator[MosquittoBroker]:
    """A running mosquitto; `mosquitto.port` is its port, `restart()` restarts it."""
    if not os.access(MOSQUITTO, os.X_OK):
        pytest.skip("mosquitto is not installed")
    broker = MosquittoBroker()
    await broker.start()
    yield broker
    await broker.stop()
    broker.cleanup()


@pytest.fixture
async def probe(mosquitto: MosquittoBroker) -> AsyncIterator[MqttProbe]:
    """A test client subscribed to every topic of the broker, recording what it sees."""
    client = MqttProbe(mosquitto.port)
    await client.start()
    yield client
    await client.stop()


@pytest.fixture(autouse=True)
def quiet_pymodbus() -> Iterator[None]:
    """pymodbus logs every timeout as an error; here the timeouts are the point."""
    logger = logging.getLogger("pymodbus")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """A box that stopped answering is asked again after 0.3 s instead of 10 s."""
    monkeypatch.setattr(poller, "BACKOFF_FIRST", 0.3)
    monkeypatch.setattr(poller, "BACKOFF_MAX", 0.3)


@dataclass(frozen=True)
class Certificates:
    """A test CA, a broker certificate signed by it and a client certificate signed by it."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _key_and_cert(
    folder: Path,
    name: str,
    issuer: tuple[ec.EllipticCurvePrivateKey, x509.Name] | None,
    *,
    ca: bool = False,
    dns: str | None = None,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    signer, issuer_name = issuer if issuer is not None else (key, subject)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if dns is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(dns)]), critical=False
        )
    cert = builder.sign(signer, hashes.SHA256())
    (folder / f"{name}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key, cert


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    """A CA, a broker certificate for the name `broker.test` (not 127.0.0.1) and a client one."""
    ca_key, ca_cert = _key_and_cert(tmp_path, "ca", None, ca=True)
    issuer = (ca_key, ca_cert.subject)
    _key_and_cert(tmp_path, "server", issuer, dns="broker.test")
    _key_and_cert(tmp_path, "client", issuer)
    return Certificates(
        ca=tmp_path / "ca.crt",
        server_cert=tmp_path / "server.crt",
        server_key=tmp_path / "server.key",
        client_cert=tmp_path / "client.crt",
        client_key=tmp_path / "client.key",
    )
